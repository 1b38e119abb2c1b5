import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../../src/app';
import {
  legacyMeterToken,
  meterToken,
  mintOperatorToken,
  nowEpochSeconds,
  operatorToken,
} from '../../src/auth/token';
import {
  answerOf,
  newMeterId,
  openAccount,
  postReadings,
  request,
  TEST_TOKEN_KEY,
} from '../helpers';

const READINGS = [
  { time: 1606636800, reading: 1 },
  { time: 1606637400, reading: 2 },
];

type TokenKind =
  | 'no token'
  | 'malformed'
  | 'wrong key'
  | 'revoked'
  | "other meter's device"
  | "other meter's viewer"
  | 'own device'
  | 'own viewer'
  | 'operator';

type Operation = 'public' | 'store' | 'read' | 'operate';

interface Endpoint {
  readonly operation: Operation;
  /** The status an allowed request answers with (200 unless said). */
  readonly success?: number;
  /** What an allowed request does to the meter's readings (nothing unless said). */
  readonly effect?: 'adds a reading' | 'erases them';
  /** The request on meter `id` (a meter with readings and an account). */
  readonly send: (id: string, authorization: Record<string, string>) => Promise<Response>;
}

const json = (
  method: string,
  body: unknown,
  authorization: Record<string, string>,
): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json', ...authorization },
  body: JSON.stringify(body),
});
const get = (path: string) => (_id: string, authorization: Record<string, string>) =>
  request(path, { headers: authorization });
const getMeter =
  (path: (id: string) => string) => (id: string, authorization: Record<string, string>) =>
    request(path(id), { headers: authorization });

