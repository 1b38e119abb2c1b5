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

/** Every SQL statement on a meter's long gaps: runs of whole days without data, one row each. */
export class LongGapsTable {
  readonly #sql: MeterSql;

  constructor(sql: MeterSql) {
    this.#sql = sql;
  }

  /** The gaps holding any day of `[firstDay, endDay)`, in time order. */
  overlapping(firstDay: number, endDay: number): LongGap[] {
    return this.#sql
      .exec<GapRow>(
        `SELECT first_day, end_day, start_time, start_kw, end_time, end_kw FROM long_gaps
         WHERE first_day < ? AND end_day > ? ORDER BY first_day`,
        endDay,
        firstDay,
      )
      .toArray()
      .map(rowToGap);
  }

  /** Replaces the gaps holding any day of `[firstDay, endDay)` with these. */
  replace(firstDay: number, endDay: number, gaps: readonly LongGap[]): void {
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

  deleteAll(): void {
    this.#sql.exec('DELETE FROM long_gaps');
  }
}
