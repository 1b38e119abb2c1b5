import { html } from 'hono/html';
import type { FC } from 'hono/jsx';
import { intervalsFrom } from '../energy/calendar';
import { SLOT_OF_PERIOD } from '../energy/dashboard-periods';
import type { UsageInterval } from '../energy/usage-pages';
import { barChart, type ChartSlot } from './chart';
import { chartSvg } from './chart-svg';
import type { DashboardView } from './dashboard-view';
import { clockTime, dayLabel, kwhNumber, kwhText, monthLabel, periodLabel } from './format';

/** One calendar slot of the period, and its figures when it holds data. */
interface PeriodSlot {
  readonly start: number;
  readonly end: number;
  readonly figures: UsageInterval | undefined;
}

/** Every slot of the period, in order, each with the figures of the data in it. */
function periodSlots(view: DashboardView): PeriodSlot[] {
  const { period, timeZone, intervals } = view.figures;
  const { intervals: slots } = intervalsFrom(
    timeZone,
    SLOT_OF_PERIOD[period.kind],
    period.start,
    period.end,
    period.end,
    100,
  );
  let next = 0;
  return slots.map(([start, end]) => {
    while (next < intervals.length && (intervals[next]?.start ?? 0) < start) next++;
    const figures = intervals[next];
    const inSlot = figures !== undefined && figures.start < end;
    return { start, end, figures: inSlot ? figures : undefined };
  });
}

/** What a slot is called: `07:30`, `Mon 23 Nov`, `Nov`. */
function slotName(view: DashboardView, start: number): string {
  const { period, timeZone } = view.figures;
  if (period.kind === 'day') return clockTime(start, timeZone);
  if (period.kind === 'year') return periodLabel('month', start, timeZone);
  return dayLabel(start, timeZone);
}

/** The label under a slot, if it has one; minor labels give way on narrow screens. */
function slotTick(view: DashboardView, start: number, index: number): ChartSlot['tick'] {
  const { period, timeZone } = view.figures;
  if (period.kind === 'day') {
    return index % 6 === 0
      ? { label: clockTime(start, timeZone), minor: index % 12 !== 0 }
      : undefined;
  }
  if (period.kind === 'year') return { label: monthLabel(start, timeZone), minor: index % 2 === 1 };
  const [weekday = '', dayOfMonth = ''] = dayLabel(start, timeZone).split(' ');
  if (period.kind === 'week') return { label: weekday, minor: false };
  const day = Number(dayOfMonth);
  return day === 1 || day % 5 === 0
    ? { label: dayOfMonth, minor: day % 10 !== 0 && day !== 1 }
    : undefined;
}

/** Each slot's bars: energy used (and exported), or the net cost to the account. */
function chartSlots(view: DashboardView, slots: readonly PeriodSlot[]): ChartSlot[] {
  const { hasExport } = view.figures;
  return slots.map(({ start, figures }, index): ChartSlot => {
    const name = slotName(view, start);
    const tick = slotTick(view, start, index);
    if (figures === undefined) return { values: null, tick, titles: [] };
    if (view.measure === 'cost') {
      return figures.cost === null
        ? { values: null, tick, titles: [] }
        : { values: [figures.cost], tick, titles: [`${name}: ${view.money.amount(figures.cost)}`] };
    }
    const used = { value: figures.kwh, title: `${name}: ${kwhText(figures.kwh)} used` };
    const exported = figures.exportKwh ?? 0;
    const series = hasExport
      ? [used, { value: exported, title: `${name}: ${kwhText(exported)} exported` }]
      : [used];
    return { values: series.map((s) => s.value), tick, titles: series.map((s) => s.title) };
  });
}

const SLOT_WORDS = {
  day: 'each half hour',
  week: 'each day',
  month: 'each day',
  year: 'each month',
};

/** The period's usage as a bar chart, and the same figures as a table. */
export const UsageChart: FC<{ view: DashboardView; title: string }> = ({ view, title }) => {
  const { figures, measure, money } = view;
  const slots = periodSlots(view);
  const unit =
    measure === 'kwh' ? (value: number) => `${Number(value.toPrecision(3))} kWh` : money.amount;
  const chart = barChart(chartSlots(view, slots), unit);
  const what =
    measure === 'kwh'
      ? figures.hasExport
        ? 'Energy used and exported'
        : 'Energy used'
      : 'Net cost';
  const slotWords = SLOT_WORDS[figures.period.kind];
  return (
    <section aria-labelledby="usage">
      <h2 id="usage">{`${what} ${slotWords}`}</h2>
      <figure class="chart">
        {chartSvg(
          chart,
          `${what} ${slotWords}, ${title}. Slots without data are left empty; the figures follow as a table.`,
          ['bar', 'bar export'],
        )}
        {measure === 'kwh' && figures.hasExport && (
          <figcaption class="legend">
            <span class="key" aria-hidden="true" /> Used{' '}
            <span class="key export" aria-hidden="true" /> Exported
          </figcaption>
        )}
      </figure>
      <FiguresTable view={view} slots={slots} />
    </section>
  );
};

/**
 * A row of the figures' table: a hono/html template, not JSX, since a period has up to 48 of them
 * (templates render several times faster, escaping every value alike).
 */
function figuresRow(view: DashboardView, { start, figures }: PeriodSlot) {
  const { hasExport } = view.figures;
  const name = slotName(view, start);
  if (figures === undefined) {
    return html`<tr><th scope="row">${name}</th><td colspan="${hasExport ? 3 : 2}">no data</td></tr>`;
  }
  const exported = hasExport ? html`<td>${kwhNumber(figures.exportKwh ?? 0)}</td>` : '';
  const cost = figures.cost === null ? '–' : view.money.amount(figures.cost);
  return html`<tr><th scope="row">${name}</th><td>${kwhNumber(figures.kwh)}</td>${exported}<td>${cost}</td></tr>`;
}

const FiguresTable: FC<{ view: DashboardView; slots: readonly PeriodSlot[] }> = ({
  view,
  slots,
}) => {
  const { hasExport, period } = view.figures;
  return (
    <details>
      <summary>The chart's figures as a table</summary>
      <table class="figures">
        <caption>{`${period.kind === 'day' ? 'Each half hour' : period.kind === 'year' ? 'Each month' : 'Each day'}`}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Used (kWh)</th>
            {hasExport && <th scope="col">Exported (kWh)</th>}
            <th scope="col">{hasExport ? 'Net cost' : 'Cost'}</th>
          </tr>
        </thead>
        <tbody>{slots.map((slot) => figuresRow(view, slot))}</tbody>
      </table>
    </details>
  );
};
