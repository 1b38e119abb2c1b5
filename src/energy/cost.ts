import { localDayAt } from './local-day';
import type { DayOfWeek, PlanCost, PricePlan, Reading, TimeWindow } from './types';
import { latestReadingPerTime, segmentsInWindow, totalKwh } from './usage';

/** Energy in kWh of a meter's power curve between two instants (epoch seconds), `from < to`. */
export type KwhBetween = (from: number, to: number) => number;

/** The plan's multiplier of its unit rate on a local day of the week (1 when none is set). */
function multiplierOn(plan: PricePlan, dayOfWeek: DayOfWeek): number {
  return plan.peakTimeMultipliers?.find((peak) => peak.dayOfWeek === dayOfWeek)?.multiplier ?? 1;
}

/**
 * Cost on one plan of the energy between `from` and `to`: kWh × unitRatePerKwh × multiplier, the
 * period split at local midnights in the plan's time zone so each day gets its own multiplier.
 */
function costBetween(kwhBetween: KwhBetween, plan: PricePlan, from: number, to: number): number {
  if (from >= to) return 0;
  if (!plan.peakTimeMultipliers?.length) return kwhBetween(from, to) * plan.unitRatePerKwh;
  const timeZone = plan.timeZone ?? 'UTC';
  let cost = 0;
  for (let dayStart = from; dayStart < to; ) {
    const day = localDayAt(dayStart, timeZone);
    const dayEnd = Math.min(day.endTime, to);
    cost += kwhBetween(dayStart, dayEnd) * plan.unitRatePerKwh * multiplierOn(plan, day.dayOfWeek);
    dayStart = dayEnd;
  }
  return cost;
}

/** Cost on each plan (in the order of `plans`) of the energy between `from` and `to`. */
function costsBetween(
  kwhBetween: KwhBetween,
  plans: readonly PricePlan[],
  from: number,
  to: number,
): PlanCost[] {
  // Plans without multipliers all price the same total: ask for it once.
  let totalKwh: number | undefined;
  const cachedKwhBetween: KwhBetween = (start, end) => {
    if (start !== from || end !== to) return kwhBetween(start, end);
    totalKwh ??= kwhBetween(from, to);
    return totalKwh;
  };
  return plans.map((plan) => ({
    pricePlanId: plan.id,
    cost: costBetween(cachedKwhBetween, plan, from, to),
  }));
}

/** The first and last reading times of a meter: outside them there is no curve, and no energy. */
export interface ReadingSpan {
  readonly first: number;
  readonly last: number;
}

/** Cost on each plan of the usage inside `window` (open ends reach the first and last readings). */
export function costsInWindow(
  kwhBetween: KwhBetween,
  span: ReadingSpan,
  plans: readonly PricePlan[],
  window: TimeWindow,
): PlanCost[] {
  const from = Math.max(window.from ?? span.first, span.first);
  const to = Math.min(window.to ?? span.last, span.last);
  return costsBetween(kwhBetween, plans, from, to);
}

/**
 * What the readings (any order) inside `window` cost on each plan: the reference computation,
 * straight from the readings.
 */
export function costsOfUsage(
  readings: readonly Reading[],
  plans: readonly PricePlan[],
  window: TimeWindow = {},
): PlanCost[] {
  const sorted = latestReadingPerTime(readings);
  const span = { first: sorted[0]?.time ?? 0, last: sorted.at(-1)?.time ?? 0 };
  const kwhBetween: KwhBetween = (from, to) => totalKwh(segmentsInWindow(sorted, { from, to }));
  return costsInWindow(kwhBetween, span, plans, window);
}

/** Plans cheapest first; equal costs ordered by plan id, ascending. */
export function rankPlansByCost(costs: readonly PlanCost[]): PlanCost[] {
  return [...costs].sort(
    (a, b) =>
      a.cost - b.cost ||
      (a.pricePlanId < b.pricePlanId ? -1 : a.pricePlanId > b.pricePlanId ? 1 : 0),
  );
}
