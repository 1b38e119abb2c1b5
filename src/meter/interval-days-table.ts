import type { EnergyInterval } from '../energy/curve';
import { insertRows } from './sql-rows';
import type { MeterSql } from './sql-usage';

export const SECONDS_PER_DAY = 86_400;
// Day rows read at a time when paging through intervals.
const DAYS_PER_READ = 100;

/** Import (what the household draws) or export (what it sends to the grid, from solar, say). */
export type Channel = 'import' | 'export';
const CHANNEL_NUMBERS: Record<Channel, number> = { import: 0, export: 1 };

/** The epoch day holding an instant. */
export function dayOf(time: number): number {
  return Math.floor(time / SECONDS_PER_DAY);
}

interface DayRow extends Record<string, SqlStorageValue> {
  day: number;
  intervals: string;
}

/** A day's intervals as stored: `[start offset, seconds, kWh, …]` by start, offsets into the day. */
function encodeDay(day: number, intervals: readonly EnergyInterval[]): string {
  const start = day * SECONDS_PER_DAY;
  return JSON.stringify(
    intervals.flatMap((interval) => [
      interval.start - start,
      interval.end - interval.start,
      interval.kwh,
    ]),
  );
}

function decodeDay(row: DayRow): EnergyInterval[] {
  const dayStart = row.day * SECONDS_PER_DAY;
  const values = JSON.parse(row.intervals) as number[];
  const intervals: EnergyInterval[] = [];
  for (let i = 0; i + 2 < values.length; i += 3) {
    const start = dayStart + (values[i] as number);
    intervals.push({ start, end: start + (values[i + 1] as number), kwh: values[i + 2] as number });
  }
  return intervals;
}

/**
 * Every SQL statement on a meter's metered intervals (kWh per interval, as half-hourly meters
 * report), kept a day to a row per channel by the day each interval starts in: a year of half
 * hours is 365 rows.
 */
export class IntervalDaysTable {
  readonly #sql: MeterSql;
  /** Whether each channel has a row, once asked. */
  readonly #holds = new Map<Channel, boolean>();

  constructor(sql: MeterSql) {
    this.#sql = sql;
  }

  /** The intervals starting in these days, by day. */
  days(channel: Channel, days: readonly number[]): Map<number, EnergyInterval[]> {
    if (days.length === 0) return new Map();
    const rows = this.#sql
      .exec<DayRow>(
        `SELECT day, intervals FROM interval_days
         WHERE channel = ? AND day IN (SELECT value FROM json_each(?))`,
        CHANNEL_NUMBERS[channel],
        JSON.stringify(days),
      )
      .toArray();
    return new Map(rows.map((row) => [row.day, decodeDay(row)]));
  }

  /** Replaces the intervals of each day given (each list sorted by start). */
  write(channel: Channel, byDay: ReadonlyMap<number, readonly EnergyInterval[]>): void {
    this.#holds.delete(channel);
    insertRows(
      this.#sql,
      'INSERT INTO interval_days (channel, day, intervals)',
      'ON CONFLICT (channel, day) DO UPDATE SET intervals = excluded.intervals',
      Array.from(byDay, ([day, intervals]) => [
        CHANNEL_NUMBERS[channel],
        day,
        encodeDay(day, intervals),
      ]),
    );
  }

  /** The intervals overlapping `[from, to)`, by start (intervals last a day at most). */
  overlapping(channel: Channel, from: number, to: number): EnergyInterval[] {
    if (!this.hasAny(channel)) return [];
    return this.#sql
      .exec<DayRow>(
        'SELECT day, intervals FROM interval_days WHERE channel = ? AND day >= ? AND day <= ? ORDER BY day',
        CHANNEL_NUMBERS[channel],
        dayOf(from) - 1,
        dayOf(to - 1),
      )
      .toArray()
      .flatMap(decodeDay)
      .filter((interval) => interval.start < to && interval.end > from);
  }

  /** Up to `limit` intervals starting in `[from, to)`, by start. */
  startingFrom(channel: Channel, from: number, to: number, limit: number): EnergyInterval[] {
    const found: EnergyInterval[] = [];
    // Rows are read a batch at a time and to the end: no cursor stays open between requests.
    for (let day = dayOf(from); day <= dayOf(to - 1); ) {
      const rows = this.#sql
        .exec<DayRow>(
          'SELECT day, intervals FROM interval_days WHERE channel = ? AND day >= ? AND day <= ? ORDER BY day LIMIT ?',
          CHANNEL_NUMBERS[channel],
          day,
          dayOf(to - 1),
          DAYS_PER_READ,
        )
        .toArray();
      for (const row of rows) {
        for (const interval of decodeDay(row)) {
          if (interval.start < from || interval.start >= to) continue;
          found.push(interval);
          if (found.length === limit) return found;
        }
      }
      if (rows.length < DAYS_PER_READ) break;
      day = (rows.at(-1)?.day ?? day) + 1;
    }
    return found;
  }

  /** The earliest start and the latest end of a channel's intervals, or `null` without any. */
  span(channel: Channel): { first: number; last: number } | null {
    const number = CHANNEL_NUMBERS[channel];
    const [first] = this.#sql
      .exec<DayRow>(
        'SELECT day, intervals FROM interval_days WHERE channel = ? ORDER BY day LIMIT 1',
        number,
      )
      .toArray();
    const [last] = this.#sql
      .exec<DayRow>(
        'SELECT day, intervals FROM interval_days WHERE channel = ? ORDER BY day DESC LIMIT 1',
        number,
      )
      .toArray();
    if (!first || !last) return null;
    const firstInterval = decodeDay(first)[0];
    const lastInterval = decodeDay(last).at(-1);
    return firstInterval && lastInterval
      ? { first: firstInterval.start, last: lastInterval.end }
      : null;
  }

  /** Whether the channel has any row (kept in memory until it is written: every price asks). */
  hasAny(channel: Channel): boolean {
    let holds = this.#holds.get(channel);
    if (holds === undefined) {
      holds =
        this.#sql
          .exec('SELECT 1 FROM interval_days WHERE channel = ? LIMIT 1', CHANNEL_NUMBERS[channel])
          .toArray().length > 0;
      this.#holds.set(channel, holds);
    }
    return holds;
  }

  /** Forgets what is kept in memory (a transaction that may have read its writes was rolled back). */
  forget(): void {
    this.#holds.clear();
  }

  deleteAll(): void {
    this.#holds.clear();
    this.#sql.exec('DELETE FROM interval_days');
  }
}
