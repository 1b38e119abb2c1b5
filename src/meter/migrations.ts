import type { MeterStore } from './meter-store';

/** One schema change of a meter's SQLite database. Append-only: never edit a step that has shipped. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
  /** Fills what the new schema derives from existing data, in the same transaction. */
  readonly backfill?: (store: MeterStore) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'readings keyed by time',
    // `time` as INTEGER PRIMARY KEY is the rowid: one row per time, stored in time order.
    sql: `CREATE TABLE IF NOT EXISTS readings (
      time INTEGER PRIMARY KEY,
      reading_kw REAL NOT NULL
    )`,
  },
  {
    version: 2,
    description: 'energy aggregates: 15-minute bucket tree and long segments',
    sql: `CREATE TABLE IF NOT EXISTS energy_buckets (
        level INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        kwh REAL NOT NULL,
        PRIMARY KEY (level, bucket)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS long_segments (
        start_time INTEGER PRIMARY KEY,
        end_time INTEGER NOT NULL,
        start_kw REAL NOT NULL,
        end_kw REAL NOT NULL
      )`,
    backfill: (store) => store.rebuildAggregates(),
  },
  {
    version: 3,
    description: "each reading's JSON, written once so that reads only join it",
    // SQLite writes REALs with 17 significant digits: existing readings read back exactly.
    sql: `ALTER TABLE readings ADD COLUMN reading_json TEXT NOT NULL DEFAULT '';
      UPDATE readings SET reading_json = '{"time":' || time || ',"reading":' || reading_kw || '}'`,
  },
];
