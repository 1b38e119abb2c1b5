/**
 * Half-hourly kWh intervals as real meters send them: a household's import over the bench's
 * minute curve, and a solar export curve that follows the sun through the day and the year.
 */
import { HALF_HOURS_PER_DAY, SECONDS_PER_HALF_HOUR } from './dynamic-rates.ts';
import { readingKw } from './readings.ts';

/** One interval, as `POST /meters/{id}/intervals` takes it. */
export interface EnergyInterval {
  readonly start: number;
  readonly end: number;
  readonly kwh: number;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** Half an hour at the minute curve's power: kW × 0.5 h, to the watt-hour. */
export function importKwh(halfHour: number): number {
  return round3(readingKw(halfHour * 30) * 0.5);
}

/**
 * Exported kWh of a half hour: a 4 kW array's output between 06:00 and 20:00 UTC, more in summer,
 * less the house's own use, cut at zero.
 */
export function exportKwh(firstStart: number, halfHour: number): number {
  const hour = (halfHour % HALF_HOURS_PER_DAY) / 2 + 0.25;
  if (hour < 6 || hour > 20) return 0;
  const day = Math.floor((firstStart + halfHour * SECONDS_PER_HALF_HOUR) / 86_400);
  // Longest days in late June: day 172 of the year.
  const season = 0.6 + 0.4 * Math.cos((2 * Math.PI * ((day % 365) - 172)) / 365);
  const solarKw = 4 * season * Math.sin((Math.PI * (hour - 6)) / 14);
  return round3(Math.max(0, solarKw - readingKw(halfHour * 30)) * 0.5);
}

/** `count` consecutive half-hour intervals from `firstStart`, each with its kWh. */
export function halfHourIntervals(
  firstStart: number,
  count: number,
  kwhOf: (halfHour: number) => number,
): EnergyInterval[] {
  return Array.from({ length: count }, (_, halfHour) => ({
    start: firstStart + halfHour * SECONDS_PER_HALF_HOUR,
    end: firstStart + (halfHour + 1) * SECONDS_PER_HALF_HOUR,
    kwh: kwhOf(halfHour),
  }));
}

/** The JSON body of an upload. */
export function intervalsBody(
  channel: 'import' | 'export',
  intervals: readonly EnergyInterval[],
): string {
  return JSON.stringify({ channel, intervals });
}
