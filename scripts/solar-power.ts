/**
 * A seeded model of a household's rooftop solar panels for `npm run simulate` and the demo: a bell
 * of power around solar noon whose height and width follow the seasons, dimmed by clouds that
 * change every half hour. Pure functions of (seed, meter index, time), with an exact energy
 * integral, so that a half hour's generation is the area under the power curve, to the last digit.
 *
 * The sky is London's (51.5° N, on the Greenwich meridian): solar noon is 12:00 UTC (the equation
 * of time, ±16 minutes, is left out), days run from about 7.8 hours of daylight in December to
 * 16.5 in June.
 */
import { between, mulberry32, seedOf } from './seeded-random.ts';

/** One household's panels, and the weather they see. */
export interface SolarArray {
  /** Peak power of the panels in full sun, kW. */
  readonly capacityKwp: number;
  /** Key of the weather draws: the same for every household of one simulation, so they share a sky. */
  readonly weatherKey: number;
}

/** The clear-sky day of one UTC date: when the sun is up, and how strongly it shines at noon. */
export interface SolarDay {
  readonly sunriseEpochSeconds: number;
  readonly daylightSeconds: number;
  /** Clear-sky power at solar noon per kW of panels. */
  readonly noonKwPerKwp: number;
}

const SECONDS_PER_DAY = 86_400;
const SECONDS_PER_HOUR = 3600;
/** Clouds change every half hour; a half hour never crosses a UTC midnight. */
export const HALF_HOUR_SECONDS = 1800;
const SOLAR_NOON_SECONDS = 12 * SECONDS_PER_HOUR;
// The June solstice of 2026 (21 June, 08:24 UTC) in days since the epoch, and the tropical year:
// the seasons' phase, good for centuries either side.
const JUNE_SOLSTICE_DAY = Date.UTC(2026, 5, 21, 8, 24) / 1000 / SECONDS_PER_DAY;
const TROPICAL_YEAR_DAYS = 365.2422;
// London: 16.5 hours of daylight at midsummer, 7.8 at midwinter.
const MEAN_DAYLIGHT_HOURS = 12.15;
const DAYLIGHT_SWING_HOURS = 4.35;
// Clear-sky noon output per kWp: about 0.85 in June, 0.3 in December (a low sun, a long air path).
const MEAN_NOON_KW_PER_KWP = 0.575;
const NOON_SWING_KW_PER_KWP = 0.275;
// Tags keep the draws for different purposes independent of one another.
const CAPACITY_TAG = 11;
const WEATHER_TAG = 12;
const DAY_SKY_TAG = 13;
const HALF_HOUR_SKY_TAG = 14;

/** The panels of meter `meterIndex` in a simulation seeded with `seed`: 2.5 to 5 kWp. */
export function solarArray(seed: number, meterIndex: number): SolarArray {
  return {
    capacityKwp: between(mulberry32(seedOf(seed, CAPACITY_TAG, meterIndex)), 2.5, 5),
    weatherKey: seedOf(seed, WEATHER_TAG),
  };
}

/**
 * Whether meter `meterIndex` has panels when a share of the households do: spread evenly, so
 * that the first n meters hold round(n × share) of them (0.3 of 10 meters: meters 1, 4 and 8).
 */
export function hasSolarPanels(meterIndex: number, share: number): boolean {
  return Math.round((meterIndex + 1) * share) > Math.round(meterIndex * share);
}

/** The clear-sky day of UTC day `dayNumber` (days since 1970-01-01). */
export function solarDay(dayNumber: number): SolarDay {
  // 1 at the June solstice, -1 at the December one.
  const season = Math.cos(
    (2 * Math.PI * (dayNumber + 0.5 - JUNE_SOLSTICE_DAY)) / TROPICAL_YEAR_DAYS,
  );
  const daylightSeconds = (MEAN_DAYLIGHT_HOURS + DAYLIGHT_SWING_HOURS * season) * SECONDS_PER_HOUR;
  return {
    sunriseEpochSeconds: dayNumber * SECONDS_PER_DAY + SOLAR_NOON_SECONDS - daylightSeconds / 2,
    daylightSeconds,
    noonKwPerKwp: MEAN_NOON_KW_PER_KWP + NOON_SWING_KW_PER_KWP * season,
  };
}

/** Clear-sky power per kWp: noon output × sin²(π × time since sunrise / daylight), 0 at night. */
export function clearSkyKwPerKwp(day: SolarDay, timeEpochSeconds: number): number {
  const sinceSunrise = timeEpochSeconds - day.sunriseEpochSeconds;
  if (sinceSunrise <= 0 || sinceSunrise >= day.daylightSeconds) return 0;
  return day.noonKwPerKwp * Math.sin((Math.PI * sinceSunrise) / day.daylightSeconds) ** 2;
}

/**
 * The share of clear-sky power that gets through the clouds in one half hour (index = start / 1800):
 * a day's overall sky (0.3 overcast to 1 clear) times a half hour's passing clouds (0.8 to 1).
 */
export function cloudFactor(array: SolarArray, halfHourIndex: number): number {
  const dayNumber = Math.floor((halfHourIndex * HALF_HOUR_SECONDS) / SECONDS_PER_DAY);
  const daySky = between(mulberry32(seedOf(array.weatherKey, DAY_SKY_TAG, dayNumber)), 0.3, 1);
  const passing = between(
    mulberry32(seedOf(array.weatherKey, HALF_HOUR_SKY_TAG, halfHourIndex)),
    0.8,
    1,
  );
  return daySky * passing;
}

/** The panels' output in kW at an instant: never negative, 0 between sunset and sunrise. */
export function solarKw(array: SolarArray, timeEpochSeconds: number): number {
  const day = solarDay(Math.floor(timeEpochSeconds / SECONDS_PER_DAY));
  const clearSky = clearSkyKwPerKwp(day, timeEpochSeconds);
  if (clearSky === 0) return 0;
  const halfHourIndex = Math.floor(timeEpochSeconds / HALF_HOUR_SECONDS);
  return array.capacityKwp * clearSky * cloudFactor(array, halfHourIndex);
}

/** ∫ sin²(πx / L) dx from 0 to x, for x clamped to the daylight [0, L], in seconds. */
function sineSquaredArea(x: number, daylightSeconds: number): number {
  const clamped = Math.min(Math.max(x, 0), daylightSeconds);
  return (
    clamped / 2 -
    (daylightSeconds / (4 * Math.PI)) * Math.sin((2 * Math.PI * clamped) / daylightSeconds)
  );
}

/**
 * Energy generated in `[fromEpochSeconds, toEpochSeconds)`, kWh: the exact integral of `solarKw`,
 * summed over the half hours the span crosses (clouds and season are constant inside each).
 */
export function solarKwh(
  array: SolarArray,
  fromEpochSeconds: number,
  toEpochSeconds: number,
): number {
  let kwh = 0;
  let from = fromEpochSeconds;
  while (from < toEpochSeconds) {
    const halfHourIndex = Math.floor(from / HALF_HOUR_SECONDS);
    const to = Math.min(toEpochSeconds, (halfHourIndex + 1) * HALF_HOUR_SECONDS);
    const day = solarDay(Math.floor(from / SECONDS_PER_DAY));
    const area =
      sineSquaredArea(to - day.sunriseEpochSeconds, day.daylightSeconds) -
      sineSquaredArea(from - day.sunriseEpochSeconds, day.daylightSeconds);
    kwh +=
      (array.capacityKwp * day.noonKwPerKwp * cloudFactor(array, halfHourIndex) * area) /
      SECONDS_PER_HOUR;
    from = to;
  }
  return kwh;
}
