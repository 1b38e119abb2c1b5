import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Chart, ChartBar } from './chart';

type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

const yLabel = (tick: Chart['yTicks'][number]): Markup =>
  html`<text x="100%" dx="-6" y="${tick.y}%" dy="0.35em" text-anchor="end">${tick.label}</text>`;

const xLabel = (tick: Chart['xTicks'][number]): Markup =>
  tick.minor
    ? html`<text class="minor" x="${tick.x}%" y="14" text-anchor="middle">${tick.label}</text>`
    : html`<text x="${tick.x}%" y="14" text-anchor="middle">${tick.label}</text>`;

const gap = ({ x }: Chart['gaps'][number]): Markup =>
  html`<rect class="gap" x="${x}" y="0" width="1" height="100"></rect>`;

const line = (className: string, slots: number, y: number): Markup =>
  html`<line class="${className}" x1="0" x2="${slots}" y1="${y}" y2="${y}"></line>`;

const bar = (className: string, { x, y, width, height, title }: ChartBar): Markup =>
  html`<rect class="${className}" x="${x}" y="${y}" width="${width}" height="${height}"><title>${title}</title></rect>`;

/**
 * The chart as three SVGs in a grid: the y axis' labels, the plot (stretched to the width: its
 * user units are slots across and percent down) and the x axis' labels. Labels sit outside the
 * stretched plot, so text keeps its CSS size at any width. The whole is one image for assistive
 * technology, named by `label`; its figures follow as a table.
 *
 * hono/html templates, not JSX: a month's chart is a hundred elements and more, which templates
 * render several times faster, escaping every value they are given just the same.
 */
export function chartSvg(chart: Chart, label: string, seriesClasses: readonly string[]): Markup {
  const grid = chart.yTicks.map((tick) => line('grid', chart.slots, tick.y));
  const bars = chart.bars.map((each) => bar(seriesClasses[each.series] ?? 'bar', each));
  const baseline = line('baseline', chart.slots, chart.zeroY);
  return html`<div class="chart-frame" role="img" aria-label="${label}">
<svg class="y-axis" aria-hidden="true">${chart.yTicks.map(yLabel)}</svg>
<svg class="plot" viewBox="0 0 ${chart.slots} 100" preserveAspectRatio="none" aria-hidden="true">
${chart.gaps.map(gap)}${grid}${bars}${baseline}
</svg>
<svg class="x-axis" aria-hidden="true">${chart.xTicks.map(xLabel)}</svg>
</div>`;
}
