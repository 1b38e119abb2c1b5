import type { Comparison } from '../energy/comparison';
import type { DashboardFigures } from '../energy/dashboard-figures';
import type { DashboardPeriodKind } from '../energy/dashboard-periods';
import type { LocalDate } from '../energy/time-zone';
import type { Money } from './format';

/** What the bars show. */
export type Measure = 'kwh' | 'cost';

/** Everything the page is drawn from. */
export interface DashboardView {
  readonly smartMeterId: string;
  /** The customer's name, when the meter is one of the trial customers'. */
  readonly customer: string | undefined;
  readonly figures: DashboardFigures;
  /** Every plan against the account's cost, for the period; `undefined` without data in it. */
  readonly comparison: Comparison | undefined;
  readonly measure: Measure;
  readonly money: Money;
}

const isoDate = ({ year, month, day }: LocalDate) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** The page's own path. */
export function pagePath(view: DashboardView): string {
  return `/meters/${encodeURIComponent(view.smartMeterId)}/dashboard`;
}

/**
 * A link to this page with some of its choices changed: another kind of period, or `latest`,
 * opens at the period holding the latest data; the same kind stays on its date unless given one.
 */
export function linkTo(
  view: DashboardView,
  change: { period?: DashboardPeriodKind; date?: LocalDate | 'latest'; measure?: Measure },
): string {
  const kept = change.period ? undefined : view.figures.period.date;
  const date = change.date === 'latest' ? undefined : (change.date ?? kept);
  const query = new URLSearchParams({
    period: change.period ?? view.figures.period.kind,
    ...(date && { date: isoDate(date) }),
    show: change.measure ?? view.measure,
  });
  return `${pagePath(view)}?${query}`;
}

/** Whether the data reaches into `[start, end)`. */
export function holdsData(view: DashboardView, start: number, end: number): boolean {
  const { span } = view.figures;
  return span !== null && span.first < end && span.last > start;
}

/** Whether the period is the one holding the latest data, and the data stops before its end. */
export function isSoFar(view: DashboardView): boolean {
  const { span, period } = view.figures;
  return span !== null && span.last > period.start && span.last < period.end;
}
