import type { FC } from 'hono/jsx';
import type { Chart } from './chart';

/**
 * The chart as SVG, with a title and a description for assistive technology. Every text goes
 * through hono/jsx, which escapes it: labels and titles may hold whatever the figures give.
 */
export const ChartSvg: FC<{ chart: Chart; title: string; description: string }> = ({
  chart,
  title,
  description,
}) => {
  const { plot } = chart;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${chart.width} ${chart.height}`}
      role="img"
      aria-labelledby="chart-title chart-desc"
    >
      <title id="chart-title">{title}</title>
      <desc id="chart-desc">{description}</desc>
      {chart.yTicks.map((tick) => (
        <>
          <line class="grid" x1={plot.left} x2={plot.right} y1={tick.y} y2={tick.y} />
          <text class="axis" x={plot.left - 6} y={tick.y + 4} text-anchor="end">
            {tick.label}
          </text>
        </>
      ))}
      {chart.gaps.map((gap) => (
        <rect
          class="gap"
          x={gap.x}
          y={plot.top}
          width={gap.width}
          height={plot.bottom - plot.top}
        />
      ))}
      {chart.bars.map((bar) => (
        <rect class="bar" x={bar.x} y={bar.y} width={bar.width} height={bar.height}>
          <title>{bar.title}</title>
        </rect>
      ))}
      <line class="baseline" x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
      {chart.xTicks.map((tick) => (
        <text class="axis" x={tick.x} y={plot.bottom + 18} text-anchor="middle">
          {tick.label}
        </text>
      ))}
    </svg>
  );
};
