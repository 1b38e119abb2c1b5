import type { ReadingSpan } from '../energy/cost';
import type { Reading, TimeWindow } from '../energy/types';
import { insertRows } from './sql-rows';

interface ReadingRow extends Record<string, SqlStorageValue> {
  time: number;
  reading_kw: number;
}

/** A run of readings as text (JSON elements or CSV lines), how many, and the last one's time. */
export interface ReadingsText extends Record<string, SqlStorageValue> {
  text: string;
  count: number;
  lastTime: number | null;
}

/** The stored readings just outside a range of times: the latest before it, the earliest after. */
export interface StoredNeighbours {
  readonly before?: Reading;
  readonly after?: Reading;
}

function rowToReading(row: ReadingRow): Reading {
  return { time: row.time, reading: row.reading_kw };
}

// SQLite integers cover every epoch second we accept; these stand in for an open window edge.
const EARLIEST_TIME = Number.MIN_SAFE_INTEGER;
const LATEST_TIME = Number.MAX_SAFE_INTEGER;

/** A reading as the read endpoint sends it; a finite number prints as JSON.stringify prints it. */
function readingJson({ time, reading }: Reading): string {
  return `{"time":${time},"reading":${reading}}`;
}

/** Every SQL statement on a meter's `readings` table: one row per time, its JSON written once. */
export class ReadingsTable {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  /** Inserts the readings; a time already stored takes the new reading. */
  upsert(readings: readonly Reading[]): void {
    insertRows(
      this.#sql,
      'INSERT INTO readings (time, reading_kw, reading_json)',
      'ON CONFLICT (time) DO UPDATE SET reading_kw = excluded.reading_kw, reading_json = excluded.reading_json',
      readings.map((reading) => [reading.time, reading.reading, readingJson(reading)]),
    );
  }

  /** Deletes every reading. */
  deleteAll(): void {
    this.#sql.exec('DELETE FROM readings');
  }

  /** Times of the first and last stored readings, or `null` when there are none. */
  span(): ReadingSpan | null {
    const row = this.#sql
      .exec<{ first: number | null; last: number | null }>(
        // Two subqueries: SQLite answers MIN or MAX alone from the index, but scans for both at once.
        'SELECT (SELECT MIN(time) FROM readings) AS first, (SELECT MAX(time) FROM readings) AS last',
      )
      .one();
    return row.first === null || row.last === null ? null : { first: row.first, last: row.last };
  }

  /** The stored readings closest to `[first, last]` from outside. */
  neighbours(first: number, last: number): StoredNeighbours {
    const before = this.#sql
      .exec<ReadingRow>(
        'SELECT time, reading_kw FROM readings WHERE time < ? ORDER BY time DESC LIMIT 1',
        first,
      )
      .toArray()
      .map(rowToReading)[0];
    const after = this.#sql
      .exec<ReadingRow>(
        'SELECT time, reading_kw FROM readings WHERE time > ? ORDER BY time LIMIT 1',
        last,
      )
      .toArray()
      .map(rowToReading)[0];
    return { ...(before && { before }), ...(after && { after }) };
  }

  /**
   * Which gaps between consecutive sorted times hold a stored reading strictly inside: gap i lies
   * between `times[i]` and `times[i + 1]`. Reads at most a few rows per time, however many readings
   * the times span.
   */
  gapsHoldingReadings(times: readonly number[]): Set<number> {
    const first = times[0];
    const last = times.at(-1);
    if (first === undefined || last === undefined || times.length < 2) return new Set();
    // Few stored readings inside the batch's range (the usual append or re-post): read them all.
    const limit = 2 * times.length + 64;
    const stored = this.#sql
      .exec<{ time: number }>(
        'SELECT time FROM readings WHERE time > ? AND time < ? ORDER BY time LIMIT ?',
        first,
        last,
        limit + 1,
      )
      .toArray();
    if (stored.length <= limit)
      return gapsHolding(
        times,
        stored.map((row) => row.time),
      );
    // A sparse batch over a dense history: probe each gap with one index lookup.
    const gaps = JSON.stringify(times.slice(1).map((end, i) => [times[i], end]));
    const occupied = this.#sql
      .exec<{ gap: number }>(
        `SELECT gap.key AS gap FROM json_each(?) AS gap
         WHERE EXISTS (SELECT 1 FROM readings WHERE time > gap.value ->> 0 AND time < gap.value ->> 1)`,
        gaps,
      )
      .toArray();
    return new Set(occupied.map((row) => row.gap));
  }

