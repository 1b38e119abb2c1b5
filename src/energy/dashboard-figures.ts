import type { Advice } from './advice';
import {
  comparableWindow,
  type DashboardPeriod,
  type DashboardPeriodKind,
  dashboardPeriodOf,
  dayHolding,
  latestPeriod,
  SLOT_OF_PERIOD,
} from './dashboard-periods';
import {
  type AccountCost,
  type PricingInputs,
  priceWindows,
  type Window,
  type WindowPrice,
} from './prices';
import { type LocalDate, localDateAt } from './time-zone';
import {
  accountTimeZone,
  currentPlanId,
  type DataSpan,
  intervalsWithData,
  pricedIntervals,
  type UsageInputs,
  type UsageInterval,
} from './usage-pages';

/** The page asked for: a kind of period, and a date in it (the latest data's when left out). */
export interface DashboardQuery {
  readonly period: DashboardPeriodKind;
  readonly date?: LocalDate | undefined;
}

/** Where a customer's page looks: its zone, its period, and the windows of data it prices. */
export interface DashboardScope {
  readonly timeZone: string;
  readonly period: DashboardPeriod;
  /** The part of the period that holds data; `null` when none does. */
  readonly window: Window | null;
  /** The stretch of the previous period that compares like for like with `window`. */
  readonly previous: Window | null;
  /**
   * Today so far: from the start of the local day holding now to now, as the live socket counts
   * it (its standing charge accrues to now); `null` for a meter without data.
   */
  readonly today: Window | null;
}

/** The zone and period a page shows (the latest data's by default), and what it prices. */
export function dashboardScope(inputs: UsageInputs, query: DashboardQuery): DashboardScope {
  const { span, now } = inputs;
  const timeZone = accountTimeZone(inputs, now);
  const period =
    query.date !== undefined
      ? dashboardPeriodOf(timeZone, query.period, query.date)
      : span === null
        ? dashboardPeriodOf(timeZone, query.period, localDateAt(timeZone, now))
        : latestPeriod(timeZone, query.period, span);
  if (span === null) return { timeZone, period, window: null, previous: null, today: null };
  const window = clip([period.start, period.end], span);
  const [dayStart] = dayHolding(timeZone, now);
  const today: Window | null = now > dayStart ? [dayStart, now] : null;
  const previous = window && comparableWindow(timeZone, period, window, span);
  return { timeZone, period, window, previous, today };
}

function clip([from, to]: Window, span: DataSpan): Window | null {
  const clipped: Window = [Math.max(from, span.first), Math.min(to, span.last)];
  return clipped[0] < clipped[1] ? clipped : null;
}

/** A stretch of data's totals: energy, and its cost to the account. */
export interface DashboardTotals {
  readonly from: number;
  readonly to: number;
  readonly kwh: number;
  readonly exportKwh: number;
  /** Net cost to the account (standing charge and VAT included); `null` without one. */
  readonly cost: number | null;
}

/** The latest data, and today's so far. */
export interface NowFigures {
  /** The last instant of data. */
  readonly time: number;
  /** The latest reading, or the latest import interval's mean power; `null` without import. */
  readonly powerKw: number | null;
  readonly todayKwh: number;
  /** Today's net cost to the account so far (standing charge to now); `null` without one. */
  readonly todayCost: number | null;
}

/** One of the account's plans in force during the period, and from when to when. */
export interface PlanSpell {
  readonly pricePlanId: string;
  /** `null` for a plan the catalogue no longer offers. */
  readonly supplier: string | null;
  readonly from: number | null;
  readonly to: number | null;
}

