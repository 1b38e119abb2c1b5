import type { Reading } from './types';
import { clipSegment, type PowerSegment, segmentKwh, segmentsInWindow } from './usage';

/**
 * A meter's energy is kept pre-summed so that a window's cost never re-reads its readings:
 * - short segments (consecutive readings at most a day apart) are split into 15-minute base buckets,
 *   and buckets are summed up a tree of fan-out 16 (a level-k bucket sums 16^k base buckets), so
 *   any run of base buckets is at most two short runs of buckets per level;
 * - long segments (gaps of more than a day) are kept whole, so a reading at a wrong, distant time
 *   costs one row instead of thousands of buckets; a window holds at most one per day of its length.
 * Every real time zone's midnight falls on a 15-minute boundary, so local days need no partial bucket.
 */
export const BUCKET_SECONDS = 900;
export const LONG_SEGMENT_SECONDS = 86_400;
/** Children per bucket: wide enough for a short tree, narrow enough to sum a run in one read. */
export const BUCKET_FAN_OUT = 16;
/**
 * The highest level kept. Base buckets of accepted times (before 2106) number under 16^6, so no
 * run of them ever needs a level above 5 (a level-5 bucket spans 16^5 base buckets, 30 years).
 */
export const TOP_BUCKET_LEVEL = 5;

/** Buckets `[first, end)` of one tree level; a level-k bucket i spans base buckets `[i × 16^k, (i + 1) × 16^k)`. */
export interface BucketRun {
  readonly level: number;
  readonly first: number;
  readonly end: number;
}

export function isLongSegment(segment: PowerSegment): boolean {
  return segment.endTime - segment.startTime > LONG_SEGMENT_SECONDS;
}

/** Index of the base bucket holding the instant `time`. */
export function bucketOf(time: number): number {
  return Math.floor(time / BUCKET_SECONDS);
}

/** Base buckets a segment overlaps, as `[first, end)`. */
function bucketsOverlapping(segment: PowerSegment): [number, number] {
  return [bucketOf(segment.startTime), Math.ceil(segment.endTime / BUCKET_SECONDS)];
}

/** Adds the segment's energy in each base bucket it overlaps to `kwhByBucket` (only `onlyBuckets`, if given). */
export function addKwhByBucket(
  kwhByBucket: Map<number, number>,
  segment: PowerSegment,
  onlyBuckets?: ReadonlySet<number>,
): void {
  const [first, end] = bucketsOverlapping(segment);
  for (let index = first; index < end; index++) {
    if (onlyBuckets && !onlyBuckets.has(index)) continue;
    const part = clipSegment(segment, index * BUCKET_SECONDS, (index + 1) * BUCKET_SECONDS);
    kwhByBucket.set(index, (kwhByBucket.get(index) ?? 0) + segmentKwh(part));
  }
}

/**
 * Splits a batch's time-sorted readings (one per time) into runs: consecutive readings with no
 * stored reading strictly between them. `storedReadingBetween(i)` tells whether one lies between
 * readings i and i + 1. Storing a run only changes the curve between the stored readings just
 * outside it, so the work of a store follows the batch, not the history it spans.
 */
export function splitIntoRuns(
  sortedReadings: readonly Reading[],
  storedReadingBetween: (index: number) => boolean,
): Reading[][] {
  const runs: Reading[][] = [];
  let run: Reading[] = [];
  sortedReadings.forEach((reading, index) => {
    run.push(reading);
    if (index === sortedReadings.length - 1 || storedReadingBetween(index)) {
      runs.push(run);
      run = [];
    }
  });
  return runs;
}

/**
 * The base buckets that short segments overlap, as sorted, disjoint, non-adjacent ranges
 * `[first, end)`: the buckets whose energy a change of those segments alters.
 */
export function bucketRangesOverlapped(segments: readonly PowerSegment[]): [number, number][] {
  const ranges = segments
    .filter((segment) => !isLongSegment(segment) && segment.endTime > segment.startTime)
    .map(bucketsOverlapping)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [first, end] of ranges) {
    const last = merged.at(-1);
    if (last && first <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([first, end]);
  }
  return merged;
}

/**
 * kWh of short segments in each base bucket of `[first, end)`, from time-sorted readings that
 * span the range: every reading inside it, and the nearest one at or before its start and at or
 * after its end (so that segments crossing its edges are complete).
 */
export function bucketKwhInRange(
  spanningReadings: readonly Reading[],
  first: number,
  end: number,
): Map<number, number> {
  const kwhByBucket = new Map<number, number>();
  for (let index = first; index < end; index++) kwhByBucket.set(index, 0);
  const onlyRange = new Set(kwhByBucket.keys());
  for (const segment of segmentsInWindow(spanningReadings)) {
    if (!isLongSegment(segment)) addKwhByBucket(kwhByBucket, segment, onlyRange);
  }
  return kwhByBucket;
}

/** Runs of tree buckets that exactly cover base buckets `[first, end)`: at most two per level. */
export function coveringBucketRuns(first: number, end: number): BucketRun[] {
  const runs: BucketRun[] = [];
  let low = first;
  let high = end;
  for (let level = 0; low < high; level++) {
    const lowRoundedUp = Math.ceil(low / BUCKET_FAN_OUT) * BUCKET_FAN_OUT;
    const highRoundedDown = Math.floor(high / BUCKET_FAN_OUT) * BUCKET_FAN_OUT;
    if (lowRoundedUp >= highRoundedDown) {
      runs.push({ level, first: low, end: high });
      break;
    }
    if (low < lowRoundedUp) runs.push({ level, first: low, end: lowRoundedUp });
    if (highRoundedDown < high) runs.push({ level, first: highRoundedDown, end: high });
    low = lowRoundedUp / BUCKET_FAN_OUT;
    high = highRoundedDown / BUCKET_FAN_OUT;
  }
  return runs;
}

/** The parents of these buckets, as runs of consecutive parents (ascending). */
export function parentRuns(level: number, indexes: Iterable<number>): BucketRun[] {
  const parents = [...new Set(Array.from(indexes, (index) => Math.floor(index / BUCKET_FAN_OUT)))];
  parents.sort((a, b) => a - b);
  const runs: BucketRun[] = [];
  for (const parent of parents) {
    const last = runs.at(-1);
    if (last && last.end === parent) runs[runs.length - 1] = { ...last, end: parent + 1 };
    else runs.push({ level: level + 1, first: parent, end: parent + 1 });
  }
  return runs;
}