/** Every route of the app, by method and path; the test fails if the app has one more or less. */
const ENDPOINTS: Record<string, Endpoint> = {
  'GET /': { operation: 'public', send: get('/') },
  'GET /health': { operation: 'public', send: get('/health') },
  'GET /openapi.json': { operation: 'public', send: get('/openapi.json') },
  'GET /docs': { operation: 'public', send: get('/docs') },
  'GET /price-plans': { operation: 'public', send: get('/price-plans') },
  'POST /readings/store': {
    operation: 'store',
    effect: 'adds a reading',
    send: (id, authorization) =>
      request(
        '/readings/store',
        json(
          'POST',
          { smartMeterId: id, electricityReadings: [{ time: 1606638000, reading: 3 }] },
          authorization,
        ),
      ),
  },
  'GET /readings/read/:smartMeterId': {
    operation: 'read',
    send: getMeter((id) => `/readings/read/${id}`),
  },
  'GET /price-plans/compare-all/:smartMeterId': {
    operation: 'read',
    send: getMeter((id) => `/price-plans/compare-all/${id}`),
  },
  'GET /price-plans/recommend/:smartMeterId': {
    operation: 'read',
    send: getMeter((id) => `/price-plans/recommend/${id}`),
  },
  'GET /meters/:smartMeterId/usage': {
    operation: 'read',
    send: getMeter((id) => `/meters/${id}/usage`),
  },
  'GET /meters/:smartMeterId/comparison': {
    operation: 'read',
    send: getMeter((id) => `/meters/${id}/comparison`),
  },
  'GET /meters/:smartMeterId/dashboard': {
    operation: 'read',
    send: getMeter((id) => `/meters/${id}/dashboard`),
  },
  'GET /meters/:smartMeterId/advice': {
    operation: 'read',
    send: getMeter((id) => `/meters/${id}/advice`),
  },
  // Not an upgrade: the token is checked as for any read, then 426 (live.test.ts opens sockets).
  'GET /meters/:smartMeterId/live': {
    operation: 'read',
    success: 426,
    send: getMeter((id) => `/meters/${id}/live`),
  },
  'GET /meters/:smartMeterId/account': {
    operation: 'read',
    send: getMeter((id) => `/meters/${id}/account`),
  },
  'PUT /meters/:smartMeterId/account': {
    operation: 'operate',
    send: (id, authorization) =>
      request(`/meters/${id}/account`, json('PUT', { pricePlanId: 'price-plan-2' }, authorization)),
  },
  'DELETE /meters/:smartMeterId': {
    operation: 'operate',
    success: 204,
    effect: 'erases them',
    send: (id, authorization) =>
      request(`/meters/${id}`, { method: 'DELETE', headers: authorization }),
  },
  'POST /meters/:smartMeterId/revocations': {
    operation: 'operate',
    send: (id, authorization) =>
      request(`/meters/${id}/revocations`, json('POST', { scope: 'viewer' }, authorization)),
  },
  'POST /meters/:smartMeterId/intervals': {
    operation: 'store',
    send: (id, authorization) =>
      request(
        `/meters/${id}/intervals`,
        json(
          'POST',
          { channel: 'export', intervals: [{ start: 1606636800, end: 1606638600, kwh: 0.4 }] },
          authorization,
        ),
      ),
  },
  'GET /meters/:smartMeterId/intervals': {
    operation: 'read',
    send: getMeter((id) => `/meters/${id}/intervals?channel=export`),
  },
  'GET /price-plans/:pricePlanId': { operation: 'public', send: get('/price-plans/price-plan-1') },
  'PUT /price-plans/:pricePlanId': {
    operation: 'operate',
    send: (id, authorization) =>
      request(
        `/price-plans/plan-of-${id}`,
        json('PUT', { supplier: 'Test', versions: [{ unitRatePerKwh: 0.2 }] }, authorization),
      ),
  },
  'DELETE /price-plans/:pricePlanId': {
    operation: 'operate',
    success: 204,
    send: async (id, authorization) => {
      await putPlanAsOperator(`plan-of-${id}`);
      return request(`/price-plans/plan-of-${id}`, { method: 'DELETE', headers: authorization });
    },
  },
  'PUT /price-plans/:pricePlanId/rates': {
    operation: 'operate',
    send: async (id, authorization) => {
      await putPlanAsOperator(`plan-of-${id}`);
      const rates = [{ start: 1606636800, end: 1606638600, unitRatePerKwh: 0.1 }];
      return request(`/price-plans/plan-of-${id}/rates`, json('PUT', { rates }, authorization));
    },
  },
  'GET /price-plans/:pricePlanId/rates': {
    operation: 'public',
    send: get('/price-plans/price-plan-1/rates'),
  },
  'GET /fleet/usage': {
    operation: 'operate',
    send: get('/fleet/usage?from=1606608000&to=1606694400&groupBy=hour'),
  },
  'GET /fleet/switch-candidates': {
    operation: 'operate',
    send: get('/fleet/switch-candidates?minAnnualSaving=1'),
  },
  'PUT /accounts': {
    operation: 'operate',
    send: (id, authorization) =>
      request(
        '/accounts',
        json('PUT', [{ smartMeterId: id, pricePlanId: 'price-plan-2' }], authorization),
      ),
  },
  'POST /operator-tokens/:tokenId/revocation': {
    operation: 'operate',
    send: async (_id, authorization) => {
      const { tokenId } = await mintOperatorToken(TEST_TOKEN_KEY);
      return request(`/operator-tokens/${tokenId}/revocation`, {
        method: 'POST',
        headers: authorization,
      });
    },
  },
};