/** Everything a customer's page shows, from one call to the meter. */
export interface DashboardFigures {
  readonly timeZone: string;
  /** The account's plan now, when it is on offer. */
  readonly pricePlanId: string | null;
  readonly period: DashboardPeriod;
  readonly span: DataSpan | null;
  readonly hasExport: boolean;
  /** The slots of the period (half hours, days or months) that hold data. */
  readonly intervals: UsageInterval[];
  /** The period's data priced on every plan; `null` when it holds none. */
  readonly price: WindowPrice | null;
  /** The period's data cost to the account under its history; `null` without one. */
  readonly accountCost: AccountCost | null;
  /** The like-for-like stretch of the previous period; `null` when there is none. */
  readonly previous: DashboardTotals | null;
  /** The account's plans in force during the period, oldest first. */
  readonly planHistory: readonly PlanSpell[];
  readonly now: NowFigures | null;
  /** The yearly figures, the same whatever the period. */
  readonly advice: Advice | null;
}

/** The account's plans in force during `[start, end)`, oldest first. */
function planHistoryDuring(inputs: PricingInputs, start: number, end: number): PlanSpell[] {
  const { history } = inputs;
  return history
    .map((entry, index) => ({
      pricePlanId: entry.pricePlanId,
      supplier:
        inputs.plans.find((priced) => priced.plan.id === entry.pricePlanId)?.plan.supplier ?? null,
      from: entry.from,
      to: history[index + 1]?.from ?? null,
    }))
    .filter(
      (spell) =>
        (spell.from ?? Number.NEGATIVE_INFINITY) < end &&
        (spell.to ?? Number.POSITIVE_INFINITY) > start,
    );
}

function totalsOf(measured: UsageInterval | undefined): DashboardTotals | null {
  if (measured === undefined) return null;
  return {
    from: measured.start,
    to: measured.end,
    kwh: measured.kwh,
    exportKwh: measured.exportKwh ?? 0,
    cost: measured.cost,
  };
}

/**
 * The figures of a customer's page for its scope: the period's slots and their cost to the
 * account, the period on every plan, the previous period's like-for-like totals and today's (the
 * work follows the slots, not the history).
 */
export function dashboardFigures(
  inputs: UsageInputs,
  scope: DashboardScope,
  extras: {
    readonly advice: Advice | null;
    readonly latest: { readonly time: number; readonly powerKw: number | null } | null;
  },
): DashboardFigures {
  const { period, window, timeZone } = scope;
  const slotWindows = window
    ? intervalsWithData(
        inputs,
        timeZone,
        SLOT_OF_PERIOD[period.kind],
        { start: window[0], windowEnd: window[1], dataEnd: window[1] },
        100,
      ).intervals
    : [];
  // The slots and the totals need only their energy and their cost to the account, as usage
  // pages price them; only the period is priced on every plan.
  const totals = [window, scope.previous, scope.today];
  const measured = pricedIntervals(inputs, [
    ...slotWindows,
    ...totals.filter((w): w is Window => w !== null),
  ]);
  let next = slotWindows.length;
  const [periodTotals, previousTotals, todayTotals] = totals.map((w) =>
    w === null ? undefined : measured[next++],
  );
  const periodPrice: WindowPrice | null = window
    ? (priceWindows(inputs, [window])[0] ?? null)
    : null;
  const accountCost: AccountCost | null =
    periodTotals === undefined || periodTotals.cost === null
      ? null
      : { cost: periodTotals.cost, exportCredit: periodTotals.exportCredit ?? 0 };
  const pricePlanId = currentPlanId(inputs, inputs.now);
  return {
    timeZone,
    pricePlanId,
    period,
    span: inputs.span,
    hasExport: inputs.hasExport,
    intervals: measured.slice(0, slotWindows.length),
    price: periodPrice,
    accountCost,
    previous: totalsOf(previousTotals),
    planHistory: planHistoryDuring(inputs, period.start, period.end),
    now: extras.latest && {
      ...extras.latest,
      todayKwh: todayTotals?.kwh ?? 0,
      // The first second of a day has cost nothing yet, on a plan that is on offer.
      todayCost: todayTotals ? todayTotals.cost : pricePlanId === null ? null : 0,
    },
    advice: extras.advice,
  };
}
