/** One schema change of a meter's SQLite database. Append-only: never edit a step that has shipped. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
  /** Fills what the new schema derives from existing data, in the same transaction. */
  readonly backfill?: (sql: SqlStorage) => void;
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
    // Its backfill (the bucket tree from the readings) is retired: migration 7 drops these tables
    // and sums every day again from the readings.
  },
  {
    version: 3,
    description: "each reading's JSON, written once so that reads only join it",
    // SQLite writes REALs with 17 significant digits: existing readings read back exactly.
    sql: `ALTER TABLE readings ADD COLUMN reading_json TEXT NOT NULL DEFAULT '';
      UPDATE readings SET reading_json = '{"time":' || time || ',"reading":' || reading_kw || '}'`,
  },
  {
    version: 4,
    description: "the meter's account: the price plan its customer is on",
    sql: `CREATE TABLE IF NOT EXISTS account (
      singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
      price_plan_id TEXT NOT NULL
    )`,
  },
  {
    version: 5,
    description: 'rate-weighted energy of plans whose rate varies in time, in the bucket tree',
    // Filled when the meter starts with such plans in its catalogue (see tariff-series.ts).
    sql: `CREATE TABLE IF NOT EXISTS tariff_series (
        series INTEGER PRIMARY KEY,
        rate_rule TEXT NOT NULL UNIQUE
      );
      CREATE TABLE IF NOT EXISTS tariff_buckets (
        level INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        series INTEGER NOT NULL,
        weighted_kwh REAL NOT NULL,
        PRIMARY KEY (level, bucket, series)
      ) WITHOUT ROWID`,
  },
  {
    version: 6,
    description: "revocations of the meter's tokens, per scope",
    sql: `CREATE TABLE IF NOT EXISTS token_revocations (
      scope TEXT PRIMARY KEY,
      revoked_before INTEGER NOT NULL
    )`,
  },
  {
    version: 7,
    description:
      'readings an hour to a row, intervals a day to a row, sums per UTC day, long gaps, account history, meter state',
    // The readings of the one-row-per-reading table move to hour rows in bounded steps after this
    // (see meter/legacy-readings.ts): a meter with a long history must not stop for seconds.
    sql: `CREATE TABLE IF NOT EXISTS reading_hours (
        hour INTEGER PRIMARY KEY,
        readings TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS interval_days (
        channel INTEGER NOT NULL,
        day INTEGER NOT NULL,
        intervals TEXT NOT NULL,
        PRIMARY KEY (channel, day)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS day_sums (
        level INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        sums TEXT NOT NULL,
        import_kwh BLOB,
        export_kwh BLOB,
        PRIMARY KEY (level, bucket)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS long_gaps (
        first_day INTEGER PRIMARY KEY,
        end_day INTEGER NOT NULL,
        start_time INTEGER NOT NULL,
        start_kw REAL NOT NULL,
        end_time INTEGER NOT NULL,
        end_kw REAL NOT NULL
      );
      CREATE TABLE IF NOT EXISTS account_switches (
        from_time INTEGER PRIMARY KEY,
        price_plan_id TEXT NOT NULL
      );
      INSERT OR IGNORE INTO account_switches (from_time, price_plan_id)
        SELECT -1, price_plan_id FROM account;
      CREATE TABLE IF NOT EXISTS meter_state (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        catalogue_seq INTEGER NOT NULL,
        catalogue TEXT,
        pending TEXT NOT NULL
      );
      INSERT INTO meter_state (singleton, catalogue_seq, catalogue, pending)
        SELECT 1, 0, NULL, CASE WHEN EXISTS (SELECT 1 FROM readings)
          THEN '[{"kind":"convert","after":-1}]' ELSE '[]' END;
      DROP TABLE IF EXISTS account;
      DROP TABLE IF EXISTS energy_buckets;
      DROP TABLE IF EXISTS long_segments;
      DROP TABLE IF EXISTS tariff_series;
      DROP TABLE IF EXISTS tariff_buckets`,
  },
  {
    version: 8,
    description: 'fleet messages the queue did not take, kept until a later send takes them',
    sql: `CREATE TABLE IF NOT EXISTS fleet_outbox (
        seq INTEGER PRIMARY KEY,
        message TEXT NOT NULL
      )`,
  },
  {
    version: 9,
    description: 'what the fleet holds of the latest stretch of data, sent in one message a while',
    sql: `CREATE TABLE IF NOT EXISTS fleet_tail (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        from_time INTEGER NOT NULL,
        figures TEXT NOT NULL,
        gaps TEXT NOT NULL
      )`,
  },
];

/** Applies the pending migrations in order, each in its own transaction, and records them. */
export function applyMigrations(
  storage: DurableObjectStorage,
  migrations: readonly Migration[] = MIGRATIONS,
): void {
  const sql = storage.sql;
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
    storage.transactionSync(() => {
      sql.exec(migration.sql);
      migration.backfill?.(sql);
      sql.exec(
        'INSERT INTO _schema_migrations (version, description, applied_at) VALUES (?, ?, ?)',
        migration.version,
        migration.description,
        Date.now(),
      );
    });
  }
}
