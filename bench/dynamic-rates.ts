/**
 * Deterministic day-ahead rates like Octopus Agile's: cheap nights, a 16:00–19:00 peak, dearer
 * winters, and on some windy nights and sunny middays prices below zero. Rates are per kWh, VAT
 * not included, to the hundredth of a penny.
 */

export const SECONDS_PER_HALF_HOUR = 1800;
/** A year of half hours (365 days). */
export const HALF_HOURS_PER_YEAR = 17_520;
export const HALF_HOURS_PER_DAY = 48;

/** One published rate, as `PUT /price-plans/{id}/rates` takes it. */
export interface PublishedRate {
  readonly start: number;
  readonly end: number;
  readonly unitRatePerKwh: number;
}

/** A hash of a whole number to [0, 1): Knuth's multiplier, below 2^53 for the indexes used here. */
function unitHash(index: number, salt: number): number {
  return (((index + salt) * 2_654_435_761) % 1_000_003) / 1_000_003;
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * The import rate of half hour `index` counted from `firstStart` (epoch seconds, a UTC midnight):
 * `variant` shifts the whole series, so that a second publication over the same time differs.
 */
export function importRatePerKwh(firstStart: number, index: number, variant = 0): number {
  const day = Math.floor((firstStart + index * SECONDS_PER_HALF_HOUR) / 86_400);
  const hour = (index % HALF_HOURS_PER_DAY) / 2;
  // Dearer in winter: day 0 of the epoch is 1 January, so the cosine peaks then.
  const season = 0.05 * Math.cos((2 * Math.PI * (day % 365)) / 365);
  const peak = hour >= 16 && hour < 19 ? 0.16 : 0;
  const morning = hour >= 7 && hour < 10 ? 0.05 : 0;
  const night = hour < 6 ? -0.06 : 0;
  const windyNight = unitHash(day, 11) < 0.12 && hour >= 1 && hour < 5 ? -0.2 : 0;
  const sunnyMidday = unitHash(day, 29) < 0.08 && hour >= 11 && hour < 15 ? -0.18 : 0;
  const jitter = (unitHash(index, 7 + variant) - 0.5) * 0.04;
  return round4(
    0.16 + variant * 0.01 + season + peak + morning + night + windyNight + sunnyMidday + jitter,
  );
}

/** An export rate that follows the import rate (Agile Outgoing's shape), never below zero. */
export function exportRatePerKwh(firstStart: number, index: number): number {
  return round4(Math.max(0, 0.55 * importRatePerKwh(firstStart, index) - 0.01));
}

/** `count` consecutive half-hourly rates from `firstStart` (a UTC midnight). */
export function halfHourlyRates(
  firstStart: number,
  count: number,
  rateOf: (firstStart: number, index: number) => number,
): PublishedRate[] {
  return Array.from({ length: count }, (_, index) => ({
    start: firstStart + index * SECONDS_PER_HALF_HOUR,
    end: firstStart + (index + 1) * SECONDS_PER_HALF_HOUR,
    unitRatePerKwh: rateOf(firstStart, index),
  }));
}