/** Puts a plan into the catalogue with the operator's token, for a test of its endpoints. */
async function putPlanAsOperator(pricePlanId: string): Promise<void> {
  const response = await request(`/price-plans/${pricePlanId}`, {
    method: 'PUT',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${await operatorToken(TEST_TOKEN_KEY)}`,
    },
    body: JSON.stringify({ supplier: 'Test', versions: [{ unitRatePerKwh: 0.2 }] }),
  });
  if (response.status !== 200) throw new Error(`putting plan ${pricePlanId}: ${response.status}`);
}

const TOKEN_KINDS: TokenKind[] = [
  'no token',
  'malformed',
  'wrong key',
  'revoked',
  "other meter's device",
  "other meter's viewer",
  'own device',
  'own viewer',
  'operator',
];

/** What each token may do: the status a valid request answers with. */
function expectedStatus({ operation, success = 200 }: Endpoint, kind: TokenKind): number {
  if (operation === 'public') return success;
  if (kind === 'no token' || kind === 'malformed' || kind === 'wrong key') return 401;
  if (kind === 'operator') return success;
  if (kind === "other meter's device" || kind === "other meter's viewer") return 403;
  if (operation === 'operate') return 403;
  if (kind === 'revoked') return 401;
  if (kind === 'own viewer') return operation === 'read' ? success : 403;
  return success; // own device: store and read
}

/** The Authorization header of a kind of token for meter `id` (revoking first when asked). */
async function authorizationOf(
  kind: TokenKind,
  id: string,
  operation: Operation,
): Promise<Record<string, string>> {
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const other = newMeterId();
  switch (kind) {
    case 'no token':
      return { Authorization: '' };
    case 'malformed':
      return bearer('not-a-token');
    case 'wrong key':
      return bearer(await meterToken('another-key', id));
    case 'revoked': {
      // The scope the operation would otherwise allow, issued before the meter revoked it.
      const scope = operation === 'store' ? 'device' : 'viewer';
      const token = await meterToken(TEST_TOKEN_KEY, id, scope, nowEpochSeconds() - 60);
      const revoked = await request(`/meters/${id}/revocations`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...bearer(await operatorToken(TEST_TOKEN_KEY)),
        },
        body: JSON.stringify({ scope }),
      });
      if (revoked.status !== 200) throw new Error(`revocation refused: ${revoked.status}`);
      return bearer(token);
    }
    case "other meter's device":
      return bearer(await meterToken(TEST_TOKEN_KEY, other, 'device'));
    case "other meter's viewer":
      return bearer(await meterToken(TEST_TOKEN_KEY, other, 'viewer'));
    case 'own device':
      return bearer(await meterToken(TEST_TOKEN_KEY, id, 'device'));
    case 'own viewer':
      return bearer(await meterToken(TEST_TOKEN_KEY, id, 'viewer'));
    case 'operator':
      return bearer(await operatorToken(TEST_TOKEN_KEY));
  }
}

async function storedTimes(id: string): Promise<number[]> {
  const response = await request(`/readings/read/${id}`, {
    headers: { Authorization: `Bearer ${await operatorToken(TEST_TOKEN_KEY)}` },
  });
  return response.status === 200
    ? ((await response.json()) as { time: number }[]).map((r) => r.time)
    : [];
}

describe('access to every endpoint', () => {
  it('lists every route of the app, and no route the app lacks', () => {
    const routes = new Set(
      app.routes
        .filter((route) => route.method !== 'ALL')
        .map((route) => `${route.method} ${route.path}`),
    );
    expect([...routes].sort()).toEqual(Object.keys(ENDPOINTS).sort());
  });

  const cases = Object.entries(ENDPOINTS).flatMap(([name, endpoint]) =>
    TOKEN_KINDS.map((kind) => [name, kind, expectedStatus(endpoint, kind)] as const),
  );

  it.each(cases)('%s with %s answers %i', async (name, kind, status) => {
    const endpoint = ENDPOINTS[name] as Endpoint;
    const id = newMeterId();
    expect((await postReadings(id, READINGS)).status).toBe(200);
    await openAccount(id, 'price-plan-1');
    const authorization = await authorizationOf(kind, id, endpoint.operation);
    const before = await storedTimes(id);

    const answer = await answerOf(await endpoint.send(id, authorization));

    expect(answer.status).toBe(status);
    if (status >= 400) {
      expect(answer.mediaType).toBe('application/problem+json');
      expect(answer.body).toMatchObject({ status });
    }
    if (status === 401)
      expect((await endpoint.send(id, authorization)).headers.get('www-authenticate')).toMatch(
        /^Bearer/,
      );
    const allowed = status < 300;
    const after =
      allowed && endpoint.effect === 'adds a reading'
        ? [...before, 1606638000]
        : allowed && endpoint.effect === 'erases them'
          ? []
          : before;
    expect(await storedTimes(id)).toEqual(after);
  });
});

/** The Worker with other variables than the test configuration's. */
function fetchWithEnv(path: string, init: RequestInit, overrides: Partial<Env>): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('CF-Connecting-IP', `2001:db8::${crypto.randomUUID().slice(0, 4)}`);
  const request = new Request(`https://joi.test${path}`, { ...init, headers });
  return Promise.resolve(app.fetch(request, { ...env, ...overrides }, createExecutionContext()));
}

describe('key rotation', () => {
  it('verifies tokens of the previous key while both keys are live, and no longer once it is gone', async () => {
    const id = newMeterId();
    expect((await postReadings(id, READINGS)).status).toBe(200);
    const oldToken = await meterToken('the-old-key', id, 'viewer');
    const newToken = await meterToken('the-new-key', id, 'viewer');
    const read = (token: string, keys: Partial<Env>) =>
      fetchWithEnv(`/readings/read/${id}`, { headers: { Authorization: `Bearer ${token}` } }, keys);

    // Before: the old key alone.
    expect((await read(oldToken, { METER_TOKEN_KEY: 'the-old-key' })).status).toBe(200);
    expect((await read(newToken, { METER_TOKEN_KEY: 'the-old-key' })).status).toBe(401);
    // During: the new key signs, the old one still verifies.
    const both = { METER_TOKEN_KEY: 'the-new-key', METER_TOKEN_KEY_PREVIOUS: 'the-old-key' };
    expect((await read(oldToken, both)).status).toBe(200);
    expect((await read(newToken, both)).status).toBe(200);
    // After: the old key removed.
    const after = { METER_TOKEN_KEY: 'the-new-key', METER_TOKEN_KEY_PREVIOUS: '' };
    expect((await read(oldToken, after)).status).toBe(401);
    expect((await read(newToken, after)).status).toBe(200);
  });

  it('keeps the first-format tokens of meters working, under either live key', async () => {
    const id = newMeterId();
    expect((await postReadings(id, READINGS)).status).toBe(200);
    const legacy = await legacyMeterToken(TEST_TOKEN_KEY, id);
    expect(legacy).toMatch(new RegExp(`^${id}~[A-Za-z0-9_-]{43}$`));
    const read = (keys: Partial<Env>) =>
      fetchWithEnv(
        `/readings/read/${id}`,
        { headers: { Authorization: `Bearer ${legacy}` } },
        keys,
      );
    expect((await read({})).status).toBe(200);
    expect(
      (await read({ METER_TOKEN_KEY: 'the-new-key', METER_TOKEN_KEY_PREVIOUS: TEST_TOKEN_KEY }))
        .status,
    ).toBe(200);
  });
});

describe('revocation', () => {
  it("revokes one meter's viewer tokens from the next request on, and nothing else", async () => {
    const [mine, other] = [newMeterId(), newMeterId()];
    for (const id of [mine, other]) expect((await postReadings(id, READINGS)).status).toBe(200);
    const issuedBefore = nowEpochSeconds() - 1;
    const myViewer = await meterToken(TEST_TOKEN_KEY, mine, 'viewer', issuedBefore);
    const myDevice = await meterToken(TEST_TOKEN_KEY, mine, 'device', issuedBefore);
    const otherViewer = await meterToken(TEST_TOKEN_KEY, other, 'viewer', issuedBefore);
    const read = (id: string, token: string) =>
      request(`/readings/read/${id}`, { headers: { Authorization: `Bearer ${token}` } });

    const revocation = await request(`/meters/${mine}/revocations`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${await operatorToken(TEST_TOKEN_KEY)}`,
      },
      body: JSON.stringify({ scope: 'viewer' }),
    });

    const { body } = await answerOf<{ revokedBefore: number }>(revocation);
    expect(body).toEqual({
      smartMeterId: mine,
      scope: 'viewer',
      revokedBefore: expect.any(Number),
    });
    expect(await answerOf(await read(mine, myViewer))).toMatchObject({
      status: 401,
      body: { detail: 'The token has been revoked' },
    });
    expect((await read(mine, myDevice)).status).toBe(200);
    expect((await read(other, otherViewer)).status).toBe(200);
    const reissued = await meterToken(TEST_TOKEN_KEY, mine, 'viewer', body.revokedBefore);
    expect((await read(mine, reissued)).status).toBe(200);
  });

  it('refuses a token dated in the future (401), which no revocation could reach', async () => {
    const id = newMeterId();
    expect((await postReadings(id, READINGS)).status).toBe(200);
    const farAhead = await meterToken(TEST_TOKEN_KEY, id, 'viewer', nowEpochSeconds() + 3600);
    const answer = await answerOf(
      await request(`/readings/read/${id}`, { headers: { Authorization: `Bearer ${farAhead}` } }),
    );
    expect(answer).toMatchObject({
      status: 401,
      mediaType: 'application/problem+json',
      body: { detail: 'The token is not valid' },
    });
  });

  it('refuses a scope other than device or viewer', async () => {
    const answer = await answerOf(
      await request(`/meters/${newMeterId()}/revocations`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${await operatorToken(TEST_TOKEN_KEY)}`,
        },
        body: JSON.stringify({ scope: 'operator' }),
      }),
    );
    expect(answer).toMatchObject({
      status: 422,
      body: { errors: [{ path: 'scope', message: 'must be device or viewer' }] },
    });
  });
});

