import type { Reading, TimeWindow } from '../energy/types';
import { MIGRATIONS, type Migration } from './migrations';

interface ReadingRow extends Record<string, SqlStorageValue> {
  time: number;
  reading_kw: number;
}

function rowToReading(row: ReadingRow): Reading {
  return { time: row.time, reading: row.reading_kw };
}

// SQLite integers cover every epoch second we accept; these stand in for an open window edge.
const EARLIEST_TIME = Number.MIN_SAFE_INTEGER;
const LATEST_TIME = Number.MAX_SAFE_INTEGER;

/** Every SQL statement of a meter's Durable Object, over its own SQLite database. */
export class MeterStore {
  readonly #storage: DurableObjectStorage;

  constructor(storage: DurableObjectStorage) {
    this.#storage = storage;
  }

  /** Applies the pending schema migrations in order, each in its own transaction. */
  migrate(migrations: readonly Migration[] = MIGRATIONS): void {
    const sql = this.#storage.sql;
    sql.exec(`CREATE TABLE IF NOT EXISTS _schema_migrations (
      version INTEGER PRIMARY KEY,
      description TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    )`);
    const applied = new Set(
      sql
        .exec<{ version: number }>('SELECT version FROM _schema_migrations')
        .toArray()
        .map((row) => row.version),
    );
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      this.#storage.transactionSync(() => {
        sql.exec(migration.sql);
        sql.exec(
          'INSERT INTO _schema_migrations (version, description, applied_at) VALUES (?, ?, ?)',
          migration.version,
          migration.description,
          Date.now(),
        );
      });
    }
  }

  /** Stores every reading or none: a time already stored is replaced, the last one given for a time wins. */
  upsertReadings(readings: readonly Reading[]): void {
    const sql = this.#storage.sql;
    this.#storage.transactionSync(() => {
      for (const { time, reading } of readings) {
        sql.exec(
          `INSERT INTO readings (time, reading_kw) VALUES (?, ?)
           ON CONFLICT (time) DO UPDATE SET reading_kw = excluded.reading_kw`,
          time,
          reading,
        );
      }
    });
  }

  /** Readings with from <= time < to, ascending by time. */
  readingsInWindow(window: TimeWindow): Reading[] {
    return this.#storage.sql
      .exec<ReadingRow>(
        'SELECT time, reading_kw FROM readings WHERE time >= ? AND time < ? ORDER BY time',
        window.from ?? EARLIEST_TIME,
        window.to ?? LATEST_TIME,
      )
      .toArray()
      .map(rowToReading);
  }

  /**
   * The readings that shape the power curve inside the window: those in it, plus the nearest
   * reading at or before `from` and at or after `to`, so cut intervals can be interpolated.
   */
  readingsSpanningWindow(window: TimeWindow): Reading[] {
    const sql = this.#storage.sql;
    const from = window.from ?? EARLIEST_TIME;
    const to = window.to ?? LATEST_TIME;
    const before = sql
      .exec<ReadingRow>(
        'SELECT time, reading_kw FROM readings WHERE time <= ? ORDER BY time DESC LIMIT 1',
        from,
      )
      .toArray();
    const inside = sql
      .exec<ReadingRow>(
        'SELECT time, reading_kw FROM readings WHERE time > ? AND time < ? ORDER BY time',
        from,
        to,
      )
      .toArray();
    const after = sql
      .exec<ReadingRow>(
        'SELECT time, reading_kw FROM readings WHERE time >= ? ORDER BY time LIMIT 1',
        to,
      )
      .toArray();
    return [...before, ...inside, ...after].map(rowToReading);
  }

  hasReadings(): boolean {
    return this.#storage.sql.exec('SELECT 1 FROM readings LIMIT 1').toArray().length > 0;
  }
}
