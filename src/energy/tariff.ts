import {
  DAYS_OF_WEEK,
  hasFlatRate,
  MINUTES_PER_DAY,
  type PricePlan,
  QUARTER_HOUR_MINUTES,
  quarterHoursOfBand,
} from './price-plan';
import {
  dateOfEpochDay,
  epochDayOf,
  localDateAt,
  nextOffsetChange,
  startOfLocalDate,
  utcOffsetAt,
  weekdayOfEpochDay,
} from './time-zone';
import { clipSegment, type PowerSegment, segmentKwh } from './usage';

const SECONDS_PER_DAY = 86_400;
const SECONDS_PER_QUARTER_HOUR = QUARTER_HOUR_MINUTES * 60;
const QUARTER_HOURS_PER_DAY = MINUTES_PER_DAY / QUARTER_HOUR_MINUTES;
const QUARTER_HOURS_PER_WEEK = 7 * QUARTER_HOURS_PER_DAY;
const HOURS_PER_QUARTER_HOUR = 0.25;

const weekRatesOfPlan = new WeakMap<PricePlan, Float64Array>();

/**
 * The plan's rate per kWh in each quarter hour of its local week (Monday 00:00 first): the band's
 * rate inside a band, the unit rate outside every band, times the day's multiplier.
 */
function localWeekRates(plan: PricePlan): Float64Array {
  let rates = weekRatesOfPlan.get(plan);
  if (rates) return rates;
  rates = new Float64Array(QUARTER_HOURS_PER_WEEK).fill(plan.unitRatePerKwh);
  for (const band of plan.timeOfUseRates) {
    for (const quarterHour of quarterHoursOfBand(band)) rates[quarterHour] = band.unitRatePerKwh;
  }
  for (const peak of plan.peakTimeMultipliers) {
    const dayStart = DAYS_OF_WEEK.indexOf(peak.dayOfWeek) * QUARTER_HOURS_PER_DAY;
    for (let q = dayStart; q < dayStart + QUARTER_HOURS_PER_DAY; q++) {
      rates[q] = (rates[q] as number) * peak.multiplier;
    }
  }
  weekRatesOfPlan.set(plan, rates);
  return rates;
}

/** The quarter hour of the local week (0 = Monday 00:00) that a wall-clock time falls in. */
function quarterHourOfWeek(wallSeconds: number): number {
  const epochDay = Math.floor(wallSeconds / SECONDS_PER_DAY);
  const secondOfDay = wallSeconds - epochDay * SECONDS_PER_DAY;
  return (
    weekdayOfEpochDay(epochDay) * QUARTER_HOURS_PER_DAY +
    Math.floor(secondOfDay / SECONDS_PER_QUARTER_HOUR)
  );
}

/**
 * The plan's rate per kWh at an instant, multiplier included. Constant within each UTC quarter
 * hour in every zone whose offset is a whole number of quarter hours (all of today's zones).
 */
export function rateAt(plan: PricePlan, time: number): number {
  const wall = time + utcOffsetAt(plan.timeZone, time);
  return localWeekRates(plan)[quarterHourOfWeek(wall)] as number;
}

/** Power at `time` on the straight line of a segment. */
function powerAt(segment: PowerSegment, time: number): number {
  const span = segment.endTime - segment.startTime;
  if (span === 0) return segment.startKw;
  return segment.startKw + ((segment.endKw - segment.startKw) * (time - segment.startTime)) / span;
}

/**
 * What the energy of a straight piece of the power curve costs on the plan: ∫ power × rate dt.
 * Pieces of more than a few weeks (gaps in a meter's history) are folded week by week between
 * changes of the zone's offset, so the work does not grow with their length.
 */
export function segmentEnergyCost(plan: PricePlan, segment: PowerSegment): number {
  if (segment.endTime <= segment.startTime) return 0;
  if (hasFlatRate(plan)) return segmentKwh(segment) * plan.unitRatePerKwh;
  let cost = 0;
  for (let start = segment.startTime; start < segment.endTime; ) {
    const end = nextOffsetChange(plan.timeZone, start, segment.endTime) ?? segment.endTime;
    const offset = utcOffsetAt(plan.timeZone, start);
    cost += costAtConstantOffset(plan, clipSegment(segment, start, end), offset);
    start = end;
  }
  return cost;
}

