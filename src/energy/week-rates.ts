import {
  DAYS_OF_WEEK,
  MINUTES_PER_DAY,
  QUARTER_HOUR_MINUTES,
  quarterHoursOfBand,
  type TimeOfUseRate,
} from './bands';
import type { PlanVersion } from './plan-versions';
import { weekdayOfEpochDay } from './time-zone';

const SECONDS_PER_DAY = 86_400;
const SECONDS_PER_QUARTER_HOUR = QUARTER_HOUR_MINUTES * 60;
export const QUARTER_HOURS_PER_DAY = MINUTES_PER_DAY / QUARTER_HOUR_MINUTES;
export const QUARTER_HOURS_PER_WEEK = 7 * QUARTER_HOURS_PER_DAY;

const importTables = new WeakMap<PlanVersion, Float64Array>();
const exportTables = new WeakMap<PlanVersion, Float64Array>();

/** A rate per quarter hour of the local week (Monday 00:00 first): bands over a base rate. */
function bandTable(baseRate: number, bands: readonly TimeOfUseRate[]): Float64Array {
  const rates = new Float64Array(QUARTER_HOURS_PER_WEEK).fill(baseRate);
  for (const band of bands) {
    for (const quarterHour of quarterHoursOfBand(band)) rates[quarterHour] = band.unitRatePerKwh;
  }
  return rates;
}

/**
 * The version's import rate per kWh (VAT not included) in each quarter hour of its local week:
 * the band's rate inside a band, the unit rate outside, times the day's multiplier.
 */
export function importWeekRates(version: PlanVersion): Float64Array {
  let rates = importTables.get(version);
  if (rates) return rates;
  rates = bandTable(version.unitRatePerKwh, version.timeOfUseRates);
  for (const peak of version.peakTimeMultipliers) {
    const dayStart = DAYS_OF_WEEK.indexOf(peak.dayOfWeek) * QUARTER_HOURS_PER_DAY;
    for (let q = dayStart; q < dayStart + QUARTER_HOURS_PER_DAY; q++) {
      rates[q] = (rates[q] as number) * peak.multiplier;
    }
  }
  importTables.set(version, rates);
  return rates;
}

/** What exported energy earns per kWh in each quarter hour of the version's local week. */
export function exportWeekRates(version: PlanVersion): Float64Array {
  let rates = exportTables.get(version);
  if (rates) return rates;
  rates = bandTable(version.exportRatePerKwh, version.exportTimeOfUseRates);
  exportTables.set(version, rates);
  return rates;
}

/** Whether the version's import rate is the same at every local time. */
export function hasFlatImportRate(version: PlanVersion): boolean {
  return (
    version.timeOfUseRates.length === 0 &&
    version.peakTimeMultipliers.every((peak) => peak.multiplier === 1)
  );
}

/** Whether the version's export rate is the same at every local time. */
export function hasFlatExportRate(version: PlanVersion): boolean {
  return version.exportTimeOfUseRates.length === 0;
}

/** The quarter hour of the local week (0 = Monday 00:00) that a wall-clock time falls in. */
export function quarterHourOfWeek(wallSeconds: number): number {
  const epochDay = Math.floor(wallSeconds / SECONDS_PER_DAY);
  const secondOfDay = wallSeconds - epochDay * SECONDS_PER_DAY;
  return (
    weekdayOfEpochDay(epochDay) * QUARTER_HOURS_PER_DAY +
    Math.floor(secondOfDay / SECONDS_PER_QUARTER_HOUR)
  );
}
