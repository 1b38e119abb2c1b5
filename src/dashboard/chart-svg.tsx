import type { FC } from 'hono/jsx';
import type { Chart } from './chart';

/**
 * The chart as three SVGs in a grid: the y axis' labels, the plot (stretched to the width: its
 * user units are slots across and percent down) and the x axis' labels. Labels sit outside the
 * stretched plot, so text keeps its CSS size at any width. The whole is one image for assistive
 * technology, named by `label`; its figures follow as a table. Every text goes through hono/jsx,
 * which escapes it.
 */
export const ChartSvg: FC<{ chart: Chart; label: string; seriesClasses: readonly string[] }> = ({
  chart,
  label,
  seriesClasses,
}) => (
  <div class="chart-frame" role="img" aria-label={label}>
    <svg class="y-axis" aria-hidden="true">
      {chart.yTicks.map((tick) => (
        <text x="100%" dx="-6" y={`${tick.y}%`} dy="0.35em" text-anchor="end">
          {tick.label}
        </text>
      ))}
    </svg>
    <svg
      class="plot"
      viewBox={`0 0 ${chart.slots} 100`}
      preserveAspectRatio="none"
      aria-hidden="true"
    >
      {chart.gaps.map((gap) => (
        <rect class="gap" x={gap.x} y="0" width="1" height="100" />
      ))}
      {chart.yTicks.map((tick) => (
        <line class="grid" x1="0" x2={chart.slots} y1={tick.y} y2={tick.y} />
      ))}
      {chart.bars.map((bar) => (
        <rect
          class={seriesClasses[bar.series] ?? 'bar'}
          x={bar.x}
          y={bar.y}
          width={bar.width}
          height={bar.height}
        >
          <title>{bar.title}</title>
        </rect>
      ))}
      <line class="baseline" x1="0" x2={chart.slots} y1={chart.zeroY} y2={chart.zeroY} />
    </svg>
    <svg class="x-axis" aria-hidden="true">
      {chart.xTicks.map((tick) => (
        <text class={tick.minor ? 'minor' : undefined} x={`${tick.x}%`} y="14" text-anchor="middle">
          {tick.label}
        </text>
      ))}
    </svg>
  </div>
);
