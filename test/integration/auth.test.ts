import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../../src/app';
import { meterToken, mintOperatorToken, nowEpochSeconds } from '../../src/auth/token';
import { answerOf, newMeterId, request, TEST_TOKEN_KEY } from '../helpers';

const READING = { time: 1606636800, reading: 1 };

function storeBody(smartMeterId: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ smartMeterId, electricityReadings: [READING] }),
  };
}

function withToken(init: RequestInit, token: string): RequestInit {
  return {
    ...init,
    headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` },
  };
}

/** The Worker with other variables than the test configuration's. */
function fetchWithEnv(path: string, init: RequestInit, overrides: Partial<Env>): Promise<Response> {
  const request = new Request(`https://joi.test${path}`, init);
  return Promise.resolve(app.fetch(request, { ...env, ...overrides }, createExecutionContext()));
}

describe('meter tokens', () => {
  it('let a meter store and read its own readings', async () => {
    const smartMeterId = newMeterId();
    const token = await meterToken(TEST_TOKEN_KEY, smartMeterId);
    expect(
      (await request('/readings/store', withToken(storeBody(smartMeterId), token))).status,
    ).toBe(200);
    const read = await request(`/readings/read/${smartMeterId}`, withToken({}, token));
    expect(read.status).toBe(200);
  });

  it.each([
    [
      '/readings/read/{id}',
      (id: string) => request(`/readings/read/${id}`, { headers: { Authorization: '' } }),
    ],
    [
      '/price-plans/compare-all/{id}',
      (id: string) => request(`/price-plans/compare-all/${id}`, { headers: { Authorization: '' } }),
    ],
    [
      '/price-plans/recommend/{id}',
      (id: string) => request(`/price-plans/recommend/${id}`, { headers: { Authorization: '' } }),
    ],
    [
      '/readings/store',
      (id: string) =>
        request('/readings/store', {
          ...storeBody(id),
          headers: { 'Content-Type': 'application/json', Authorization: '' },
        }),
    ],
  ])('answer 401 with WWW-Authenticate: Bearer on %s without a token', async (_route, send) => {
    const response = await send(newMeterId());
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await answerOf(response)).toMatchObject({
      status: 401,
      mediaType: 'application/problem+json',
      body: { status: 401, type: '/problems/unauthorized' },
    });
  });

  it.each([
    'not-a-token',
    '{id}~AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    '{id}~',
    '~abc',
    '{id}~!!!!',
  ])('answer 401 for the bad token %j, storing nothing', async (tokenPattern) => {
    const smartMeterId = newMeterId();
    const token = tokenPattern.replace('{id}', smartMeterId);
    const response = await request('/readings/store', withToken(storeBody(smartMeterId), token));
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await answerOf(response)).toMatchObject({
      status: 401,
      mediaType: 'application/problem+json',
      body: { status: 401, type: '/problems/unauthorized' },
    });
    expect((await request(`/readings/read/${smartMeterId}`)).status).toBe(404);
  });

  it('answer 401 for a token signed with another key', async () => {
    const smartMeterId = newMeterId();
    const token = await meterToken('some-other-key', smartMeterId);
    const response = await request(`/readings/read/${smartMeterId}`, withToken({}, token));
    expect(response.status).toBe(401);
  });

  it("answer 403 for another meter's token, in the path or in a stored body, storing nothing", async () => {
    const mine = newMeterId();
    const theirs = newMeterId();
    const myToken = await meterToken(TEST_TOKEN_KEY, mine);

    const read = await request(`/price-plans/recommend/${theirs}`, withToken({}, myToken));
    expect(await answerOf(read)).toMatchObject({
      status: 403,
      mediaType: 'application/problem+json',
      body: { status: 403, type: '/problems/forbidden' },
    });

    const store = await request('/readings/store', withToken(storeBody(theirs), myToken));
    expect(await answerOf(store)).toMatchObject({
      status: 403,
      mediaType: 'application/problem+json',
      body: { status: 403, type: '/problems/forbidden' },
    });
    expect((await request(`/readings/read/${theirs}`)).status).toBe(404);
  });

  it('leave the service routes open', async () => {
    for (const path of ['/', '/health', '/openapi.json', '/docs']) {
      expect((await request(path, { headers: { Authorization: '' } })).status).toBe(200);
    }
  });

  it('fail closed: without a key, meter endpoints answer 503 and store nothing', async () => {
    const smartMeterId = newMeterId();
    const token = await meterToken(TEST_TOKEN_KEY, smartMeterId);
    const response = await fetchWithEnv(
      '/readings/store',
      withToken(storeBody(smartMeterId), token),
      { METER_TOKEN_KEY: '' },
    );
    expect(await answerOf(response)).toMatchObject({
      status: 503,
      mediaType: 'application/problem+json',
      body: { status: 503, type: '/problems/auth-unavailable' },
    });
    expect((await request(`/readings/read/${smartMeterId}`)).status).toBe(404);
  });

  it('are not needed when auth is explicitly off (local development)', async () => {
    const smartMeterId = newMeterId();
    const response = await fetchWithEnv('/readings/store', storeBody(smartMeterId), {
      AUTH_DISABLED: 'true',
      METER_TOKEN_KEY: '',
    });
    expect(response.status).toBe(200);
  });
});

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

  it('are refused (503), never let through, while their revocations cannot be checked', async () => {
    const { token } = await mintOperatorToken(TEST_TOKEN_KEY);
    const withoutD1 = await fetchWithEnv(
      `/meters/${newMeterId()}/account`,
      { headers: { Authorization: `Bearer ${token}`, 'CF-Connecting-IP': '2001:db8::d1' } },
      { DB: undefined as unknown as D1Database },
    );
    expect(await answerOf(withoutD1)).toMatchObject({
      status: 503,
      mediaType: 'application/problem+json',
      body: { type: '/problems/auth-unavailable' },
    });
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
