import {
  energyBetween,
  type PowerSegment,
  QUARTERS_PER_DAY,
  quarterEnergy,
  SECONDS_PER_DAY,
} from './curve';
import { type DayEnergy, type PlanDayRates, seriesOverQuarters } from './plan-series';
import type { PricePlan } from './plan-versions';
import { type PricedPlan, SUM_KEYS } from './window-series';

/**
 * What a meter keeps of one UTC day: its import and export kWh per quarter hour, and the day's
 * sums (kWh, and each series of each plan whose rates change), from which whole days are priced
 * without reading the day's readings again.
 */
export interface DayAggregate {
  readonly day: number;
  readonly importKwh: Float64Array;
  readonly exportKwh: Float64Array | null;
  readonly sums: Readonly<Record<string, number>>;
}

/** Whether any part of a time-sorted curve lies inside the UTC day. */
function touchesDay(segments: readonly PowerSegment[], day: number): boolean {
  const start = day * SECONDS_PER_DAY;
  const end = start + SECONDS_PER_DAY;
  return segments.some((segment) => segment.startTime < end && segment.endTime > start);
}

function total(values: Float64Array | null): number {
  if (values === null) return 0;
  let sum = 0;
  for (let q = 0; q < QUARTERS_PER_DAY; q++) sum += values[q] as number;
  return sum;
}

/** A day's energy as pricing reads it, from the day's curves. */
export function dayEnergyOf(
  day: number,
  importCurve: readonly PowerSegment[],
  exportCurve: readonly PowerSegment[],
): DayEnergy | null {
  const hasImport = touchesDay(importCurve, day);
  const hasExport = touchesDay(exportCurve, day);
  if (!hasImport && !hasExport) return null;
  const dayStart = day * SECONDS_PER_DAY;
  return {
    importKwh: quarterEnergy(importCurve, dayStart),
    exportKwh: hasExport ? quarterEnergy(exportCurve, dayStart) : null,
    importBetween: (from, to) => energyBetween(importCurve, from, to),
    exportBetween: (from, to) => energyBetween(exportCurve, from, to),
  };
}

/** The sums of one plan's series over a whole day. */
export function planDaySums(
  planId: string,
  rates: PlanDayRates,
  energy: DayEnergy,
): Record<string, number> {
  const series = seriesOverQuarters(rates, energy, 0, QUARTERS_PER_DAY);
  return {
    [SUM_KEYS.energy(planId)]: series.energy,
    [SUM_KEYS.vat(planId)]: series.vat,
    [SUM_KEYS.lowest(planId)]: series.lowest,
    [SUM_KEYS.exportCredit(planId)]: series.exportCredit,
  };
}

/**
 * A day's aggregate from its energy: kWh per quarter hour, and the day's sums for every plan
 * whose rates change (constant plans are priced from kWh alone).
 */
export function aggregateDay(
  day: number,
  energy: DayEnergy,
  plans: readonly PricedPlan[],
  ratesOf: (plan: PricePlan) => PlanDayRates,
): DayAggregate {
  let sums: Record<string, number> = {
    [SUM_KEYS.importKwh]: total(energy.importKwh),
    [SUM_KEYS.exportKwh]: total(energy.exportKwh),
  };
  for (const { plan, constant } of plans) {
    if (constant === null) sums = { ...sums, ...planDaySums(plan.id, ratesOf(plan), energy) };
  }
  return { day, importKwh: energy.importKwh, exportKwh: energy.exportKwh, sums };
}

/** The series keys of a plan, to drop from a day's sums when the plan goes. */
export function planSumKeys(planId: string): string[] {
  return [
    SUM_KEYS.energy(planId),
    SUM_KEYS.vat(planId),
    SUM_KEYS.lowest(planId),
    SUM_KEYS.exportCredit(planId),
  ];
}
