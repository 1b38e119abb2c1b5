import type { Reading } from '../energy/types';
import type { MeterSql } from './sql-usage';

/**
 * The SQL of the readings table of schema versions 1 to 6 (one row per reading), read once to move
 * its readings into hour rows, then dropped.
 */
export class LegacyReadingsTable {
  readonly #sql: MeterSql;

  constructor(sql: MeterSql) {
    this.#sql = sql;
  }

  /** Up to `limit` readings after `afterTime`, ascending; none once the table is gone. */
  after(afterTime: number, limit: number): Reading[] {
    const exists = this.#sql
      .exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'readings'")
      .toArray();
    if (exists.length === 0) return [];
    return this.#sql
      .exec<{ time: number; reading_kw: number }>(
        'SELECT time, reading_kw FROM readings WHERE time > ? ORDER BY time LIMIT ?',
        afterTime,
        limit,
      )
      .toArray()
      .map((row) => ({ time: row.time, reading: row.reading_kw }));
  }

  drop(): void {
    this.#sql.exec('DROP TABLE IF EXISTS readings');
  }
}
