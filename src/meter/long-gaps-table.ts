import type { LongGap } from '../energy/gap-series';
import { insertRows } from './sql-rows';
import type { MeterSql } from './sql-usage';

interface GapRow extends Record<string, SqlStorageValue> {
  first_day: number;
  end_day: number;
  start_time: number;
  start_kw: number;
  end_time: number;
  end_kw: number;
}

function rowToGap(row: GapRow): LongGap {
  return {
    firstDay: row.first_day,
    endDay: row.end_day,
    segment: {
      startTime: row.start_time,
      startKw: row.start_kw,
      endTime: row.end_time,
      endKw: row.end_kw,
    },
  };
}

/**
 * Every SQL statement on a meter's long gaps: runs of whole days without data, one row each.
 * Pricing asks for the gaps of every window it reads, so all of them are kept in memory once read:
 * a gap spans at least eight days with data on both sides, so a meter has at most one for every
 * nine days of its history.
 */
export class LongGapsTable {
  readonly #sql: MeterSql;
  /** Every gap, in time order (they never overlap); `undefined` until read. */
  #all: LongGap[] | undefined;

  constructor(sql: MeterSql) {
    this.#sql = sql;
  }

  /** The gaps holding any day of `[firstDay, endDay)`, in time order. */
  overlapping(firstDay: number, endDay: number): LongGap[] {
    const all = this.#readAll();
    // Gaps never overlap, so their ends ascend too: find the first ending after `firstDay`.
    let low = 0;
    let high = all.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((all[middle] as LongGap).endDay > firstDay) high = middle;
      else low = middle + 1;
    }
    const found: LongGap[] = [];
    for (let i = low; i < all.length && (all[i] as LongGap).firstDay < endDay; i++) {
      found.push(all[i] as LongGap);
    }
    return found;
  }

  #readAll(): LongGap[] {
    if (this.#all === undefined) {
      this.#all = this.#sql
        .exec<GapRow>(
          `SELECT first_day, end_day, start_time, start_kw, end_time, end_kw FROM long_gaps
           ORDER BY first_day`,
        )
        .toArray()
        .map(rowToGap);
    }
    return this.#all;
  }

  /** Replaces the gaps holding any day of `[firstDay, endDay)` with these. */
  replace(firstDay: number, endDay: number, gaps: readonly LongGap[]): void {
    this.#all = undefined;
    this.#sql.exec('DELETE FROM long_gaps WHERE first_day < ? AND end_day > ?', endDay, firstDay);
    insertRows(
      this.#sql,
      'INSERT INTO long_gaps (first_day, end_day, start_time, start_kw, end_time, end_kw)',
      '',
      gaps.map((gap) => [
        gap.firstDay,
        gap.endDay,
        gap.segment.startTime,
        gap.segment.startKw,
        gap.segment.endTime,
        gap.segment.endKw,
      ]),
    );
  }

  /** Forgets what is kept in memory (a transaction that may have read its writes was rolled back). */
  forget(): void {
    this.#all = undefined;
  }

  deleteAll(): void {
    this.#all = undefined;
    this.#sql.exec('DELETE FROM long_gaps');
  }
}
