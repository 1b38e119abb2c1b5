-- Migration number: 0001 	 Operator tokens revoked one by one, by id (POST /operator-tokens/{tokenId}/revocation).
-- A token named here answers 401 from then on; other operator tokens, and meters' tokens, are untouched.
CREATE TABLE IF NOT EXISTS operator_token_revocations (
  token_id TEXT PRIMARY KEY NOT NULL,
  -- Epoch seconds of the first revocation (revoking again keeps it).
  revoked_at INTEGER NOT NULL
) STRICT;
