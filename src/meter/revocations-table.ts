import type { MeterSql } from './sql-usage';
/** The SQL of a meter's token revocations: per scope, the time before which tokens are revoked. */
export class RevocationsTable {
  readonly #sql: MeterSql;

  constructor(sql: MeterSql) {
    this.#sql = sql;
  }

  /** Per scope, tokens issued before this epoch second no longer verify. */
  revokedBefore(): Map<string, number> {
    const rows = this.#sql
      .exec<{ scope: string; revoked_before: number }>(
        'SELECT scope, revoked_before FROM token_revocations',
      )
      .toArray();
    return new Map(rows.map((row) => [row.scope, row.revoked_before]));
  }

  revoke(scope: string, revokedBefore: number): void {
    this.#sql.exec(
      `INSERT INTO token_revocations (scope, revoked_before) VALUES (?, ?)
       ON CONFLICT (scope) DO UPDATE SET revoked_before = MAX(revoked_before, excluded.revoked_before)`,
      scope,
      revokedBefore,
    );
  }
}