  /**
   * The readings that shape the power curve inside the window: those in it, plus the nearest
   * reading at or before `from` and at or after `to`, so cut intervals can be interpolated.
   */
  spanning(window: TimeWindow): Reading[] {
    const from = window.from ?? EARLIEST_TIME;
    const to = window.to ?? LATEST_TIME;
    return this.#sql
      .exec<ReadingRow>(
        `SELECT time, reading_kw FROM (
           SELECT * FROM (SELECT time, reading_kw FROM readings WHERE time <= ? ORDER BY time DESC LIMIT 1)
           UNION ALL SELECT time, reading_kw FROM readings WHERE time > ? AND time < ?
           UNION ALL SELECT * FROM (SELECT time, reading_kw FROM readings WHERE time >= ? ORDER BY time LIMIT 1)
         ) ORDER BY time`,
        from,
        from,
        to,
        to,
      )
      .toArray()
      .map(rowToReading);
  }

  /** Up to `limit` readings after `afterTime` (from the first when undefined), ascending. */
  after(afterTime: number | undefined, limit: number): Reading[] {
    return this.#sql
      .exec<ReadingRow>(
        'SELECT time, reading_kw FROM readings WHERE time > ? ORDER BY time LIMIT ?',
        afterTime ?? EARLIEST_TIME,
        limit,
      )
      .toArray()
      .map(rowToReading);
  }

  /**
   * Up to `limit` readings with from <= time < to and time > `afterTime`, ascending by time, in a
   * format: JSON array elements joined by commas, or CSV lines. Both are built by SQLite from each
   * reading's JSON as written at ingest: one string to pass on, and no number formatted again.
   */
  page(
    format: ReadingsFormat,
    window: TimeWindow,
    afterTime: number | undefined,
    limit: number,
  ): ReadingsText {
    const pageStart = Math.max(
      window.from ?? EARLIEST_TIME,
      afterTime === undefined ? EARLIEST_TIME : afterTime + 1,
    );
    const bindings = [pageStart, window.to ?? LATEST_TIME, limit];
    // SQLite promises no order for what an aggregate joins, and ordering inside the aggregate
    // sorts the page again (twice the time of a day's read). So the page is joined as the
    // subquery yields it, checked, and only joined with an explicit ORDER BY if it is out of order.
    const unordered = this.#sql.exec<ReadingsText>(pageQuery(format, ''), ...bindings).one();
    if (isInTimeOrder(unordered.text, TIME_MARKERS[format])) return unordered;
    return this.#sql.exec<ReadingsText>(pageQuery(format, ' ORDER BY time'), ...bindings).one();
  }
}

/** How a page of readings is written. */
export type ReadingsFormat = 'json' | 'csv';

/** What precedes each reading's epoch time in a page, to check the page's order. */
const TIME_MARKERS: Record<ReadingsFormat, string> = { json: '"time":', csv: 'Z,' };

// `reading_json` is `{"time":…,"reading":…}`: the reading's number is what follows its key.
const READING_KEY = `'"reading":'`;
const READING_TEXT = `substr(reading_json, instr(reading_json, ${READING_KEY}) + 10,
  length(reading_json) - instr(reading_json, ${READING_KEY}) - 10)`;
const ELEMENTS: Record<ReadingsFormat, { element: string; separator: string }> = {
  json: { element: 'reading_json', separator: "','" },
  // time (ISO 8601 UTC), epoch seconds, kW: one line each.
  csv: {
    element: `strftime('%Y-%m-%dT%H:%M:%SZ', time, 'unixepoch') || ',' || time || ',' || ${READING_TEXT} || char(10)`,
    separator: "''",
  },
};

function pageQuery(format: ReadingsFormat, aggregateOrder: string): string {
  const { element, separator } = ELEMENTS[format];
  return `SELECT COALESCE(group_concat(element, ${separator}${aggregateOrder}), '') AS text,
                 COUNT(*) AS count, MAX(time) AS lastTime
          FROM (SELECT time, ${element} AS element FROM readings
                WHERE time >= ? AND time < ? ORDER BY time LIMIT ?)`;
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;

/**
 * Whether a page's readings ascend strictly by time: the epoch digits after each `marker` (the
 * JSON key, or the end of the CSV line's ISO time). A scan, a few tens of microseconds a day.
 */
export function isInTimeOrder(text: string, marker: string): boolean {
  let previous = -1;
  let at = text.indexOf(marker);
  while (at !== -1) {
    let time = 0;
    let digit = at + marker.length;
    for (let code = text.charCodeAt(digit); code >= DIGIT_0 && code <= DIGIT_9; ) {
      time = time * 10 + (code - DIGIT_0);
      code = text.charCodeAt(++digit);
    }
    if (time <= previous) return false;
    previous = time;
    at = text.indexOf(marker, digit);
  }
  return true;
}

/** Indexes of the gaps between sorted `times` that hold one of the sorted `storedTimes`. */
function gapsHolding(times: readonly number[], storedTimes: readonly number[]): Set<number> {
  const gaps = new Set<number>();
  let gap = 0;
  for (const stored of storedTimes) {
    while (gap + 1 < times.length && (times[gap + 1] as number) <= stored) gap++;
    if ((times[gap] as number) < stored && gap + 1 < times.length) gaps.add(gap);
  }
  return gaps;
}
