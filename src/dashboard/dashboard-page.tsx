import type { FC } from 'hono/jsx';
import { intervalsFrom } from '../energy/calendar';
import type { Comparison } from '../energy/comparison';
import type { LocalDate } from '../energy/time-zone';
import type { DashboardFigures } from '../energy/usage-pages';
import { barChart, type ChartSlot } from './chart';
import { ChartSvg } from './chart-svg';
import { clockTime, dayLabel, kwhText, moneyText, periodLabel } from './format';

/** What the bars show. */
export type Measure = 'kwh' | 'cost';

export interface DashboardView {
  readonly smartMeterId: string;
  /** The customer's name, when the meter is one of the trial customers'. */
  readonly customer: string | undefined;
  readonly figures: DashboardFigures;
  /** Every plan against the current one, for the period; `undefined` without usage. */
  readonly comparison: Comparison | undefined;
  readonly measure: Measure;
}

const isoDate = ({ year, month, day }: LocalDate) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** A link to this page with some of its choices changed. */
function linkTo(
  view: DashboardView,
  change: { period?: string; date?: LocalDate | undefined; measure?: Measure },
): string {
  // Another kind of period opens at its latest full one; the same kind stays on its date.
  const date = change.date ?? (change.period ? undefined : view.figures.period.date);
  const query = new URLSearchParams({
    period: change.period ?? view.figures.period.kind,
    ...(date && { date: isoDate(date) }),
    show: change.measure ?? view.measure,
  });
  return `/meters/${encodeURIComponent(view.smartMeterId)}/dashboard?${query}`;
}

/** Every slot of the period, with its value where there is usage and a gap where there is none. */
function chartSlots(view: DashboardView): ChartSlot[] {
  const { period, timeZone, intervals } = view.figures;
  const groupBy = period.kind === 'day' ? 'half_hour' : 'day';
  const { intervals: slots } = intervalsFrom(
    timeZone,
    groupBy,
    period.start,
    period.end,
    period.end,
    100,
  );
  return slots.map(([start, end], index): ChartSlot => {
    const inSlot = intervals.filter((interval) => interval.start >= start && interval.start < end);
    const value =
      inSlot.length === 0
        ? null
        : inSlot.reduce(
            (sum, interval) => sum + (view.measure === 'kwh' ? interval.kwh : (interval.cost ?? 0)),
            0,
          );
    const day = dayLabel(start, timeZone);
    const when = period.kind === 'day' ? clockTime(start, timeZone) : day;
    const dayOfMonth = Number(day.split(' ')[1]);
    const tick =
      period.kind === 'day'
        ? index % 6 === 0
          ? when
          : undefined
        : period.kind === 'week' || dayOfMonth === 1 || dayOfMonth % 5 === 0
          ? period.kind === 'week'
            ? when.split(' ').slice(0, 2).join(' ')
            : String(dayOfMonth)
          : undefined;
    const figure =
      value === null ? 'no data' : view.measure === 'kwh' ? kwhText(value) : moneyText(value);
    return { start, value, tick, title: `${when}: ${figure}` };
  });
}

