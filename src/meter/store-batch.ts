import {
  addKwhByBucket,
  BUCKET_SECONDS,
  bucketKwhInRange,
  bucketRangesOverlapped,
  isLongSegment,
  splitIntoRuns,
} from '../energy/aggregates';
import { rateAt } from '../energy/tariff';
import type { Reading } from '../energy/types';
import { latestReadingPerTime, type PowerSegment, segmentsInWindow } from '../energy/usage';
import type { RatedPlan } from '../energy/window-energy';
import type { AggregateTables } from './aggregate-tables';
import type { ReadingsTable } from './readings-table';
import type { TariffTables } from './tariff-tables';

/** A meter's tables: its readings, and the energy aggregates derived from them. */
export interface MeterTables {
  readonly readings: ReadingsTable;
  readonly aggregates: AggregateTables;
  readonly tariffs: TariffTables;
}

const REBUILD_PAGE_ROWS = 10_000;

/**
 * Stores a batch (any order; the last reading given for a time wins) and updates the aggregates
 * it changes. Call inside one transaction. The work follows the batch, not the history: each run
 * of batch readings between the same two stored readings changes the curve only between those two.
 */
export function storeBatch(
  tables: MeterTables,
  batch: readonly Reading[],
  ratedPlans: readonly RatedPlan[],
): void {
  const sorted = latestReadingPerTime(batch);
  if (sorted.length === 0) return;
  const occupiedGaps = tables.readings.gapsHoldingReadings(sorted.map((reading) => reading.time));
  const runs = splitIntoRuns(sorted, (gap) => occupiedGaps.has(gap));
  const changedSegments: PowerSegment[] = [];
  for (const run of runs) {
    const first = run[0] as Reading;
    const last = run.at(-1) as Reading;
    const { before, after } = tables.readings.neighbours(first.time, last.time);
    const newCurve = segmentsInWindow([
      ...(before ? [before] : []),
      ...run,
      ...(after ? [after] : []),
    ]);
    tables.aggregates.replaceLongSegments(
      before?.time ?? first.time,
      after?.time ?? last.time,
      newCurve.filter(isLongSegment),
    );
    changedSegments.push(...newCurve);
  }
  const kwhByBucket = recomputedBuckets(tables.readings, sorted, changedSegments);
  tables.readings.upsert(sorted);
  writeBaseBuckets(tables, kwhByBucket, ratedPlans);
}

/** Writes base buckets' kWh, and their kWh × rate in the series of every time-varying plan. */
function writeBaseBuckets(
  tables: MeterTables,
  kwhByBucket: ReadonlyMap<number, number>,
  ratedPlans: readonly RatedPlan[],
): void {
  tables.aggregates.writeBaseBuckets(kwhByBucket);
  tables.tariffs.writeBaseBuckets(weightedBySeries(kwhByBucket, ratedPlans));
}

/** kWh × the plan's rate in each bucket, for each plan with a series (once per series). */
export function weightedBySeries(
  kwhByBucket: ReadonlyMap<number, number>,
  ratedPlans: readonly RatedPlan[],
): Map<number, Map<number, number>> {
  const bySeries = new Map<number, Map<number, number>>();
  for (const { plan, series } of ratedPlans) {
    if (series === undefined || bySeries.has(series)) continue;
    const weighted = new Map<number, number>();
    for (const [bucket, kwh] of kwhByBucket) {
      // The rate is constant within a base bucket: it is the rate at its start.
      weighted.set(bucket, kwh * rateAt(plan, bucket * BUCKET_SECONDS));
    }
    bySeries.set(series, weighted);
  }
  return bySeries;
}

/**
 * The kWh of every base bucket the changed segments overlap, recomputed from the curve the meter
 * will hold: the stored readings in those buckets (read before the batch is written, so a batch
 * never reads itself back) with the batch's readings over them. The one place that upholds the
 * aggregates' invariant: a bucket's kWh always comes from readings spanning the whole bucket, the
 * nearest ones outside it included, so parts of unchanged segments sharing a bucket count too.
 */
function recomputedBuckets(
  readings: ReadingsTable,
  sortedBatch: readonly Reading[],
  changedSegments: readonly PowerSegment[],
): Map<number, number> {
  const kwhByBucket = new Map<number, number>();
  for (const [first, end] of bucketRangesOverlapped(changedSegments)) {
    const from = first * BUCKET_SECONDS;
    const to = end * BUCKET_SECONDS;
    // Stored last, so that for a time in both, the batch's reading wins.
    const spanning = latestReadingPerTime([
      ...readings.spanning({ from, to }),
      ...readingsSpanning(sortedBatch, from, to),
    ]);
    for (const [bucket, kwh] of bucketKwhInRange(spanning, first, end)) {
      kwhByBucket.set(bucket, kwh);
    }
  }
  return kwhByBucket;
}

/** Of time-sorted readings, those inside `(from, to)` and the nearest at or outside each end. */
function readingsSpanning(sorted: readonly Reading[], from: number, to: number): Reading[] {
  const firstInside = firstIndexAfter(sorted, from);
  const firstAtOrAfterEnd = firstIndexAfter(sorted, to - 1);
  return sorted.slice(Math.max(0, firstInside - 1), firstAtOrAfterEnd + 1);
}

/** Index of the first reading with a time above `time` (binary search). */
function firstIndexAfter(sorted: readonly Reading[], time: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as Reading).time <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Recomputes the kWh aggregates from the stored readings, page by page (schema migration 2). */
export function rebuildAggregates(tables: Pick<MeterTables, 'readings' | 'aggregates'>): void {
  tables.aggregates.clear();
  const kwhByBucket = new Map<number, number>();
  const longSegments: PowerSegment[] = [];
  let previous: Reading | undefined;
  for (let page = tables.readings.after(undefined, REBUILD_PAGE_ROWS); page.length > 0; ) {
    const withPrevious = previous ? [previous, ...page] : page;
    for (const segment of segmentsInWindow(withPrevious)) {
      if (isLongSegment(segment)) longSegments.push(segment);
      else addKwhByBucket(kwhByBucket, segment);
    }
    previous = page.at(-1);
    page = previous ? tables.readings.after(previous.time, REBUILD_PAGE_ROWS) : [];
  }
  const span = tables.readings.span();
  if (span) tables.aggregates.replaceLongSegments(span.first, span.last, longSegments);
  tables.aggregates.writeBaseBuckets(kwhByBucket);
}
