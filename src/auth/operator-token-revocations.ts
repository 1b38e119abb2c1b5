/**
 * The D1 SQL of operator tokens revoked by id (migrations/0001_operator_token_revocations.sql):
 * what spans meters lives in D1, strongly consistent, so a revocation holds on the next request
 * wherever it arrives.
 */

/** Whether the operator token with this id has been revoked. */
export async function isOperatorTokenRevoked(db: D1Database, tokenId: string): Promise<boolean> {
  const row = await db
    .prepare('SELECT 1 AS revoked FROM operator_token_revocations WHERE token_id = ?')
    .bind(tokenId)
    .first();
  return row !== null;
}

/**
 * Revokes the operator token with this id from now on; revoking it again changes nothing.
 * Answers when it was first revoked (epoch seconds).
 */
export async function revokeOperatorToken(
  db: D1Database,
  tokenId: string,
  now: number,
): Promise<number> {
  const row = await db
    .prepare(
      `INSERT INTO operator_token_revocations (token_id, revoked_at) VALUES (?, ?)
       ON CONFLICT (token_id) DO UPDATE SET revoked_at = revoked_at
       RETURNING revoked_at`,
    )
    .bind(tokenId, now)
    .first<{ revoked_at: number }>();
  return row?.revoked_at ?? now;
}
