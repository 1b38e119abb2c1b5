import type { Reading } from './types';

const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_QUARTER_HOUR = 900;
export const SECONDS_PER_DAY = 86_400;
export const QUARTERS_PER_DAY = 96;

/**
 * A straight piece of a power curve: `startKw` at `startTime` rising or falling linearly to
 * `endKw` at `endTime`. Readings make a curve of such pieces between consecutive readings; an
 * interval of metered kWh is a flat piece (its energy spread evenly over it).
 */
export interface PowerSegment {
  readonly startTime: number;
  readonly startKw: number;
  readonly endTime: number;
  readonly endKw: number;
}

/** kWh metered over `[start, end)`, as meters that report consumption per interval send it. */
export interface EnergyInterval {
  readonly start: number;
  readonly end: number;
  readonly kwh: number;
}

/** The readings a meter holds after storing these in order: the last one given for a time wins. */
export function latestReadingPerTime(readings: readonly Reading[]): Reading[] {
  const readingKwByTime = new Map<number, number>();
  for (const { time, reading } of readings) readingKwByTime.set(time, reading);
  return Array.from(readingKwByTime, ([time, reading]) => ({ time, reading })).sort(
    (a, b) => a.time - b.time,
  );
}

/** The power curve of time-sorted readings (one per time): a segment per consecutive pair. */
export function segmentsOfReadings(sorted: readonly Reading[]): PowerSegment[] {
  const segments: PowerSegment[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i] as Reading;
    const end = sorted[i + 1] as Reading;
    segments.push({
      startTime: start.time,
      startKw: start.reading,
      endTime: end.time,
      endKw: end.reading,
    });
  }
  return segments;
}

/** The power curve of time-sorted intervals: each one's mean power over it, nothing between. */
export function segmentsOfIntervals(sorted: readonly EnergyInterval[]): PowerSegment[] {
  return sorted.map(({ start, end, kwh }) => {
    const kw = (kwh * SECONDS_PER_HOUR) / (end - start);
    return { startTime: start, startKw: kw, endTime: end, endKw: kw };
  });
}

/** Power in kW at `time` on the straight line through the segment's ends. */
export function powerAt(segment: PowerSegment, time: number): number {
  if (time === segment.startTime) return segment.startKw;
  if (time === segment.endTime) return segment.endKw;
  const fraction = (time - segment.startTime) / (segment.endTime - segment.startTime);
  return segment.startKw + (segment.endKw - segment.startKw) * fraction;
}

/** The part of `segment` between `from` and `to` (clamped to it), power interpolated at the cuts. */
export function clipSegment(segment: PowerSegment, from: number, to: number): PowerSegment {
  const startTime = Math.max(segment.startTime, from);
  const endTime = Math.min(segment.endTime, to);
  return {
    startTime,
    startKw: powerAt(segment, startTime),
    endTime,
    endKw: powerAt(segment, endTime),
  };
}

/** Energy under a segment, in kWh: trapezoid area = (startKw + endKw) / 2 × hours. */
export function segmentKwh(segment: PowerSegment): number {
  if (segment.endTime <= segment.startTime) return 0;
  const hours = (segment.endTime - segment.startTime) / SECONDS_PER_HOUR;
  return ((segment.startKw + segment.endKw) / 2) * hours;
}

/** Index of the first segment ending after `time`, in segments sorted by time (binary search). */
function firstEndingAfter(segments: readonly PowerSegment[], time: number): number {
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((segments[middle] as PowerSegment).endTime <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** kWh of a time-sorted, non-overlapping curve inside `[from, to)`, cut pieces interpolated. */
export function energyBetween(segments: readonly PowerSegment[], from: number, to: number): number {
  let kwh = 0;
  for (let i = firstEndingAfter(segments, from); i < segments.length; i++) {
    const segment = segments[i] as PowerSegment;
    if (segment.startTime >= to) break;
    kwh += segmentKwh(clipSegment(segment, from, to));
  }
  return kwh;
}

/** kWh of a time-sorted curve in each UTC quarter hour of the day starting at `dayStart`. */
export function quarterEnergy(segments: readonly PowerSegment[], dayStart: number): Float64Array {
  const kwh = new Float64Array(QUARTERS_PER_DAY);
  const dayEnd = dayStart + SECONDS_PER_DAY;
  for (let i = firstEndingAfter(segments, dayStart); i < segments.length; i++) {
    const segment = segments[i] as PowerSegment;
    if (segment.startTime >= dayEnd) break;
    const first = Math.max(
      0,
      Math.floor((segment.startTime - dayStart) / SECONDS_PER_QUARTER_HOUR),
    );
    const end = Math.min(
      QUARTERS_PER_DAY,
      Math.ceil((segment.endTime - dayStart) / SECONDS_PER_QUARTER_HOUR),
    );
    for (let q = first; q < end; q++) {
      const quarterStart = dayStart + q * SECONDS_PER_QUARTER_HOUR;
      const part = clipSegment(segment, quarterStart, quarterStart + SECONDS_PER_QUARTER_HOUR);
      kwh[q] = (kwh[q] as number) + segmentKwh(part);
    }
  }
  return kwh;
}

/**
 * Energy used, in kWh, by the trapezoidal rule over readings in any order:
 * Σ (reading[i] + reading[i+1]) / 2 × (time[i+1] − time[i]) / 3600.
 */
export function usageKwh(readings: readonly Reading[]): number {
  let kwh = 0;
  for (const segment of segmentsOfReadings(latestReadingPerTime(readings)))
    kwh += segmentKwh(segment);
  return kwh;
}
