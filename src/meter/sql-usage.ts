/** Rows SQLite read and wrote for one meter since it started: what Cloudflare bills a meter for. */
export interface SqlUsage {
  readonly rowsRead: number;
  readonly rowsWritten: number;
}

/**
 * The meter's SQL handle, counting every statement's rows from its cursor's own counters. A
 * cursor's counters grow while it is read, so each is added once the next statement starts (by
 * then the tables have read it through) or when the totals are asked for.
 */
export class CountingSql {
  readonly #sql: SqlStorage;
  #rowsRead = 0;
  #rowsWritten = 0;
  #last: SqlStorageCursor<Record<string, SqlStorageValue>> | undefined;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  exec<T extends Record<string, SqlStorageValue>>(
    query: string,
    ...bindings: unknown[]
  ): SqlStorageCursor<T> {
    this.#count();
    const cursor = this.#sql.exec<T>(query, ...bindings);
    this.#last = cursor as unknown as SqlStorageCursor<Record<string, SqlStorageValue>>;
    return cursor;
  }

  get databaseSize(): number {
    return this.#sql.databaseSize;
  }

  usage(): SqlUsage {
    this.#count();
    return { rowsRead: this.#rowsRead, rowsWritten: this.#rowsWritten };
  }

  #count(): void {
    if (this.#last === undefined) return;
    this.#rowsRead += this.#last.rowsRead;
    this.#rowsWritten += this.#last.rowsWritten;
    this.#last = undefined;
  }
}

/** What the meter's tables need of SQL: statements, nothing else. */
export type MeterSql = Pick<CountingSql, 'exec'>;
