import { localDayAt } from './local-day';
import type { DayOfWeek, PlanCost, PricePlan, Reading, TimeWindow } from './types';
import {
  clipSegment,
  latestReadingPerTime,
  type PowerSegment,
  segmentKwh,
  segmentsInWindow,
  totalKwh,
} from './usage';

/** The plan's multiplier of its unit rate on a local day of the week (1 when none is set). */
export function multiplierOn(plan: PricePlan, dayOfWeek: DayOfWeek): number {
  return plan.peakTimeMultipliers?.find((peak) => peak.dayOfWeek === dayOfWeek)?.multiplier ?? 1;
}

/**
 * Cost of the energy under the segments on one plan: Σ kWh × unitRatePerKwh × multiplier, each
 * segment split at local midnight in the plan's time zone so every part gets its own day's multiplier.
 */
export function costOfSegments(segments: readonly PowerSegment[], plan: PricePlan): number {
  if (!plan.peakTimeMultipliers?.length) return totalKwh(segments) * plan.unitRatePerKwh;
  const timeZone = plan.timeZone ?? 'UTC';
  let cost = 0;
  let day = segments[0] ? localDayAt(segments[0].startTime, timeZone) : null;
  for (const segment of segments) {
    let partStart = segment.startTime;
    while (partStart < segment.endTime) {
      if (!day || partStart >= day.endTime) day = localDayAt(partStart, timeZone);
      const partEnd = Math.min(segment.endTime, day.endTime);
      const part = clipSegment(segment, partStart, partEnd);
      cost += segmentKwh(part) * plan.unitRatePerKwh * multiplierOn(plan, day.dayOfWeek);
      partStart = partEnd;
    }
  }
  return cost;
}

/** What the readings (any order) inside `window` cost on each plan, in the order of `plans`. */
export function costsOfUsage(
  readings: readonly Reading[],
  plans: readonly PricePlan[],
  window: TimeWindow = {},
): PlanCost[] {
  const segments = segmentsInWindow(latestReadingPerTime(readings), window);
  return plans.map((plan) => ({ pricePlanId: plan.id, cost: costOfSegments(segments, plan) }));
}

/** Plans cheapest first; equal costs ordered by plan id, ascending. */
export function rankPlansByCost(costs: readonly PlanCost[]): PlanCost[] {
  return [...costs].sort(
    (a, b) =>
      a.cost - b.cost ||
      (a.pricePlanId < b.pricePlanId ? -1 : a.pricePlanId > b.pricePlanId ? 1 : 0),
  );
}
