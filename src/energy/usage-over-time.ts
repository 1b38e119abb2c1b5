import {
  type GroupBy,
  type Interval,
  intervalAround,
  intervalsFrom,
  type LocalPeriod,
  latestFullPeriod,
  type Period,
  periodOf,
} from './calendar';
import { priceUsage, type ReadingSpan, resolveWindow, type UsagePrice } from './cost';
import type { PricePlan } from './price-plan';
import { standingChargeBetween } from './tariff';
import { type LocalDate, localDateAt } from './time-zone';
import type { TimeWindow } from './types';
import { type AggregateSource, type RatedPlan, windowsEnergy } from './window-energy';

/** Which page of usage over time to compute. */
export interface UsageQuery extends TimeWindow {
  readonly groupBy: GroupBy;
  /** IANA name; the account plan's zone when left out, else UTC. */
  readonly timeZone?: string | undefined;
  readonly pageSize: number;
  /** Where the page starts (a previous page's `next`); the window's first interval when left out. */
  readonly startAt?: number | undefined;
}

/** One calendar interval of usage: its energy, and its cost on the account's plan. */
export interface UsageInterval {
  readonly start: number;
  readonly end: number;
  readonly kwh: number;
  /** Energy cost plus standing charge on the account's plan; `null` without an account. */
  readonly cost: number | null;
}

export interface UsagePage {
  readonly timeZone: string;
  readonly pricePlanId: string | null;
  readonly intervals: UsageInterval[];
  /** Where the next page starts, or `null` on the last page. */
  readonly next: number | null;
}

/** The answer to a page asked to start where no interval of the query starts. */
export const MISPLACED_START = { misplacedStart: true } as const;
export type MisplacedStart = typeof MISPLACED_START;

export function isMisplacedStart(answer: unknown): answer is MisplacedStart {
  return typeof answer === 'object' && answer !== null && 'misplacedStart' in answer;
}

/** The figures of a customer's page for one period: its usage over time, and every plan's price. */
export interface DashboardFigures {
  readonly timeZone: string;
  readonly pricePlanId: string | null;
  readonly period: LocalPeriod;
  /** The first and last readings, or `null` for a meter without any. */
  readonly span: ReadingSpan | null;
  /** Half hours of a day, days of a week or month, inside the readings. */
  readonly intervals: UsageInterval[];
  /** The period's usage (inside the readings) priced on every plan; `null` when there is none. */
  readonly price: UsagePrice | null;
}

/** What a meter knows that its usage over time depends on. */
export interface MeterUsage {
  readonly source: AggregateSource;
  /** The first and last reading times, or `null` for a meter without readings. */
  readonly span: ReadingSpan | null;
  /** Every plan of the catalogue, and those of them whose rate varies in time with their series. */
  readonly plans: readonly PricePlan[];
  readonly ratedPlans: readonly RatedPlan[];
  /** The plan on the meter's account, one of `plans`; `null` without an account. */
  readonly pricePlanId: string | null;
}

/** The account's plan with its series, or undefined without an account. */
function accountPlan(meter: MeterUsage): RatedPlan | undefined {
  return meter.ratedPlans.find((candidate) => candidate.plan.id === meter.pricePlanId);
}

/**
 * Each interval's energy, and its cost (energy and standing charge) on the account's plan; every
 * interval overlaps the readings. The energy is summed over the interval's part inside the
 * readings, the window compare-all sums for the same interval: both give the same figures to the
 * last digit.
 */
function pricedIntervals(
  meter: MeterUsage,
  span: ReadingSpan,
  rated: RatedPlan | undefined,
  intervals: readonly Interval[],
): UsageInterval[] {
  const curves = intervals.map(
    ([start, end]): Interval => [Math.max(start, span.first), Math.min(end, span.last)],
  );
  const energies = windowsEnergy(curves, meter.source, rated ? [rated] : []);
  return intervals.map(([start, end], index): UsageInterval => {
    const energy = energies[index] ?? { kwh: 0, energyCosts: [] };
    const cost = rated
      ? (energy.energyCosts[0] ?? 0) + standingChargeBetween(rated.plan, start, end)
      : null;
    return { start, end, kwh: energy.kwh, cost };
  });
}

