import type { Reading } from '../energy/types';
import { decodeHour, encodeHour } from './hour-encoding';
import { insertRows } from './sql-rows';
import type { MeterSql } from './sql-usage';

export const SECONDS_PER_HOUR = 3600;
// Hour rows read at a time when paging through readings.
const HOURS_PER_READ = 200;

/** The epoch hour holding an instant. */
export function hourOf(time: number): number {
  return Math.floor(time / SECONDS_PER_HOUR);
}

interface HourRow extends Record<string, SqlStorageValue> {
  hour: number;
  readings: string;
}

const decodeRow = (row: HourRow) => decodeHour(row.hour, row.readings);

/**
 * Every SQL statement on a meter's power readings, kept an hour to a row: a meter posting its
 * readings every few minutes rewrites one row per request however many readings it sends, and a
 * year of minute readings is 8,760 rows.
 */
export class ReadingHoursTable {
  readonly #sql: MeterSql;
  /** The first and last reading once read (`null`: none), until the next write: prices ask often. */
  #ends: { first: Reading; last: Reading } | null | undefined;

  constructor(sql: MeterSql) {
    this.#sql = sql;
  }

  /** The readings of these hours, by hour (hours without readings left out). */
  hours(hours: readonly number[]): Map<number, Reading[]> {
    if (hours.length === 0) return new Map();
    const rows = this.#sql
      .exec<HourRow>(
        'SELECT hour, readings FROM reading_hours WHERE hour IN (SELECT value FROM json_each(?))',
        JSON.stringify(hours),
      )
      .toArray();
    return new Map(rows.map((row) => [row.hour, decodeRow(row)]));
  }

  /** Replaces the readings of each hour given (each list sorted by time, one per time). */
  write(byHour: ReadonlyMap<number, readonly Reading[]>): void {
    this.#ends = undefined;
    insertRows(
      this.#sql,
      'INSERT INTO reading_hours (hour, readings)',
      'ON CONFLICT (hour) DO UPDATE SET readings = excluded.readings',
      Array.from(byHour, ([hour, readings]) => [hour, encodeHour(hour, readings)]),
    );
  }

  /** The readings of hours `[firstHour, endHour)`, in time order. */
  between(firstHour: number, endHour: number): Reading[] {
    return this.#sql
      .exec<HourRow>(
        'SELECT hour, readings FROM reading_hours WHERE hour >= ? AND hour < ? ORDER BY hour',
        firstHour,
        endHour,
      )
      .toArray()
      .flatMap(decodeRow);
  }

  /** The latest reading of an hour before `hour`, if any. */
  lastBefore(hour: number): Reading | undefined {
    const [row] = this.#sql
      .exec<HourRow>(
        'SELECT hour, readings FROM reading_hours WHERE hour < ? ORDER BY hour DESC LIMIT 1',
        hour,
      )
      .toArray();
    return row ? decodeRow(row).at(-1) : undefined;
  }

  /** The earliest reading of an hour after `hour`, if any. */
  firstAfter(hour: number): Reading | undefined {
    const [row] = this.#sql
      .exec<HourRow>(
        'SELECT hour, readings FROM reading_hours WHERE hour > ? ORDER BY hour LIMIT 1',
        hour,
      )
      .toArray();
    return row ? decodeRow(row)[0] : undefined;
  }

  /**
   * For each pair of hours `[a, b]`, whether a stored hour lies strictly between them: one
   * statement, an index probe per pair.
   */
  holdsHoursBetween(pairs: readonly (readonly [number, number])[]): boolean[] {
    if (pairs.length === 0) return [];
    const rows = this.#sql
      .exec<{ pair: number }>(
        `SELECT pair.key AS pair FROM json_each(?) AS pair
         WHERE EXISTS (SELECT 1 FROM reading_hours
                       WHERE hour > pair.value ->> 0 AND hour < pair.value ->> 1)`,
        JSON.stringify(pairs),
      )
      .toArray();
    const holding = new Set(rows.map((row) => row.pair));
    return pairs.map((_, index) => holding.has(index));
  }

  /** The first and the last stored reading, or `null` when there is none. */
  ends(): { first: Reading; last: Reading } | null {
    if (this.#ends === undefined) {
      const first = this.firstAfter(Number.MIN_SAFE_INTEGER);
      const last = this.lastBefore(Number.MAX_SAFE_INTEGER);
      this.#ends = first && last ? { first, last } : null;
    }
    return this.#ends;
  }

  /**
   * Consecutive stored hours more than `minHours` apart, as `[hour, nextHour]`, from a window
   * over the index alone (no reading decoded).
   */
  hoursApart(minHours: number): [number, number][] {
    return this.#sql
      .exec<{ hour: number; next_hour: number }>(
        `SELECT hour, next_hour FROM (
           SELECT hour, LEAD(hour) OVER (ORDER BY hour) AS next_hour FROM reading_hours)
         WHERE next_hour - hour > ?`,
        minHours,
      )
      .toArray()
      .map((row) => [row.hour, row.next_hour]);
  }

  hasAny(): boolean {
    return this.#sql.exec('SELECT 1 FROM reading_hours LIMIT 1').toArray().length > 0;
  }

  /** Up to `limit` readings with `from <= time < to`, from the hour holding `from`, in order. */
  readingsFrom(from: number, to: number, limit: number): Reading[] {
    const readings: Reading[] = [];
    // Rows are read a batch at a time and to the end: no cursor stays open between requests.
    for (let hour = hourOf(from); hour <= hourOf(to - 1); ) {
      const rows = this.#sql
        .exec<HourRow>(
          'SELECT hour, readings FROM reading_hours WHERE hour >= ? AND hour <= ? ORDER BY hour LIMIT ?',
          hour,
          hourOf(to - 1),
          HOURS_PER_READ,
        )
        .toArray();
      for (const row of rows) {
        for (const reading of decodeRow(row)) {
          if (reading.time < from || reading.time >= to) continue;
          readings.push(reading);
          if (readings.length === limit) return readings;
        }
      }
      if (rows.length < HOURS_PER_READ) break;
      hour = (rows.at(-1)?.hour ?? hour) + 1;
    }
    return readings;
  }

  /** Forgets what is kept in memory (a transaction that may have read its writes was rolled back). */
  forget(): void {
    this.#ends = undefined;
  }

  deleteAll(): void {
    this.#ends = undefined;
    this.#sql.exec('DELETE FROM reading_hours');
  }
}
