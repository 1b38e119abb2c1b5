import type { DayAggregate } from '../energy/day-aggregate';
import { coveringDayRuns, DAY_FAN_OUT, parentsOf, TOP_DAY_LEVEL } from '../energy/day-tree';
import { SumTotals } from '../energy/sum-totals';
import { LruMap } from '../lru-map';
import type { MeterSql } from './sql-usage';

/** A stored day's energy per quarter hour. */
export interface StoredDayEnergy {
  readonly importKwh: Float64Array;
  readonly exportKwh: Float64Array | null;
}

interface DayRow extends Record<string, SqlStorageValue> {
  bucket: number;
  import_kwh: ArrayBuffer | null;
  export_kwh: ArrayBuffer | null;
}

// Ranges whose totals are kept in memory: a customer's dashboard, comparison and advice ask for the
// same few, and they hold until a day's sums change. Keyed by the range's two day numbers.
const KEPT_RANGE_TOTALS = 64;
// Days whose quarter-hour energy is kept in memory, likewise: the days a window starts or ends
// inside (a month of usage in a zone off UTC has two per day).
const KEPT_DAY_ENERGIES = 128;

function blobOf(values: Float64Array | null): ArrayBuffer | null {
  return values === null ? null : (values.slice().buffer as ArrayBuffer);
}

/**
 * Every SQL statement on a meter's day sums: one row per UTC day with data (level 0: its sums and
 * its energy per quarter hour), and the tree of their totals above (levels 1 to 3), so that a run
 * of days is read as a few rows whatever its length.
 */
export class DaySumsTable {
  readonly #sql: MeterSql;
  /** Totals of ranges read since the sums last changed (see KEPT_RANGE_TOTALS). */
  readonly #rangeTotals = new LruMap<string, ReadonlyMap<string, number>>(KEPT_RANGE_TOTALS);
  /** Days' energy read since the sums last changed (`null`: no row). */
  readonly #dayEnergies = new LruMap<number, StoredDayEnergy | null>(KEPT_DAY_ENERGIES);

  constructor(sql: MeterSql) {
    this.#sql = sql;
  }

