/** One schema change of a meter's SQLite database. Append-only: never edit a step that has shipped. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
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
];
