/**
 * Deterministic, realistic demo readings for the five trial meters, so that `npm run dev` answers
 * the README's curl examples at once, with the figures the README shows. Only the dev script loads
 * them, through the public API.
 */

export interface DemoReading {
  time: number;
  reading: number;
}

export const DEMO_METER_IDS = [
  'smart-meter-0',
  'smart-meter-1',
  'smart-meter-2',
  'smart-meter-3',
  'smart-meter-4',
] as const;

const QUARTER_HOUR_SECONDS = 15 * 60;
const DEMO_DAYS = 7;
// Households differ: a small flat to a family house with an electric oven.
const HOUSEHOLD_SCALE = [1, 0.6, 1.4, 0.8, 1.15];

/**
 * The demo week ends at 2020-11-29 07:45 UTC, a quarter hour before the README's store example
 * begins: its readings continue the demo curve instead of being joined to it across a gap of years,
 * reloading the demo never overwrites them, and every figure the README shows is reproducible.
 */
export const DEMO_END_TIME = 1_606_635_900;

/** A value in [0, 1) that depends only on its inputs (a small integer hash). */
function noise(meterIndex: number, time: number): number {
  let hash = Math.imul(time ^ (meterIndex * 0x9e3779b1), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return ((hash ^ (hash >>> 16)) >>> 0) / 2 ** 32;
}

/** Typical household power in kW at a UTC hour of day: base load, a morning and an evening peak. */
function householdLoadKw(hourOfDay: number): number {
  const peak = (centre: number, width: number, kw: number) =>
    kw * Math.exp(-(((hourOfDay - centre) / width) ** 2));
  return 0.25 + peak(7.5, 1.2, 1.1) + peak(13, 2, 0.3) + peak(19, 2, 1.9);
}

/** A week of quarter-hourly readings for one trial meter, ending at `endTime`. */
export function demoReadings(meterIndex: number, endTime: number): DemoReading[] {
  const scale = HOUSEHOLD_SCALE[meterIndex % HOUSEHOLD_SCALE.length] ?? 1;
  const count = (DEMO_DAYS * 24 * 3600) / QUARTER_HOUR_SECONDS + 1;
  return Array.from({ length: count }, (_, i) => {
    const time = endTime - (count - 1 - i) * QUARTER_HOUR_SECONDS;
    const hourOfDay = (time % 86_400) / 3600;
    const kw = householdLoadKw(hourOfDay) * scale * (0.8 + 0.4 * noise(meterIndex, time));
    return { time, reading: Math.round(kw * 10_000) / 10_000 };
  });
}
