import type { Reading } from './types';
import { clipSegment, type PowerSegment, segmentKwh, segmentsInWindow, totalKwh } from './usage';

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

/** What storing a batch changes in the aggregates of the region it touches. */
export interface AggregateUpdate {
  /** New kWh of every base bucket whose short segments changed. */
  readonly kwhByBucket: Map<number, number>;
  /** The long segments starting inside the region, replacing those stored there. */
  readonly longSegments: PowerSegment[];
}

/**
 * The aggregate changes between two versions of a meter's curve that differ only inside
 * `[regionStart, regionEnd]` (both stored reading times, or the batch's ends). Both reading lists
 * are time-sorted and must span every base bucket the region overlaps, neighbours included.
 */
export function aggregateUpdate(
  oldReadings: readonly Reading[],
  newReadings: readonly Reading[],
  regionStart: number,
  regionEnd: number,
): AggregateUpdate {
  const inRegion = (segment: PowerSegment) =>
    segment.startTime >= regionStart && segment.endTime <= regionEnd;
  const oldSegments = segmentsInWindow(oldReadings).filter(inRegion);
  const newCurve = segmentsInWindow(newReadings);
  const newSegments = newCurve.filter(inRegion);

  const touched = new Set<number>();
  for (const segment of [...oldSegments, ...newSegments]) {
    if (isLongSegment(segment)) continue;
    const [first, end] = bucketsOverlapping(segment);
    for (let index = first; index < end; index++) touched.add(index);
  }
  const kwhByBucket = new Map<number, number>(Array.from(touched, (index) => [index, 0]));
  for (const segment of newCurve) {
    if (!isLongSegment(segment)) addKwhByBucket(kwhByBucket, segment, touched);
  }
  return { kwhByBucket, longSegments: newSegments.filter(isLongSegment) };
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

/** Where the aggregate path gets its figures: the meter's storage. */
export interface AggregateSource {
  /** kWh between two instants, from the readings themselves (used within one base bucket). */
  directKwh(from: number, to: number): number;
  /** Total kWh of short segments in these runs of tree buckets. */
  bucketKwh(runs: readonly BucketRun[]): number;
  /** Long segments overlapping `[from, to)`. */
  longSegmentsOverlapping(from: number, to: number): PowerSegment[];
}

/**
 * kWh between two instants from the aggregates: the partial base buckets at the edges read
 * directly, the whole ones in between from the tree, plus long segments clipped to them.
 */
export function kwhFromAggregates(from: number, to: number, source: AggregateSource): number {
  if (from >= to) return 0;
  const firstWhole = Math.ceil(from / BUCKET_SECONDS);
  const endWhole = Math.floor(to / BUCKET_SECONDS);
  if (firstWhole >= endWhole) return source.directKwh(from, to);
  const wholeFrom = firstWhole * BUCKET_SECONDS;
  const wholeTo = endWhole * BUCKET_SECONDS;
  const longKwh = totalKwh(
    source
      .longSegmentsOverlapping(wholeFrom, wholeTo)
      .map((segment) => clipSegment(segment, wholeFrom, wholeTo)),
  );
  return (
    source.directKwh(from, wholeFrom) +
    source.bucketKwh(coveringBucketRuns(firstWhole, endWhole)) +
    longKwh +
    source.directKwh(wholeTo, to)
  );
}
