/**
 * Day-ahead half-hourly rates for the demo's dynamic plan, shaped like a British "agile" tariff:
 * cheap overnight, dear from 16:00 to 19:00 London time, dearer in winter, and below zero on the
 * small hours of the windiest nights. A pure function of each half hour's start, so that a rate
 * published again is the same rate, whatever day the demo is loaded.
 */
import { isoWithOffset } from './octopus-csv.ts';
import { between, mulberry32, seedOf } from './seeded-random.ts';

/** A published rate, as `PUT /price-plans/{id}/rates` takes it: GBP per kWh before VAT. */
export interface DemoRate {
  readonly start: number;
  readonly end: number;
  readonly unitRatePerKwh: number;
}

const HALF_HOUR_SECONDS = 1800;
const SECONDS_PER_DAY = 86_400;
const RATES_SEED = 2026;
const WIND_TAG = 21;
const NOISE_TAG = 22;
// Agile-like tariffs cap their rate; this one at £1/kWh before VAT.
const CAP_PER_KWH = 1;
// Mid-January in days since the epoch, modulo a year: the dearest time of the year.
const MID_JANUARY_DAY = 14;
const YEAR_DAYS = 365.25;

/** The wholesale shape of a day by London wall-clock hour, GBP/kWh before season and wind. */
function dailyShapePerKwh(localHour: number): number {
  if (localHour < 4) return 0.135;
  if (localHour < 7) return 0.155;
  if (localHour < 16) return 0.225;
  if (localHour < 19) return 0.37;
  if (localHour < 23) return 0.235;
  return 0.165;
}

/** The rate of the half hour starting at `startEpochSeconds` (on a half hour), GBP/kWh, 4 decimals. */
export function agileRatePerKwh(startEpochSeconds: number): number {
  const local = isoWithOffset(startEpochSeconds, 'Europe/London');
  const localHour = Number(local.slice(11, 13)) + Number(local.slice(14, 16)) / 60;
  const day = Math.floor(startEpochSeconds / SECONDS_PER_DAY);
  const season = 1 + 0.2 * Math.cos((2 * Math.PI * (day - MID_JANUARY_DAY)) / YEAR_DAYS);
  const wind = mulberry32(seedOf(RATES_SEED, WIND_TAG, day))();
  // Wind drives the price down most at night, when demand is low: below zero on a few nights.
  const windDrop = wind ** 4 * (localHour < 7 ? 0.16 : 0.1);
  const noise = between(
    mulberry32(seedOf(RATES_SEED, NOISE_TAG, startEpochSeconds / HALF_HOUR_SECONDS)),
    -0.015,
    0.015,
  );
  const rate = Math.min(CAP_PER_KWH, dailyShapePerKwh(localHour) * season - windDrop + noise);
  return Math.round(rate * 10_000) / 10_000;
}

/** The rates of every half hour in `[fromEpochSeconds, toEpochSeconds)`, both on half hours. */
export function agileRates(fromEpochSeconds: number, toEpochSeconds: number): DemoRate[] {
  const rates: DemoRate[] = [];
  for (let start = fromEpochSeconds; start < toEpochSeconds; start += HALF_HOUR_SECONDS) {
    rates.push({
      start,
      end: start + HALF_HOUR_SECONDS,
      unitRatePerKwh: agileRatePerKwh(start),
    });
  }
  return rates;
}
