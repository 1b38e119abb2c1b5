import {
  type AggregateSource,
  type AggregateUpdate,
  addKwhByBucket,
  aggregateUpdate,
  BUCKET_SECONDS,
  type BucketKey,
  bucketOf,
  isLongSegment,
  TOP_BUCKET_LEVEL,
} from '../energy/aggregates';
import type { ReadingSpan } from '../energy/cost';
import type { Reading, TimeWindow } from '../energy/types';
import {
  latestReadingPerTime,
  type PowerSegment,
  segmentsInWindow,
  totalKwh,
} from '../energy/usage';
import { MIGRATIONS, type Migration } from './migrations';

interface ReadingRow extends Record<string, SqlStorageValue> {
  time: number;
  reading_kw: number;
}

interface LongSegmentRow extends Record<string, SqlStorageValue> {
  start_time: number;
  end_time: number;
  start_kw: number;
  end_kw: number;
}

function rowToReading(row: ReadingRow): Reading {
  return { time: row.time, reading: row.reading_kw };
}

function rowToSegment(row: LongSegmentRow): PowerSegment {
  return {
    startTime: row.start_time,
    startKw: row.start_kw,
    endTime: row.end_time,
    endKw: row.end_kw,
  };
}

// SQLite integers cover every epoch second we accept; these stand in for an open window edge.
const EARLIEST_TIME = Number.MIN_SAFE_INTEGER;
const LATEST_TIME = Number.MAX_SAFE_INTEGER;
// A statement binds at most 100 values (Durable Objects' SQLite limit).
const MAX_BOUND_VALUES = 99;
const REBUILD_PAGE_ROWS = 10_000;

/** Runs `INSERT … VALUES (…), (…) …` for the rows, as many rows per statement as the bind limit allows. */
function insertRows(
  sql: SqlStorage,
  head: string,
  tail: string,
  rows: readonly (readonly SqlStorageValue[])[],
): void {
  const width = rows[0]?.length ?? 1;
  const rowsPerStatement = Math.floor(MAX_BOUND_VALUES / width);
  const placeholders = `(${Array(width).fill('?').join(', ')})`;
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    const values = Array(chunk.length).fill(placeholders).join(', ');
    sql.exec(`${head} VALUES ${values} ${tail}`, ...chunk.flat());
  }
}

/**
 * Every SQL statement of a meter's Durable Object, over its own SQLite database. It is also the
 * source the aggregate cost path reads from.
 */
