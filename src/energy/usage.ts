import type { Reading, TimeWindow } from './types';

const SECONDS_PER_HOUR = 3600;

/** A straight piece of the power curve: power `startKw` at `startTime` rising or falling linearly to `endKw` at `endTime`. */
export interface PowerSegment {
  readonly startTime: number;
  readonly startKw: number;
  readonly endTime: number;
  readonly endKw: number;
}

/**
 * The readings a meter holds after storing these in order: one per time, the last one given for a
 * time winning, sorted by time.
 */
export function latestReadingPerTime(readings: readonly Reading[]): Reading[] {
  const readingKwByTime = new Map<number, number>();
  for (const { time, reading } of readings) readingKwByTime.set(time, reading);
  return Array.from(readingKwByTime, ([time, reading]) => ({ time, reading })).sort(
    (a, b) => a.time - b.time,
  );
}

/** Power in kW at `time` on the straight line through the segment's ends. */
function powerAt(segment: PowerSegment, time: number): number {
  if (time === segment.startTime) return segment.startKw;
  if (time === segment.endTime) return segment.endKw;
  const fraction = (time - segment.startTime) / (segment.endTime - segment.startTime);
  return segment.startKw + (segment.endKw - segment.startKw) * fraction;
}

/** The part of `segment` between `from` and `to` (clamped to the segment), power interpolated at the cuts. */
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

/**
 * The power curve of time-sorted readings (one per time) inside `window`: one segment per pair of
 * consecutive readings that overlaps the window, cut at the window's edges.
 */
export function segmentsInWindow(
  sortedReadings: readonly Reading[],
  window: TimeWindow = {},
): PowerSegment[] {
  const from = window.from ?? Number.NEGATIVE_INFINITY;
  const to = window.to ?? Number.POSITIVE_INFINITY;
  const segments: PowerSegment[] = [];
  for (let i = 0; i + 1 < sortedReadings.length; i++) {
    const start = sortedReadings[i] as Reading;
    const end = sortedReadings[i + 1] as Reading;
    if (end.time <= from) continue;
    if (start.time >= to) break;
    const segment = {
      startTime: start.time,
      startKw: start.reading,
      endTime: end.time,
      endKw: end.reading,
    };
    segments.push(clipSegment(segment, from, to));
  }
  return segments;
}

/** Energy under a segment, in kWh: trapezoid area = (startKw + endKw) / 2 × hours. */
export function segmentKwh(segment: PowerSegment): number {
  const hours = (segment.endTime - segment.startTime) / SECONDS_PER_HOUR;
  return ((segment.startKw + segment.endKw) / 2) * hours;
}

/** Total energy of the segments, in kWh. */
export function totalKwh(segments: readonly PowerSegment[]): number {
  let kwh = 0;
  for (const segment of segments) kwh += segmentKwh(segment);
  return kwh;
}

/**
 * Energy used inside `window`, in kWh, by the trapezoidal rule over the readings in any order:
 * Σ (reading[i] + reading[i+1]) / 2 × (time[i+1] − time[i]) / 3600, intervals cut at the window's edges.
 */
export function usageKwh(readings: readonly Reading[], window: TimeWindow = {}): number {
  return totalKwh(segmentsInWindow(latestReadingPerTime(readings), window));
}