/** The usage inside the window (within the readings' span) priced on every plan. */
function priceInSpan(meter: MeterUsage, span: ReadingSpan, window: TimeWindow): UsagePrice {
  return priceUsage(window, span, meter.plans, (from, to) => {
    const [energy] = windowsEnergy([[from, to]], meter.source, meter.ratedPlans);
    return energy ?? { kwh: 0, energyCosts: [] };
  });
}

/** The usage inside the window priced on every plan; `null` for a meter without readings. */
export function priceWindow(meter: MeterUsage, window: TimeWindow): UsagePrice | null {
  return meter.span === null ? null : priceInSpan(meter, meter.span, window);
}

/**
 * One page of usage over calendar intervals, each with its kWh and its cost on the account's
 * plan; `null` when the meter has no readings at all.
 */
export function usagePage(meter: MeterUsage, query: UsageQuery): UsagePage | null | MisplacedStart {
  const { span } = meter;
  if (span === null) return null;
  const rated = accountPlan(meter);
  const timeZone = query.timeZone ?? rated?.plan.timeZone ?? 'UTC';
  const { pricePlanId } = meter;
  const { from, to } = resolveWindow(query, span);
  const curveFrom = Math.max(from, span.first);
  const curveTo = Math.min(to, span.last);
  // A window without any of the power curve has no interval to show, nor a next page.
  if (curveFrom >= curveTo) {
    if (query.startAt !== undefined) return MISPLACED_START;
    return { timeZone, pricePlanId, intervals: [], next: null };
  }
  const firstStart = Math.max(from, intervalAround(timeZone, query.groupBy, curveFrom)[0]);
  const start = query.startAt ?? firstStart;
  // Pages start at the window's first interval or at a later calendar interval's start inside
  // the window, nowhere else.
  const isPageStart =
    start === firstStart ||
    (start > firstStart &&
      start < to &&
      intervalAround(timeZone, query.groupBy, start)[0] === start);
  if (!isPageStart) return MISPLACED_START;
  const page = intervalsFrom(timeZone, query.groupBy, start, to, curveTo, query.pageSize);
  return {
    timeZone,
    pricePlanId,
    intervals: pricedIntervals(meter, span, rated, page.intervals),
    next: page.next,
  };
}

/**
 * Everything a customer's page shows for a period (the latest full one by default, in the account
 * plan's zone): the period's intervals on the account's plan, and the period on every plan.
 */
export function dashboardFigures(
  meter: MeterUsage,
  query: { readonly period: Period; readonly date?: LocalDate | undefined },
  now: number,
): DashboardFigures {
  const { span } = meter;
  const rated = accountPlan(meter);
  const timeZone = rated?.plan.timeZone ?? 'UTC';
  const { pricePlanId } = meter;
  const period =
    query.date !== undefined
      ? periodOf(timeZone, query.period, query.date)
      : span === null
        ? periodOf(timeZone, query.period, localDateAt(timeZone, now))
        : latestFullPeriod(timeZone, query.period, span);
  if (span === null) return { timeZone, pricePlanId, period, span, intervals: [], price: null };
  const from = Math.max(period.start, span.first);
  const to = Math.min(period.end, span.last);
  if (from >= to) return { timeZone, pricePlanId, period, span, intervals: [], price: null };
  const groupBy = query.period === 'day' ? 'half_hour' : 'day';
  const slots = intervalsFrom(timeZone, groupBy, from, to, to, 100).intervals;
  return {
    timeZone,
    pricePlanId,
    period,
    span,
    intervals: pricedIntervals(meter, span, rated, slots),
    price: priceInSpan(meter, span, { from, to }),
  };
}
