import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../../src/app';
import { meterToken } from '../../src/auth/token';
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