const PeriodNavigation: FC<{ view: DashboardView }> = ({ view }) => {
  const { period } = view.figures;
  const choice = (label: string, href: string, current: boolean) => (
    <li>
      <a href={href} aria-current={current ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <nav aria-label="Period and measure">
      <ul class="choices">
        {choice('Day', linkTo(view, { period: 'day' }), period.kind === 'day')}
        {choice('Week', linkTo(view, { period: 'week' }), period.kind === 'week')}
        {choice('Month', linkTo(view, { period: 'month' }), period.kind === 'month')}
      </ul>
      <ul class="choices">
        {period.previous &&
          choice(`← Previous ${period.kind}`, linkTo(view, { date: period.previous }), false)}
        {period.next && choice(`Next ${period.kind} →`, linkTo(view, { date: period.next }), false)}
      </ul>
      <ul class="choices">
        {choice('Energy (kWh)', linkTo(view, { measure: 'kwh' }), view.measure === 'kwh')}
        {choice('Cost (£)', linkTo(view, { measure: 'cost' }), view.measure === 'cost')}
      </ul>
    </nav>
  );
};

const Summary: FC<{ view: DashboardView }> = ({ view }) => {
  const { figures, comparison } = view;
  if (figures.span === null) {
    return (
      <p class="empty">
        No readings yet. Once your smart meter sends its readings, your usage and what it costs will
        show here.
      </p>
    );
  }
  if (comparison === undefined) return <p class="empty">No usage recorded in this period.</p>;
  const current = comparison.plans.find((plan) => plan.pricePlanId === figures.pricePlanId);
  return (
    <p class="summary">
      You used <strong>{kwhText(comparison.kwh)}</strong>
      {current ? (
        <>
          , which cost <strong>{moneyText(current.cost)}</strong> on {current.supplier} (
          {moneyText(current.standingCharge)} of it standing charge).
        </>
      ) : (
        <>. There is no price plan on your account yet, so below is what each plan would charge.</>
      )}
    </p>
  );
};

const PlanTable: FC<{ view: DashboardView; comparison: Comparison }> = ({ view, comparison }) => {
  const cheapest = comparison.plans[0];
  const current = comparison.plans.find((plan) => plan.pricePlanId === view.figures.pricePlanId);
  const sentence =
    cheapest && current && cheapest.pricePlanId !== current.pricePlanId
      ? `${cheapest.supplier} would have cost you ${moneyText(current.cost - cheapest.cost)} less.`
      : current
        ? `You are on the cheapest plan for this usage.`
        : `${cheapest?.supplier} would have cost least.`;
  return (
    <>
      <p class="recommendation">{sentence}</p>
      <table>
        <caption>Every plan for the usage of this period</caption>
        <thead>
          <tr>
            <th scope="col">Plan</th>
            <th scope="col">Supplier</th>
            <th scope="col">Cost</th>
            <th scope="col">Saving against your plan</th>
            <th scope="col">A year at this rate</th>
          </tr>
        </thead>
        <tbody>
          {comparison.plans.map((plan) => (
            <tr>
              <th scope="row">
                {plan.pricePlanId}
                {plan.pricePlanId === view.figures.pricePlanId ? ' (yours)' : ''}
              </th>
              <td>{plan.supplier}</td>
              <td>{moneyText(plan.cost)}</td>
              <td>{plan.saving === null ? '–' : moneyText(plan.saving)}</td>
              <td>{moneyText(plan.annualCost)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
};

const FiguresTable: FC<{ view: DashboardView; slots: ChartSlot[] }> = ({ view, slots }) => (
  <details>
    <summary>The chart's figures as a table</summary>
    <table>
      <caption>{view.figures.period.kind === 'day' ? 'Each half hour' : 'Each day'}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">{view.measure === 'kwh' ? 'Energy' : 'Cost'}</th>
        </tr>
      </thead>
      <tbody>
        {slots.map((slot) => {
          const [when, value] = slot.title.split(': ');
          return (
            <tr>
              <th scope="row">{when}</th>
              <td>{value}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  </details>
);

/** The customer's page: usage in the period as a chart, its cost, and every plan's. */
export const DashboardPage: FC<{ view: DashboardView }> = ({ view }) => {
  const { figures } = view;
  const { period, timeZone } = figures;
  const title = periodLabel(period.kind, period.start, timeZone);
  const slots = chartSlots(view);
  const unit =
    view.measure === 'kwh' ? (value: number) => `${Number(value.toPrecision(3))} kWh` : moneyText;
  const chart = barChart(slots, unit);
  const heading = view.customer
    ? `${view.customer}’s energy`
    : `Energy of meter ${view.smartMeterId}`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${heading}: ${title} – JOI Energy`}</title>
        <link rel="stylesheet" href="/dashboard.css" />
      </head>
      <body>
        <header>
          <p class="brand">JOI Energy</p>
          <h1>{heading}</h1>
          <p class="meter">
            Meter {view.smartMeterId} · times in {timeZone}
          </p>
        </header>
        <PeriodNavigation view={view} />
        <main>
          <section aria-labelledby="period">
            <h2 id="period">{title}</h2>
            <Summary view={view} />
          </section>
          {figures.span !== null && (
            <section aria-labelledby="usage">
              <h2 id="usage">{period.kind === 'day' ? 'Usage by half hour' : 'Usage by day'}</h2>
              <ChartSvg
                chart={chart}
                title={`${view.measure === 'kwh' ? 'Energy' : 'Cost'} ${period.kind === 'day' ? 'each half hour' : 'each day'}, ${title}`}
                description="Bars for the usage of each slot; slots without readings are left empty. The same figures follow as a table."
              />
              <FiguresTable view={view} slots={slots} />
            </section>
          )}
          {view.comparison && (
            <section aria-labelledby="plans">
              <h2 id="plans">What every plan would have cost</h2>
              <PlanTable view={view} comparison={view.comparison} />
            </section>
          )}
        </main>
        <footer>
          <p>
            Costs include standing charges. Readings from{' '}
            {figures.span
              ? `${dayLabel(figures.span.first, timeZone)} to ${dayLabel(figures.span.last, timeZone)}`
              : 'none yet'}
            .
          </p>
        </footer>
      </body>
    </html>
  );
};
