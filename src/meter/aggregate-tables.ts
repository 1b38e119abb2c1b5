import {
  BUCKET_FAN_OUT,
  type BucketRun,
  LONG_SEGMENT_SECONDS,
  parentRuns,
  TOP_BUCKET_LEVEL,
} from '../energy/aggregates';
import type { PowerSegment } from '../energy/usage';
import { insertRows, runsJson } from './sql-rows';

interface LongSegmentRow extends Record<string, SqlStorageValue> {
  start_time: number;
  end_time: number;
  start_kw: number;
  end_kw: number;
}

function rowToSegment(row: LongSegmentRow): PowerSegment {
  return {
    startTime: row.start_time,
    startKw: row.start_kw,
    endTime: row.end_time,
    endKw: row.end_kw,
  };
}

/** The integers `[first, end)`. */
function range(first: number, end: number): number[] {
  return Array.from({ length: end - first }, (_, i) => first + i);
}

/**
 * Every SQL statement on a meter's energy aggregates: the tree of 15-minute energy buckets
 * (`energy_buckets`) and the gaps of more than a day kept whole (`long_segments`).
 */
export class AggregateTables {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  /** Empties both tables, before a rebuild from the readings. */
  clear(): void {
    this.#sql.exec('DELETE FROM energy_buckets');
    this.#sql.exec('DELETE FROM long_segments');
  }

  /** Replaces the long segments starting in `[regionStart, regionEnd)` with `segments`. */
  replaceLongSegments(
    regionStart: number,
    regionEnd: number,
    segments: readonly PowerSegment[],
  ): void {
    // A region no longer than a long segment holds none, old or new: skip the statement.
    if (regionEnd - regionStart > LONG_SEGMENT_SECONDS) {
      this.#sql.exec(
        'DELETE FROM long_segments WHERE start_time >= ? AND start_time < ?',
        regionStart,
        regionEnd,
      );
    }
    insertRows(
      this.#sql,
      'INSERT INTO long_segments (start_time, end_time, start_kw, end_kw)',
      'ON CONFLICT (start_time) DO UPDATE SET end_time = excluded.end_time, start_kw = excluded.start_kw, end_kw = excluded.end_kw',
      segments.map((s) => [s.startTime, s.endTime, s.startKw, s.endKw]),
    );
  }

  /** Sets the kWh of base buckets, then re-sums every ancestor of them up the tree. */
  writeBaseBuckets(kwhByBucket: ReadonlyMap<number, number>): void {
    insertRows(
      this.#sql,
      'INSERT INTO energy_buckets (level, bucket, kwh)',
      'ON CONFLICT (level, bucket) DO UPDATE SET kwh = excluded.kwh',
      Array.from(kwhByBucket, ([index, kwh]) => [0, index, kwh]),
    );
    let changed: Iterable<number> = kwhByBucket.keys();
    for (let level = 0; level < TOP_BUCKET_LEVEL; level++) {
      const parents = parentRuns(level, changed);
      for (const run of parents) this.#resumParents(run);
      changed = parents.flatMap((run) => range(run.first, run.end));
    }
  }

  /** Sets each bucket of the run to the total of its children, summed by SQLite in index order. */
  #resumParents(run: BucketRun): void {
    this.#sql.exec(
      `INSERT INTO energy_buckets (level, bucket, kwh)
       SELECT ?, bucket / ${BUCKET_FAN_OUT}, TOTAL(kwh) FROM energy_buckets
       WHERE level = ? AND bucket >= ? AND bucket < ?
       GROUP BY bucket / ${BUCKET_FAN_OUT}
       ON CONFLICT (level, bucket) DO UPDATE SET kwh = excluded.kwh`,
      run.level,
      run.level - 1,
      run.first * BUCKET_FAN_OUT,
      run.end * BUCKET_FAN_OUT,
    );
  }

  /**
   * Total kWh of short segments in each window's runs of tree buckets, one read for all windows.
   * SQLite adds each window's buckets in one sum, run after run, so a window's total is the same
   * to the last digit whichever page or request it is asked in.
   */
  bucketKwhPerWindow(runsPerWindow: readonly (readonly BucketRun[])[]): number[] {
    const totals = runsPerWindow.map(() => 0);
    if (runsPerWindow.every((runs) => runs.length === 0)) return totals;
    const rows = this.#sql
      .exec<{ window: number; kwh: number }>(
        `SELECT run.value ->> 0 AS window, TOTAL(bucket.kwh) AS kwh
         FROM json_each(?) AS run
         JOIN energy_buckets AS bucket
           ON bucket.level = run.value ->> 1 AND bucket.bucket >= run.value ->> 2
          AND bucket.bucket < run.value ->> 3
         GROUP BY 1`,
        runsJson(runsPerWindow),
      )
      .toArray();
    for (const row of rows) totals[row.window] = row.kwh;
    return totals;
  }

  /** Up to `limit` base buckets after `afterBucket`, in order: `[bucket, kWh]`. */
  baseBucketsAfter(afterBucket: number, limit: number): [number, number][] {
    return this.#sql
      .exec<{ bucket: number; kwh: number }>(
        'SELECT bucket, kwh FROM energy_buckets WHERE level = 0 AND bucket > ? ORDER BY bucket LIMIT ?',
        afterBucket,
        limit,
      )
      .toArray()
      .map((row) => [row.bucket, row.kwh]);
  }

  /** Long segments overlapping `[from, to)`, in time order. */
  longSegmentsOverlapping(from: number, to: number): PowerSegment[] {
    // Segments never overlap: start from the last one starting at or before `from`.
    return this.#sql
      .exec<LongSegmentRow>(
        `SELECT start_time, end_time, start_kw, end_kw FROM long_segments
         WHERE start_time >= COALESCE((SELECT MAX(start_time) FROM long_segments WHERE start_time <= ?), ?)
           AND start_time < ? AND end_time > ?
         ORDER BY start_time`,
        from,
        from,
        to,
        from,
      )
      .toArray()
      .map(rowToSegment);
  }
}
