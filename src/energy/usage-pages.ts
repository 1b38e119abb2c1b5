import { type GroupBy, type Interval, intervalAround } from './calendar';
import type { Coverage } from './coverage';
import {
  accountCosts,
  type PricingInputs,
  priceWindows,
  switchAt,
  type WindowPrice,
} from './prices';
import type { TimeWindow } from './types';

/** The first and last instant of a meter's data. */
export interface DataSpan {
  readonly first: number;
  readonly last: number;
}

/** What usage over time is computed from: prices, and where the meter has data. */
export interface UsageInputs extends PricingInputs {
  /** `null` for a meter without data. */
  readonly span: DataSpan | null;
  /** Where the meter has data (read when asked: only usage pages need it). */
  readonly coverage: () => Coverage;
  readonly hasExport: boolean;
  /** Now, in epoch seconds: which plan is in force. */
  readonly now: number;
}

/** Which page of usage over time to compute. */
export interface UsageQuery extends TimeWindow {
  readonly groupBy: GroupBy;
  /** IANA name; the account plan's zone when left out, else UTC. */
  readonly timeZone?: string | undefined;
  readonly pageSize: number;
  /** Where the page starts (a previous page's `next`); the window's first interval when left out. */
  readonly startAt?: number | undefined;
}

/** One calendar interval of usage: its energy, and its cost to the account. */
export interface UsageInterval {
  readonly start: number;
  readonly end: number;
  readonly kwh: number;
  /** Net cost on the plans in force (standing charge and VAT included); `null` without an account. */
  readonly cost: number | null;
  /** For a meter with export data only. */
  readonly exportKwh?: number;
  readonly exportCredit?: number | null;
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

/** The plan in force now, when it is on offer; `null` otherwise. */
export function currentPlanId(inputs: PricingInputs, now: number): string | null {
  const id = switchAt(inputs.history, now)?.pricePlanId;
  return id !== undefined && inputs.plans.some((priced) => priced.plan.id === id) ? id : null;
}

/** The zone usage is shown in by default: the current plan's (its version in force now), else UTC. */
export function accountTimeZone(inputs: PricingInputs, now: number): string {
  const id = currentPlanId(inputs, now);
  const plan = inputs.plans.find((priced) => priced.plan.id === id)?.plan;
  if (!plan) return 'UTC';
  const current = [...plan.versions].reverse().find((version) => (version.validFrom ?? 0) <= now);
  return (current ?? plan.versions[0])?.timeZone ?? 'UTC';
}

/**
 * The window a price covers: an open end falls back to the first or last instant of data; a
 * window that ends before it starts is empty.
 */
export function resolveWindow(window: TimeWindow, span: DataSpan): { from: number; to: number } {
  const from = window.from ?? span.first;
  const to = Math.max(window.to ?? span.last, from);
  return { from, to };
}

/** The usage inside the window priced on every plan; `null` for a meter without data. */
export function priceWindow(inputs: UsageInputs, window: TimeWindow): WindowPrice | null {
  if (inputs.span === null) return null;
  const { from, to } = resolveWindow(window, inputs.span);
  return priceWindows(inputs, [[from, to]])[0] ?? null;
}

/** Each interval's energy, and its cost to the account. */
export function pricedIntervals(
  inputs: UsageInputs,
  intervals: readonly Interval[],
): UsageInterval[] {
  const energies = inputs.series(intervals, []);
  const costs = accountCosts(inputs, intervals);
  return intervals.map(([start, end], index) => {
    const energy = energies[index];
    const account = costs[index] ?? null;
    const interval = { start, end, kwh: energy?.kwh ?? 0, cost: account?.cost ?? null };
    if (!inputs.hasExport) return interval;
    return {
      ...interval,
      exportKwh: energy?.exportKwh ?? 0,
      exportCredit: account?.exportCredit ?? null,
    };
  });
}

/**
 * Up to `limit` calendar intervals from `start` that hold data, each ending at its calendar end or
 * at `windowEnd`, while they start before `dataEnd`; intervals without data are stepped over.
 */
export function intervalsWithData(
  inputs: UsageInputs,
  timeZone: string,
  groupBy: GroupBy,
  window: { start: number; windowEnd: number; dataEnd: number },
  limit: number,
): { intervals: Interval[]; next: number | null } {
  const intervals: Interval[] = [];
  const coverage = inputs.coverage();
  let at = window.start;
  while (at < window.dataEnd && intervals.length < limit) {
    const end = Math.min(window.windowEnd, intervalAround(timeZone, groupBy, at)[1]);
    if (coverage.overlaps(at, end)) {
      intervals.push([at, end]);
      at = end;
      continue;
    }
    const covered = coverage.nextCovered(end);
    if (covered === null || covered >= window.dataEnd) return { intervals, next: null };
    at = Math.max(end, intervalAround(timeZone, groupBy, covered)[0]);
  }
  return { intervals, next: at < window.dataEnd ? at : null };
}

/**
 * One page of usage over calendar intervals, each with its kWh and its cost to the account;
 * `null` when the meter has no data at all.
 */
export function usagePage(
  inputs: UsageInputs,
  query: UsageQuery,
): UsagePage | null | MisplacedStart {
  const { span } = inputs;
  if (span === null) return null;
  const timeZone = query.timeZone ?? accountTimeZone(inputs, inputs.now);
  const pricePlanId = currentPlanId(inputs, inputs.now);
  const { from, to } = resolveWindow(query, span);
  const dataFrom = Math.max(from, span.first);
  const dataEnd = Math.min(to, span.last);
  if (dataFrom >= dataEnd) {
    if (query.startAt !== undefined) return MISPLACED_START;
    return { timeZone, pricePlanId, intervals: [], next: null };
  }
  const firstStart = Math.max(from, intervalAround(timeZone, query.groupBy, dataFrom)[0]);
  const start = query.startAt ?? firstStart;
  // Pages start at the window's first interval or at a later calendar interval's start inside
  // the window, nowhere else.
  const isPageStart =
    start === firstStart ||
    (start > firstStart &&
      start < to &&
      intervalAround(timeZone, query.groupBy, start)[0] === start);
  if (!isPageStart) return MISPLACED_START;
  const page = intervalsWithData(
    inputs,
    timeZone,
    query.groupBy,
    { start, windowEnd: to, dataEnd },
    query.pageSize,
  );
  return {
    timeZone,
    pricePlanId,
    intervals: pricedIntervals(inputs, page.intervals),
    next: page.next,
  };
}