// The limiter counts in fixed windows of a minute, not a sliding one: a burst that crosses a
// window's end may make up to twice the limit before a refusal. These tests send less than a
// minute's worth of requests, so they span at most two windows, whenever they start.
describe('rate limits', () => {
  it('answer 429 with Retry-After once a meter stores more than 120 times in a minute', async () => {
    const id = newMeterId();
    let stored = 0;
    let refused: Response | undefined;
    for (let i = 0; i < 2 * 120 + 1 && refused === undefined; i++) {
      const response = await postReadings(id, [{ time: 1606636800 + i, reading: 1 }]);
      if (response.status === 200) stored++;
      else refused = response;
    }
    // A whole window's 120 stores at least before the refusal, two windows' at most.
    expect(stored).toBeGreaterThanOrEqual(120);
    expect(stored).toBeLessThanOrEqual(240);
    expect(refused?.headers.get('retry-after')).toBe('60');
    expect(await answerOf(refused ?? new Response())).toMatchObject({
      status: 429,
      mediaType: 'application/problem+json',
      body: { type: '/problems/too-many-requests' },
    });
    expect(await storedTimes(id)).toHaveLength(stored);
  });

  it('answer 429 with Retry-After once an address has failed to authenticate 30 times in a minute', async () => {
    const address = `2001:db8:bad::${crypto.randomUUID().slice(0, 4)}`;
    const attempt = () =>
      request(`/readings/read/${newMeterId()}`, {
        headers: { Authorization: 'Bearer guess', 'CF-Connecting-IP': address },
      });
    let failures = 0;
    let refused: Response | undefined;
    for (let i = 0; i < 2 * 30 + 1 && refused === undefined; i++) {
      const response = await attempt();
      if (response.status === 401) failures++;
      else refused = response;
    }
    expect(failures).toBeGreaterThanOrEqual(30);
    expect(failures).toBeLessThanOrEqual(60);
    expect(refused?.status).toBe(429);
    expect(refused?.headers.get('retry-after')).toBe('60');
    // Another address is not held back.
    expect(
      (
        await request(`/readings/read/${newMeterId()}`, {
          headers: { Authorization: 'Bearer guess' },
        })
      ).status,
    ).toBe(401);
  });
});