export class MeterStore implements AggregateSource {
  readonly #storage: DurableObjectStorage;
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#storage = storage;
    this.#sql = storage.sql;
  }

  /** Applies the pending schema migrations in order, each in its own transaction. */
  migrate(migrations: readonly Migration[] = MIGRATIONS): void {
    this.#sql.exec(`CREATE TABLE IF NOT EXISTS _schema_migrations (
      version INTEGER PRIMARY KEY,
      description TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    )`);
    const applied = new Set(
      this.#sql
        .exec<{ version: number }>('SELECT version FROM _schema_migrations')
        .toArray()
        .map((row) => row.version),
    );
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      this.#storage.transactionSync(() => {
        this.#sql.exec(migration.sql);
        migration.backfill?.(this);
        this.#sql.exec(
          'INSERT INTO _schema_migrations (version, description, applied_at) VALUES (?, ?, ?)',
          migration.version,
          migration.description,
          Date.now(),
        );
      });
    }
  }

  /**
   * Stores every reading or none, with the energy aggregates they change: a time already stored is
   * replaced, and the last reading given for a time wins.
   */
  upsertReadings(readings: readonly Reading[]): void {
    if (readings.length === 0) return;
    this.#storage.transactionSync(() => {
      let first = Number.POSITIVE_INFINITY;
      let last = Number.NEGATIVE_INFINITY;
      for (const { time } of readings) {
        first = Math.min(first, time);
        last = Math.max(last, time);
      }
      // Only segments between the stored neighbours of the batch's time range can change.
      const regionStart = this.#latestTimeBefore(first) ?? first;
      const regionEnd = this.#earliestTimeAfter(last) ?? last;
      const spanned = {
        from: bucketOf(regionStart) * BUCKET_SECONDS,
        to: Math.ceil((regionEnd + 1) / BUCKET_SECONDS) * BUCKET_SECONDS,
      };
      const oldReadings = this.readingsSpanningWindow(spanned);
      insertRows(
        this.#sql,
        'INSERT INTO readings (time, reading_kw)',
        'ON CONFLICT (time) DO UPDATE SET reading_kw = excluded.reading_kw',
        readings.map(({ time, reading }) => [time, reading]),
      );
      const newReadings = latestReadingPerTime([...oldReadings, ...readings]);
      this.#applyAggregateUpdate(
        aggregateUpdate(oldReadings, newReadings, regionStart, regionEnd),
        regionStart,
        regionEnd,
      );
    });
  }

  /** Recomputes every aggregate from the stored readings (schema migration 2). */
  rebuildAggregates(): void {
    this.#sql.exec('DELETE FROM energy_buckets');
    this.#sql.exec('DELETE FROM long_segments');
    const kwhByBucket = new Map<number, number>();
    const longSegments: PowerSegment[] = [];
    let previous: Reading | undefined;
    for (let page = this.readingsPage({}); page.length > 0; ) {
      const withPrevious = previous ? [previous, ...page] : page;
      for (const segment of segmentsInWindow(withPrevious)) {
        if (isLongSegment(segment)) longSegments.push(segment);
        else addKwhByBucket(kwhByBucket, segment);
      }
      previous = page.at(-1);
      page = previous ? this.readingsPage({}, previous.time) : [];
    }
    const first = this.readingSpan()?.first ?? 0;
    this.#applyAggregateUpdate({ kwhByBucket, longSegments }, first, first);
  }

  /** Writes changed base buckets and long segments, then re-sums every ancestor bucket. */
  #applyAggregateUpdate(update: AggregateUpdate, regionStart: number, regionEnd: number): void {
    this.#sql.exec(
      'DELETE FROM long_segments WHERE start_time >= ? AND start_time < ?',
      regionStart,
      regionEnd,
    );
    insertRows(
      this.#sql,
      'INSERT INTO long_segments (start_time, end_time, start_kw, end_kw)',
      'ON CONFLICT (start_time) DO UPDATE SET end_time = excluded.end_time, start_kw = excluded.start_kw, end_kw = excluded.end_kw',
      update.longSegments.map((s) => [s.startTime, s.endTime, s.startKw, s.endKw]),
    );
    let kwhByBucket = update.kwhByBucket;
    for (let level = 0; kwhByBucket.size > 0; level++) {
      this.#writeBuckets(level, kwhByBucket);
      if (level === TOP_BUCKET_LEVEL) break;
      kwhByBucket = this.#parentSums(level, kwhByBucket);
    }
  }

  #writeBuckets(level: number, kwhByBucket: ReadonlyMap<number, number>): void {
    insertRows(
      this.#sql,
      'INSERT INTO energy_buckets (level, bucket, kwh)',
      'ON CONFLICT (level, bucket) DO UPDATE SET kwh = excluded.kwh',
      Array.from(kwhByBucket, ([index, kwh]) => [level, index, kwh]),
    );
  }

  /** Sums for the parents of these buckets: each parent is its two children, read when not given. */
  #parentSums(level: number, kwhByBucket: ReadonlyMap<number, number>): Map<number, number> {
    const parents = new Set(Array.from(kwhByBucket.keys(), (index) => Math.floor(index / 2)));
    const missing = [...parents]
      .flatMap((parent) => [2 * parent, 2 * parent + 1])
      .filter((child) => !kwhByBucket.has(child));
    const stored = this.#bucketsAt(level, missing);
    const childKwh = (index: number) => kwhByBucket.get(index) ?? stored.get(index) ?? 0;
    return new Map(
      Array.from(parents, (parent) => [parent, childKwh(2 * parent) + childKwh(2 * parent + 1)]),
    );
  }

  #bucketsAt(level: number, indexes: readonly number[]): Map<number, number> {
    const kwhByBucket = new Map<number, number>();
    const perStatement = MAX_BOUND_VALUES - 1;
    for (let start = 0; start < indexes.length; start += perStatement) {
      const chunk = indexes.slice(start, start + perStatement);
      const rows = this.#sql.exec<{ bucket: number; kwh: number }>(
        `SELECT bucket, kwh FROM energy_buckets WHERE level = ? AND bucket IN (${chunk.map(() => '?').join(', ')})`,
        level,
        ...chunk,
      );
      for (const row of rows) kwhByBucket.set(row.bucket, row.kwh);
    }
    return kwhByBucket;
  }

  /** kWh between two instants straight from the readings: for spans within one base bucket. */
  directKwh(from: number, to: number): number {
    if (from >= to) return 0;
    return totalKwh(segmentsInWindow(this.readingsSpanningWindow({ from, to }), { from, to }));
  }

  /** Total kWh of short segments in these tree buckets. */
  bucketKwh(keys: readonly BucketKey[]): number {
    let kwh = 0;
    const perStatement = Math.floor(MAX_BOUND_VALUES / 2);
    for (let start = 0; start < keys.length; start += perStatement) {
      const chunk = keys.slice(start, start + perStatement);
      const pairs = chunk.map(() => '(?, ?)').join(', ');
      const [row] = this.#sql
        .exec<{ kwh: number }>(
          `SELECT TOTAL(kwh) AS kwh FROM energy_buckets WHERE (level, bucket) IN (VALUES ${pairs})`,
          ...chunk.flatMap((key) => [key.level, key.index]),
        )
        .toArray();
      kwh += row?.kwh ?? 0;
    }
    return kwh;
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

  /** Up to `limit` readings with from <= time < to and time > `afterTime`, ascending by time. */
  readingsPage(window: TimeWindow, afterTime?: number, limit = REBUILD_PAGE_ROWS): Reading[] {
    const from = Math.max(
      window.from ?? EARLIEST_TIME,
      afterTime === undefined ? EARLIEST_TIME : afterTime + 1,
    );
    return this.#sql
      .exec<ReadingRow>(
        'SELECT time, reading_kw FROM readings WHERE time >= ? AND time < ? ORDER BY time LIMIT ?',
        from,
        window.to ?? LATEST_TIME,
        limit,
      )
      .toArray()
      .map(rowToReading);
  }

  /**
   * The readings that shape the power curve inside the window: those in it, plus the nearest
   * reading at or before `from` and at or after `to`, so cut intervals can be interpolated.
   */
  readingsSpanningWindow(window: TimeWindow): Reading[] {
    const from = window.from ?? EARLIEST_TIME;
    const to = window.to ?? LATEST_TIME;
    const before = this.#sql
      .exec<ReadingRow>(
        'SELECT time, reading_kw FROM readings WHERE time <= ? ORDER BY time DESC LIMIT 1',
        from,
      )
      .toArray();
    const inside = this.#sql
      .exec<ReadingRow>(
        'SELECT time, reading_kw FROM readings WHERE time > ? AND time < ? ORDER BY time',
        from,
        to,
      )
      .toArray();
    const after = this.#sql
      .exec<ReadingRow>(
        'SELECT time, reading_kw FROM readings WHERE time >= ? ORDER BY time LIMIT 1',
        to,
      )
      .toArray();
    return [...before, ...inside, ...after].map(rowToReading);
  }

  /** Times of the first and last stored readings, or `null` when there are none. */
  readingSpan(): ReadingSpan | null {
    const [row] = this.#sql
      .exec<{ first: number | null; last: number | null }>(
        'SELECT MIN(time) AS first, MAX(time) AS last FROM readings',
      )
      .toArray();
    return row?.first == null || row.last == null ? null : { first: row.first, last: row.last };
  }

  /** Whether any reading has `from <= time < to`. */
  hasReadingsIn(window: TimeWindow): boolean {
    return (
      this.#sql
        .exec(
          'SELECT 1 FROM readings WHERE time >= ? AND time < ? LIMIT 1',
          window.from ?? EARLIEST_TIME,
          window.to ?? LATEST_TIME,
        )
        .toArray().length > 0
    );
  }

  #latestTimeBefore(time: number): number | undefined {
    const [row] = this.#sql
      .exec<{ time: number }>(
        'SELECT time FROM readings WHERE time < ? ORDER BY time DESC LIMIT 1',
        time,
      )
      .toArray();
    return row?.time;
  }

  #earliestTimeAfter(time: number): number | undefined {
    const [row] = this.#sql
      .exec<{ time: number }>(
        'SELECT time FROM readings WHERE time > ? ORDER BY time LIMIT 1',
        time,
      )
      .toArray();
    return row?.time;
  }
}
