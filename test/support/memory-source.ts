/** A `WindowSource` over curves held in memory, for pure tests of the pricing of windows. */
import { type PowerSegment, SECONDS_PER_DAY } from '../../src/energy/curve';
import { aggregateDay, dayEnergyOf } from '../../src/energy/day-aggregate';
import { planDayRates } from '../../src/energy/plan-series';
import type { PricePlan } from '../../src/energy/plan-versions';
import { type DynamicRates, NO_DYNAMIC_RATES } from '../../src/energy/rate-pieces';
import type { PricedPlan, WindowSource } from '../../src/energy/window-series';

export function memoryWindowSource(
  importCurve: readonly PowerSegment[],
  exportCurve: readonly PowerSegment[],
  plans: readonly PricedPlan[],
  dynamic: ReadonlyMap<string, DynamicRates> = new Map(),
): WindowSource {
  const dynamicRates = (planId: string) => dynamic.get(planId) ?? NO_DYNAMIC_RATES;
  const ratesOf = (plan: PricePlan, day: number) =>
    planDayRates(plan, dynamicRates(plan.id), day * SECONDS_PER_DAY);
  const dayEnergy = (day: number) => dayEnergyOf(day, importCurve, exportCurve);
  const segments = [...importCurve, ...exportCurve];
  return {
    span: () =>
      segments.length === 0
        ? null
        : {
            first: Math.min(...segments.map((segment) => segment.startTime)),
            last: Math.max(...segments.map((segment) => segment.endTime)),
          },
    dayEnergy,
    wholeDaySums: (ranges) =>
      ranges.map(([first, end]) => {
        const totals = new Map<string, number>();
        for (let day = first; day < end; day++) {
          const energy = dayEnergy(day);
          if (energy === null) continue;
          const { sums } = aggregateDay(day, energy, plans, (plan) => ratesOf(plan, day));
          for (const [key, value] of Object.entries(sums)) {
            totals.set(key, (totals.get(key) ?? 0) + value);
          }
        }
        return totals;
      }),
    // The whole curves: pricing integrates only the part inside what it asks for.
    curvesBetween: () => ({ importCurve: [...importCurve], exportCurve: [...exportCurve] }),
    planDayRates: ratesOf,
    dynamicRates,
    // Computed every time: these tests check the figures, not what a meter keeps of them.
    edgeFigures: (_key, _day, compute) => compute(),
  };
}