describe('browsers', () => {
  const LISTED = 'https://app.example.com';
  const corsOn = { CORS_ORIGINS: `${LISTED}, https://admin.example.com` };

  it('answer a preflight from a listed origin with the methods and headers it may use', async () => {
    const response = await fetchWithEnv(
      '/price-plans/recommend/smart-meter-0',
      {
        method: 'OPTIONS',
        headers: {
          Origin: LISTED,
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      },
      corsOn,
    );
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(response.headers.get('access-control-allow-methods')).toContain('GET');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'authorization',
    );
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('let a listed origin read answers, and give an unlisted origin no CORS header at all', async () => {
    const listed = await fetchWithEnv('/price-plans', { headers: { Origin: LISTED } }, corsOn);
    expect(listed.headers.get('access-control-allow-origin')).toBe(LISTED);
    const unlisted = await fetchWithEnv(
      '/price-plans',
      { headers: { Origin: 'https://evil.example' } },
      corsOn,
    );
    expect(
      [...unlisted.headers.keys()].filter((name) => name.startsWith('access-control-')),
    ).toEqual([]);
    const preflight = await fetchWithEnv(
      '/price-plans',
      {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' },
      },
      corsOn,
    );
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allow no origin by default', async () => {
    const response = await request('/price-plans', { headers: { Origin: LISTED } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never combine any origin (*) with credentials', async () => {
    const response = await fetchWithEnv(
      '/price-plans',
      { headers: { Origin: LISTED } },
      { CORS_ORIGINS: '*' },
    );
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('get nosniff, no referrer and a policy that loads nothing with every JSON answer', async () => {
    for (const path of ['/health', '/nowhere', `/readings/read/${newMeterId()}`]) {
      const response = await request(path);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });
});