  /**
   * The energy per quarter hour of these days, for those that have a row (shared with the days
   * kept in memory: not to be changed).
   */
  dayEnergy(days: readonly number[]): Map<number, StoredDayEnergy> {
    // Those kept are taken before any is read: keeping the read ones may push them out.
    const known = new Map(days.map((day) => [day, this.#dayEnergies.get(day)]));
    const missing = [...known].filter(([, energy]) => energy === undefined).map(([day]) => day);
    if (missing.length > 0) {
      const rows = this.#sql
        .exec<DayRow>(
          `SELECT bucket, import_kwh, export_kwh FROM day_sums
           WHERE level = 0 AND bucket IN (SELECT value FROM json_each(?))`,
          JSON.stringify(missing),
        )
        .toArray();
      for (const day of missing) known.set(day, null);
      for (const row of rows) {
        known.set(row.bucket, {
          importKwh: new Float64Array(row.import_kwh ?? new ArrayBuffer(0)),
          exportKwh: row.export_kwh === null ? null : new Float64Array(row.export_kwh),
        });
      }
      for (const day of missing) this.#dayEnergies.set(day, known.get(day) ?? null);
    }
    const found = new Map<number, StoredDayEnergy>();
    for (const [day, energy] of known) if (energy) found.set(day, energy);
    return found;
  }

  /** The stored sums of these days. */
  daySums(days: readonly number[]): Map<number, Record<string, number>> {
    if (days.length === 0) return new Map();
    const rows = this.#sql
      .exec<{ bucket: number; sums: string }>(
        `SELECT bucket, sums FROM day_sums
         WHERE level = 0 AND bucket IN (SELECT value FROM json_each(?))`,
        JSON.stringify(days),
      )
      .toArray();
    return new Map(rows.map((row) => [row.bucket, JSON.parse(row.sums) as Record<string, number>]));
  }

  /** The days of `[first, end)` that have a row, ascending, at most `limit` of them. */
  storedDays(first: number, end: number, limit: number): number[] {
    return this.#sql
      .exec<{ bucket: number }>(
        'SELECT bucket FROM day_sums WHERE level = 0 AND bucket >= ? AND bucket < ? ORDER BY bucket LIMIT ?',
        first,
        end,
        limit,
      )
      .toArray()
      .map((row) => row.bucket);
  }

  /**
   * For each range of days `[first, end)`, the totals of its days' sums: one statement for all
   * ranges, each read as a few runs of tree rows, added up here in bucket order, so a range's
   * totals are the same to the last digit whichever request asks for it. (Summing inside SQLite
   * would read every key of every row as a row of its own: a year's sums, ten times the rows.)
   * A range read since the sums last changed is answered from memory.
   */
  sumsOfRanges(ranges: readonly (readonly [number, number])[]): ReadonlyMap<string, number>[] {
    const keys = ranges.map(([first, end]) => `${first}:${end}`);
    // Those kept are taken before any is read: keeping the read ones may push them out.
    const known = new Map(keys.map((key) => [key, this.#rangeTotals.get(key)]));
    const missing = [...known].filter(([, totals]) => totals === undefined).map(([key]) => key);
    const read = this.#readSumsOfRanges(
      missing.map((key) => key.split(':').map(Number) as [number, number]),
    );
    missing.forEach((key, index) => {
      const totals = read[index] ?? new Map<string, number>();
      known.set(key, totals);
      this.#rangeTotals.set(key, totals);
    });
    // Shared with those kept: not to be changed.
    return keys.map((key) => known.get(key) ?? new Map());
  }

  #readSumsOfRanges(ranges: readonly (readonly [number, number])[]): Map<string, number>[] {
    const runs = ranges.flatMap(([first, end], range) =>
      coveringDayRuns(first, end).map((run) => [range, run.level, run.first, run.end]),
    );
    const totals = ranges.map(() => new SumTotals());
    if (runs.length > 0) {
      const rows = this.#sql
        .exec<{ range: number; sums: string }>(
          `SELECT run.value ->> 0 AS range, bucket.sums AS sums
           FROM json_each(?) AS run
           JOIN day_sums AS bucket
             ON bucket.level = run.value ->> 1 AND bucket.bucket >= run.value ->> 2
            AND bucket.bucket < run.value ->> 3
           ORDER BY run.key, bucket.bucket`,
          JSON.stringify(runs),
        )
        .toArray();
      for (const row of rows) totals[row.range]?.addAll(JSON.parse(row.sums));
    }
    return totals.map((total) => total.totals());
  }

  /** Writes days' rows, then re-sums every ancestor of them up the tree. */
  writeDays(aggregates: readonly DayAggregate[]): void {
    this.forget();
    for (const { day, importKwh, exportKwh, sums } of aggregates) {
      this.#sql.exec(
        `INSERT INTO day_sums (level, bucket, sums, import_kwh, export_kwh) VALUES (0, ?, ?, ?, ?)
         ON CONFLICT (level, bucket) DO UPDATE SET sums = excluded.sums,
           import_kwh = excluded.import_kwh, export_kwh = excluded.export_kwh`,
        day,
        JSON.stringify(sums),
        blobOf(importKwh),
        blobOf(exportKwh),
      );
    }
    this.#resumAncestors(aggregates.map((aggregate) => aggregate.day));
  }

  /** Replaces the sums of stored days (their energy unchanged), then re-sums their ancestors. */
  writeSums(sumsByDay: ReadonlyMap<number, Record<string, number>>): void {
    this.forget();
    for (const [day, sums] of sumsByDay) {
      this.#sql.exec(
        'UPDATE day_sums SET sums = ? WHERE level = 0 AND bucket = ?',
        JSON.stringify(sums),
        day,
      );
    }
    this.#resumAncestors(sumsByDay.keys());
  }

  /** Deletes days' rows (days left without data), then re-sums their ancestors. */
  deleteDays(days: readonly number[]): void {
    if (days.length === 0) return;
    this.forget();
    this.#sql.exec(
      'DELETE FROM day_sums WHERE level = 0 AND bucket IN (SELECT value FROM json_each(?))',
      JSON.stringify(days),
    );
    this.#resumAncestors(days);
  }

  #resumAncestors(days: Iterable<number>): void {
    let changed = [...days];
    for (let level = 1; level <= TOP_DAY_LEVEL && changed.length > 0; level++) {
      const parents = parentsOf(changed);
      for (const parent of parents) this.#resum(level, parent);
      changed = parents;
    }
  }

  /** Sets a tree bucket to the totals of its children's sums (deleting it when it has none). */
  #resum(level: number, bucket: number): void {
    const first = bucket * DAY_FAN_OUT;
    const children = this.#sql
      .exec<{ sums: string }>(
        `SELECT sums FROM day_sums WHERE level = ? AND bucket >= ? AND bucket < ?
         ORDER BY bucket`,
        level - 1,
        first,
        first + DAY_FAN_OUT,
      )
      .toArray();
    const totals = new SumTotals();
    for (const child of children) totals.addAll(JSON.parse(child.sums));
    const sums = totals.totals();
    if (sums.size === 0) {
      this.#sql.exec('DELETE FROM day_sums WHERE level = ? AND bucket = ?', level, bucket);
      return;
    }
    this.#sql.exec(
      `INSERT INTO day_sums (level, bucket, sums) VALUES (?, ?, ?)
       ON CONFLICT (level, bucket) DO UPDATE SET sums = excluded.sums`,
      level,
      bucket,
      JSON.stringify(Object.fromEntries(sums)),
    );
  }

  /**
   * Forgets what is kept in memory: a day's row is changing, or a transaction that may have read
   * its writes was rolled back.
   */
  forget(): void {
    this.#rangeTotals.clear();
    this.#dayEnergies.clear();
  }

  deleteAll(): void {
    this.forget();
    this.#sql.exec('DELETE FROM day_sums');
  }
}