/** `segmentEnergyCost` for a piece during which the zone's offset stays `offset`. */
function costAtConstantOffset(plan: PricePlan, piece: PowerSegment, offset: number): number {
  const rates = localWeekRates(plan);
  const rateOfBucket = (bucket: number) =>
    rates[quarterHourOfWeek(bucket * SECONDS_PER_QUARTER_HOUR + offset)] as number;
  const firstWhole = Math.ceil(piece.startTime / SECONDS_PER_QUARTER_HOUR);
  const endWhole = Math.floor(piece.endTime / SECONDS_PER_QUARTER_HOUR);
  if (firstWhole > endWhole) {
    // Inside one quarter hour.
    return segmentKwh(piece) * rateOfBucket(firstWhole - 1);
  }
  const head = clipSegment(piece, piece.startTime, firstWhole * SECONDS_PER_QUARTER_HOUR);
  const tail = clipSegment(piece, endWhole * SECONDS_PER_QUARTER_HOUR, piece.endTime);
  return (
    segmentKwh(head) * rateOfBucket(firstWhole - 1) +
    wholeQuarterHoursCost(piece, firstWhole, endWhole, rateOfBucket) +
    segmentKwh(tail) * rateOfBucket(endWhole)
  );
}

/**
 * Σ over quarter hours b in [first, end) of rate(b) × energy in b. On a straight line the energy
 * of a quarter hour is its power at the middle × 0.25 h; quarter hours a week apart share a rate,
 * and the mean of evenly spaced middles is their middle, so each of the week's 672 quarter hours
 * costs one product however many weeks the piece spans.
 */
function wholeQuarterHoursCost(
  piece: PowerSegment,
  first: number,
  end: number,
  rateOfBucket: (bucket: number) => number,
): number {
  const middlePower = (bucket: number) =>
    powerAt(piece, bucket * SECONDS_PER_QUARTER_HOUR + SECONDS_PER_QUARTER_HOUR / 2);
  let cost = 0;
  if (end - first <= 2 * QUARTER_HOURS_PER_WEEK) {
    for (let bucket = first; bucket < end; bucket++) {
      cost += rateOfBucket(bucket) * middlePower(bucket) * HOURS_PER_QUARTER_HOUR;
    }
    return cost;
  }
  for (let bucket = first; bucket < first + QUARTER_HOURS_PER_WEEK; bucket++) {
    const count = Math.floor((end - 1 - bucket) / QUARTER_HOURS_PER_WEEK) + 1;
    const meanBucket = bucket + (QUARTER_HOURS_PER_WEEK * (count - 1)) / 2;
    cost += rateOfBucket(bucket) * count * middlePower(meanBucket) * HOURS_PER_QUARTER_HOUR;
  }
  return cost;
}

/** The first instant and the length, in seconds, of a local day given as an epoch day. */
function localDaySpan(timeZone: string, epochDay: number): { start: number; seconds: number } {
  const start = startOfLocalDate(timeZone, dateOfEpochDay(epochDay));
  return { start, seconds: startOfLocalDate(timeZone, dateOfEpochDay(epochDay + 1)) - start };
}

/**
 * The standing charge accrued in `[from, to)`: each local calendar day costs one day's charge,
 * spread evenly over its seconds (a 23- or 25-hour day still costs exactly one day's charge).
 */
export function standingChargeBetween(plan: PricePlan, from: number, to: number): number {
  if (to <= from || plan.standingChargePerDay === 0) return 0;
  const zone = plan.timeZone;
  const firstDay = epochDayOf(localDateAt(zone, from));
  const lastDay = epochDayOf(localDateAt(zone, to));
  const first = localDaySpan(zone, firstDay);
  if (lastDay === firstDay) return (plan.standingChargePerDay * (to - from)) / first.seconds;
  const last = localDaySpan(zone, lastDay);
  const days =
    (first.start + first.seconds - from) / first.seconds +
    (lastDay - firstDay - 1) +
    (to - last.start) / last.seconds;
  return plan.standingChargePerDay * days;
}
