import { describe, expect, it } from 'vitest';
import { meterToken, mintOperatorToken, nowEpochSeconds } from '../../src/auth/token';
import { answerOf, newMeterId, request, TEST_TOKEN_KEY } from '../helpers';

/** An operator's request: the account of a meter of the test's own (404: it has none). */
function asOperator(token: string): Promise<Response> {
  return request(`/meters/${newMeterId()}/account`, {
    headers: { Authorization: `Bearer ${token}` },
  });
}

function revoke(tokenId: string, token: string): Promise<Response> {
  return request(`/operator-tokens/${tokenId}/revocation`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });
}

describe('operator tokens', () => {
  it('answer 401 once expired, like any invalid token', async () => {
    const live = await mintOperatorToken(TEST_TOKEN_KEY, { lifetimeSeconds: 60 });
    expect((await asOperator(live.token)).status).toBe(404);
    const expired = await mintOperatorToken(TEST_TOKEN_KEY, {
      issuedAt: nowEpochSeconds() - 3600,
      lifetimeSeconds: 60,
    });

    const response = await asOperator(expired.token);

    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await answerOf(response)).toMatchObject({
      status: 401,
      mediaType: 'application/problem+json',
      body: { type: '/problems/unauthorized' },
    });
  });

  it('are revoked one by one, by id: the revoked one answers 401, every other holds', async () => {
    const [leaked, kept] = [
      await mintOperatorToken(TEST_TOKEN_KEY),
      await mintOperatorToken(TEST_TOKEN_KEY),
    ];
    const viewerId = newMeterId();
    const viewer = await meterToken(TEST_TOKEN_KEY, viewerId, 'viewer');

    const revoked = await answerOf<{ tokenId: string; revokedAt: number }>(
      await revoke(leaked.tokenId, kept.token),
    );

    expect(revoked).toMatchObject({
      status: 200,
      mediaType: 'application/json',
      body: { tokenId: leaked.tokenId, revokedAt: expect.any(Number) },
    });
    expect(await answerOf(await asOperator(leaked.token))).toMatchObject({
      status: 401,
      body: { detail: 'The token has been revoked' },
    });
    expect((await asOperator(kept.token)).status).toBe(404);
    expect(
      (
        await request(`/meters/${viewerId}/account`, {
          headers: { Authorization: `Bearer ${viewer}` },
        })
      ).status,
    ).toBe(404);
    // Revoking again changes nothing.
    const again = await answerOf<{ revokedAt: number }>(await revoke(leaked.tokenId, kept.token));
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
  });

  it('let an operator revoke its own token', async () => {
    const own = await mintOperatorToken(TEST_TOKEN_KEY);
    expect((await revoke(own.tokenId, own.token)).status).toBe(200);
    expect((await asOperator(own.token)).status).toBe(401);
  });

  it('may be revoked only by an operator (403), and only by a well-formed id (422)', async () => {
    const operator = await mintOperatorToken(TEST_TOKEN_KEY);
    const device = await meterToken(TEST_TOKEN_KEY, newMeterId(), 'device');
    expect((await revoke(operator.tokenId, device)).status).toBe(403);
    expect((await asOperator(operator.token)).status).toBe(404);
    for (const id of ['not-an-id', 'ABCDEF0123456789', '0123456789abcdef0']) {
      expect(await answerOf(await revoke(id, operator.token)), id).toMatchObject({
        status: 422,
        mediaType: 'application/problem+json',
        body: { errors: [{ path: 'tokenId' }] },
      });
    }
  });
});
