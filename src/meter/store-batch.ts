import {
  addKwhByBucket,
  BUCKET_SECONDS,
  bucketKwhInRange,
  bucketRangesOverlapped,
  isLongSegment,
  splitIntoRuns,
} from '../energy/aggregates';
import type { Reading } from '../energy/types';
import { latestReadingPerTime, type PowerSegment, segmentsInWindow } from '../energy/usage';
import type { AggregateTables } from './aggregate-tables';
import type { ReadingsTable } from './readings-table';

/** A meter's two sets of tables: its readings and the energy aggregates derived from them. */
export interface MeterTables {
  readonly readings: ReadingsTable;
  readonly aggregates: AggregateTables;
}

const REBUILD_PAGE_ROWS = 10_000;

/**
 * Stores a batch (any order; the last reading given for a time wins) and updates the aggregates
 * it changes. Call inside one transaction. The work follows the batch, not the history: each run
 * of batch readings between the same two stored readings changes the curve only between those two.
 */
export function storeBatch(tables: MeterTables, batch: readonly Reading[]): void {
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
  tables.readings.upsert(sorted);
  tables.aggregates.writeBaseBuckets(recomputedBuckets(tables.readings, changedSegments));
}

/**
 * The kWh of every base bucket the changed segments overlap, recomputed from the stored readings.
 * The one place that upholds the aggregates' invariant: a bucket's kWh always comes from readings
 * spanning the whole bucket, the nearest ones outside it included, so the parts of unchanged
 * segments that share a bucket with changed ones are counted too.
 */
function recomputedBuckets(
  readings: ReadingsTable,
  changedSegments: readonly PowerSegment[],
): Map<number, number> {
  const kwhByBucket = new Map<number, number>();
  for (const [first, end] of bucketRangesOverlapped(changedSegments)) {
    const spanning = readings.spanning({ from: first * BUCKET_SECONDS, to: end * BUCKET_SECONDS });
    for (const [bucket, kwh] of bucketKwhInRange(spanning, first, end)) {
      kwhByBucket.set(bucket, kwh);
    }
  }
  return kwhByBucket;
}

/** Recomputes every aggregate from the stored readings, page by page (schema migration 2). */
export function rebuildAggregates(tables: MeterTables): void {
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
