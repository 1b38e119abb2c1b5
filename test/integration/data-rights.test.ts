import { createExecutionContext, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../../src/app';
import { meterToken, nowEpochSeconds, operatorToken } from '../../src/auth/token';
import { jurisdictionOf } from '../../src/config/residency';
import { answerOf, answerTo, newMeterId, postReadings, request, TEST_TOKEN_KEY } from '../helpers';

// 35 kW at 10:30 and 5 kW at 11:00 on 2020-11-29: 10 kWh (the contract's example).
const TEN_KWH = [
  { time: 1606645800, reading: 35 },
  { time: 1606647600, reading: 5 },
];

async function asOperator(init: RequestInit = {}): Promise<RequestInit> {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${await operatorToken(TEST_TOKEN_KEY)}`);
  return { ...init, headers };
}

async function putAccount(smartMeterId: string, body: unknown): Promise<Response> {
  return request(
    `/meters/${smartMeterId}/account`,
    await asOperator({
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

async function erase(smartMeterId: string): Promise<Response> {
  return request(`/meters/${smartMeterId}`, await asOperator({ method: 'DELETE' }));
}

describe('accounts', () => {
  it('puts a meter on a plan from now, its first plan also pricing the usage before', async () => {
    const id = newMeterId();
    expect((await postReadings(id, TEN_KWH)).status).toBe(200);
    expect((await answerTo(`/price-plans/compare-all/${id}`)).status).toBe(404);
    expect((await answerTo(`/meters/${id}/account`)).status).toBe(404);
    const before = nowEpochSeconds();

    const put = await answerOf(await putAccount(id, { pricePlanId: 'price-plan-1' }));

    expect(put).toMatchObject({
      status: 200,
      mediaType: 'application/json',
      body: { smartMeterId: id, pricePlanId: 'price-plan-1' },
    });
    const [entry] = (put.body as { history: { pricePlanId: string; from: number; to: null }[] })
      .history;
    expect(entry?.pricePlanId).toBe('price-plan-1');
    expect(entry?.from).toBeGreaterThanOrEqual(before);
    expect(entry?.to).toBeNull();
    expect((await answerTo(`/meters/${id}/account`)).body).toEqual(put.body);
    expect((await answerTo(`/price-plans/compare-all/${id}`)).body).toMatchObject({
      pricePlanId: 'price-plan-1',
    });
    expect((await answerTo(`/meters/${id}/comparison`)).body).toMatchObject({
      pricePlanId: 'price-plan-1',
      currentCost: 20,
      plans: [
        { pricePlanId: 'price-plan-2', saving: 10 },
        { pricePlanId: 'price-plan-1', saving: 0 },
        expect.anything(),
      ],
    });
    expect((await answerTo(`/meters/${id}/usage?groupBy=day`)).body).toMatchObject({
      pricePlanId: 'price-plan-1',
      intervals: [{ kwh: 10, cost: 20 }],
    });
  });

  it('prices each part of a window on the plan in force then, and shows the history', async () => {
    const id = newMeterId();
    expect((await postReadings(id, TEN_KWH)).status).toBe(200);
    // 35 kW at 10:30 falling to 20 kW at 10:45 and 5 kW at 11:00: 6.875 kWh, then 3.125 kWh.
    expect((await putAccount(id, { pricePlanId: 'price-plan-1', from: 1606645800 })).status).toBe(
      200,
    );
    const put = await answerOf(
      await putAccount(id, { pricePlanId: 'price-plan-0', from: '2020-11-29T10:45:00Z' }),
    );

    expect(put.body).toEqual({
      smartMeterId: id,
      pricePlanId: 'price-plan-0',
      history: [
        { pricePlanId: 'price-plan-1', from: 1606645800, to: 1606646700 },
        { pricePlanId: 'price-plan-0', from: 1606646700, to: null },
      ],
    });
    const currentCost = 6.875 * 2 + 3.125 * 10;
    expect((await answerTo(`/meters/${id}/comparison`)).body).toMatchObject({
      pricePlanId: 'price-plan-0',
      currentCost,
      plans: [{ pricePlanId: 'price-plan-2', cost: 10, saving: currentCost - 10 }, {}, {}],
    });
    expect((await answerTo(`/meters/${id}/usage?groupBy=day`)).body).toMatchObject({
      intervals: [{ kwh: 10, cost: currentCost }],
    });
    const quarters = await answerTo<{ intervals: { cost: number }[] }>(
      `/meters/${id}/usage?groupBy=quarter_hour`,
    );
    expect(quarters.body.intervals.map((interval) => interval.cost)).toEqual([
      6.875 * 2,
      3.125 * 10,
    ]);
  });

  it('refuses a switch dated before the account’s latest one, changing nothing', async () => {
    const id = newMeterId();
    expect((await putAccount(id, { pricePlanId: 'price-plan-1', from: 1606646700 })).status).toBe(
      200,
    );

    const refused = await answerOf(
      await putAccount(id, { pricePlanId: 'price-plan-0', from: 1606645800 }),
    );

    expect(refused).toMatchObject({ status: 422, mediaType: 'application/problem+json' });
    expect((refused.body as { errors: { path: string }[] }).errors).toEqual([
      { path: 'from', message: expect.stringMatching(/latest switch \(1606646700\)/) },
    ]);
    expect((await answerTo(`/meters/${id}/account`)).body).toMatchObject({
      pricePlanId: 'price-plan-1',
      history: [{ pricePlanId: 'price-plan-1', from: 1606646700, to: null }],
    });
  });

  it('puts an account on no plan until a first switch still to come, and says a later one needs a from', async () => {
    const id = newMeterId();
    expect((await postReadings(id, TEN_KWH)).status).toBe(200);
    const from = nowEpochSeconds() + 2 * 86_400;
    expect((await putAccount(id, { pricePlanId: 'price-plan-1', from })).status).toBe(200);

    expect((await answerTo(`/meters/${id}/account`)).body).toEqual({
      smartMeterId: id,
      pricePlanId: null,
      history: [{ pricePlanId: 'price-plan-1', from, to: null }],
    });
    expect((await answerTo(`/meters/${id}/comparison`)).body).toMatchObject({
      pricePlanId: null,
      currentCost: null,
      plans: [{ pricePlanId: 'price-plan-2', saving: null }, {}, {}],
    });
    expect((await answerTo(`/meters/${id}/usage?groupBy=day`)).body).toMatchObject({
      pricePlanId: null,
      intervals: [{ kwh: 10, cost: null }],
    });

    const refused = await answerOf(await putAccount(id, { pricePlanId: 'price-plan-2' }));

    expect(refused).toMatchObject({ status: 422, mediaType: 'application/problem+json' });
    expect((refused.body as { errors: unknown[] }).errors).toEqual([
      {
        path: 'from',
        message: `is needed: a switch is scheduled from ${new Date(from * 1000).toISOString().slice(0, 19)}Z (${from}), after now; give a from at or after it`,
      },
    ]);
  });

  it('price an account whose plan left the catalogue as no account, on every endpoint alike', async () => {
    const id = newMeterId();
    expect((await postReadings(id, TEN_KWH)).status).toBe(200);
    // As a catalogue change leaves it: the account names a plan PRICE_PLANS no longer has.
    await runInDurableObject(env.METER.getByName(id), (meter) =>
      meter.switchAccount('withdrawn-plan', 0),
    );

    expect((await answerTo(`/meters/${id}/account`)).body).toMatchObject({
      smartMeterId: id,
      pricePlanId: 'withdrawn-plan',
    });
    expect((await answerTo(`/price-plans/compare-all/${id}`)).status).toBe(404);
    expect((await answerTo(`/meters/${id}/comparison`)).body).toMatchObject({ pricePlanId: null });
    const usage = await answerTo<{ pricePlanId: string | null; intervals: { cost: unknown }[] }>(
      `/meters/${id}/usage`,
    );
    expect(usage.body.pricePlanId).toBeNull();
    expect(usage.body.intervals.map((interval) => interval.cost)).toEqual([null]);
  });

  it('keep the trial plans as the trial meters’ defaults', async () => {
    const answer = await answerTo('/meters/smart-meter-3/account');
    expect(answer.body).toEqual({
      smartMeterId: 'smart-meter-3',
      pricePlanId: 'price-plan-2',
      history: [{ pricePlanId: 'price-plan-2', from: null, to: null }],
    });
  });

  it.each([
    [
      { pricePlanId: 'price-plan-9' },
      'pricePlanId',
      /must be the id of a plan of the catalogue: price-plan-0, price-plan-1, price-plan-2/,
    ],
    [{ pricePlanId: 7 }, 'pricePlanId', /must be the id of a plan/],
    [{}, 'pricePlanId', /is required/],
  ])('refuse %j with 422, changing nothing', async (body, path, message) => {
    const id = newMeterId();
    const answer = await answerOf(await putAccount(id, body));
    expect(answer).toMatchObject({ status: 422, mediaType: 'application/problem+json' });
    expect((answer.body as { errors: { path: string; message: string }[] }).errors).toEqual([
      { path, message: expect.stringMatching(message) },
    ]);
    expect((await answerTo(`/meters/${id}/account`)).status).toBe(404);
  });
});

describe('erasure', () => {
  it('leaves no row of the meter’s data: readings, aggregates and account are gone', async () => {
    const id = newMeterId();
    expect((await postReadings(id, TEN_KWH)).status).toBe(200);
    await putAccount(id, { pricePlanId: 'price-plan-1' });

    const answer = await erase(id);

    expect(answer.status).toBe(204);
    expect(await answer.text()).toBe('');
    // Every table, listed from the schema so that a table added later is checked too; what may
    // keep rows is bookkeeping (applied migrations, the catalogue copy) and revocations.
    const tablesWithRows = await runInDurableObject(env.METER.getByName(id), (_meter, state) =>
      state.storage.sql
        .exec<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
        )
        .toArray()
        .map((row) => row.name)
        .filter(
          (table) =>
            state.storage.sql.exec(`SELECT 1 FROM "${table}" LIMIT 1`).toArray().length > 0,
        ),
    );
    expect(tablesWithRows.sort()).toEqual(
      expect.arrayContaining(['_schema_migrations', 'token_revocations']),
    );
    expect(
      tablesWithRows.filter(
        (table) => !['_schema_migrations', 'meter_state', 'token_revocations'].includes(table),
      ),
    ).toEqual([]);
  });

  it('makes the meter answer as one that never existed, and a store start a fresh history', async () => {
    const id = newMeterId();
    expect((await postReadings(id, TEN_KWH)).status).toBe(200);
    await putAccount(id, { pricePlanId: 'price-plan-1' });

    expect((await erase(id)).status).toBe(204);

    for (const path of [
      `/readings/read/${id}`,
      `/price-plans/recommend/${id}`,
      `/price-plans/compare-all/${id}`,
      `/meters/${id}/account`,
      `/meters/${id}/usage`,
      `/meters/${id}/comparison`,
    ]) {
      expect((await request(path)).status, path).toBe(404);
    }
    expect((await postReadings(id, [{ time: 1606700000, reading: 1 }])).status).toBe(200);
    expect((await answerTo(`/readings/read/${id}`)).body).toEqual([
      { time: 1606700000, reading: 1 },
    ]);
  });

  it('revokes the viewer tokens issued before it and keeps earlier revocations; later device tokens hold', async () => {
    const id = newMeterId();
    const now = nowEpochSeconds();
    const revokedDevice = await meterToken(TEST_TOKEN_KEY, id, 'device', now - 120);
    const revocation = await request(
      `/meters/${id}/revocations`,
      await asOperator({
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"scope":"device"}',
      }),
    );
    const { revokedBefore } = (await revocation.json()) as { revokedBefore: number };
    const device = await meterToken(TEST_TOKEN_KEY, id, 'device', revokedBefore);
    const viewer = await meterToken(TEST_TOKEN_KEY, id, 'viewer', now - 60);
    const store = (token: string) =>
      request('/readings/store', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ smartMeterId: id, electricityReadings: TEN_KWH }),
      });
    expect((await store(device)).status).toBe(200);

    expect((await erase(id)).status).toBe(204);
    // A later household's readings on the same meter.
    expect((await store(device)).status).toBe(200);

    const read = (token: string) =>
      request(`/readings/read/${id}`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await read(viewer)).status).toBe(401);
    expect((await read(revokedDevice)).status).toBe(401);
    expect((await read(device)).status).toBe(200);
    const newViewer = await meterToken(TEST_TOKEN_KEY, id, 'viewer', nowEpochSeconds() + 1);
    expect((await read(newViewer)).status).toBe(200);
  });

  it('answers 204 again for a meter already erased, or one that never existed', async () => {
    const id = newMeterId();
    expect((await erase(id)).status).toBe(204);
    expect((await erase(id)).status).toBe(204);
  });

  it('brings a trial meter back to its trial plan', async () => {
    // smart-meter-4 is used by no other test.
    await putAccount('smart-meter-4', { pricePlanId: 'price-plan-0' });
    expect((await erase('smart-meter-4')).status).toBe(204);
    expect((await answerTo('/meters/smart-meter-4/account')).body).toEqual({
      smartMeterId: 'smart-meter-4',
      pricePlanId: 'price-plan-1',
      history: [{ pricePlanId: 'price-plan-1', from: null, to: null }],
    });
  });
});

describe('export of readings as CSV', () => {
  it('streams time, epoch and reading, the numbers as JSON gives them, as a download', async () => {
    const id = newMeterId();
    const readings = [
      { time: 1606636800, reading: 0.0503 },
      { time: 1606636860, reading: 0.1 + 0.2 },
      { time: 1606636920, reading: 1e-7 },
    ];
    expect((await postReadings(id, readings)).status).toBe(200);

    const response = await request(`/readings/read/${id}`, { headers: { Accept: 'text/csv' } });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${id}-readings.csv"`,
    );
    expect(response.headers.get('vary')).toContain('Accept');
    expect(await response.text()).toBe(
      [
        'time,epoch,reading',
        '2020-11-29T08:00:00Z,1606636800,0.0503',
        `2020-11-29T08:01:00Z,1606636860,${0.1 + 0.2}`,
        '2020-11-29T08:02:00Z,1606636920,1e-7',
        '',
      ].join('\n'),
    );
  });

  it('keeps to the window, across pages, and answers 404 for a window without readings', async () => {
    const id = newMeterId();
    // 12,000 minute readings: three pages of the stream.
    for (let batch = 0; batch < 2; batch++) {
      const readings = Array.from({ length: 6_000 }, (_, i) => ({
        time: 1_700_000_000 + (batch * 6_000 + i) * 60,
        reading: (i % 9) / 4,
      }));
      expect((await postReadings(id, readings)).status).toBe(200);
    }
    const from = 1_700_000_000 + 30 * 60;
    const to = 1_700_000_000 + 11_000 * 60;

    const lines = (
      await (
        await request(`/readings/read/${id}?from=${from}&to=${to}`, {
          headers: { Accept: 'text/csv' },
        })
      ).text()
    )
      .trimEnd()
      .split('\n');
    const json = (
      await answerTo<{ time: number; reading: number }[]>(
        `/readings/read/${id}?from=${from}&to=${to}`,
      )
    ).body;

    expect(lines).toHaveLength(1 + 10_970);
    expect(lines.slice(1).map((line) => line.split(','))).toEqual(
      json.map(({ time, reading }) => [
        new Date(time * 1000).toISOString().replace('.000', ''),
        String(time),
        String(reading),
      ]),
    );
    const empty = await request(`/readings/read/${id}?from=0&to=100`, {
      headers: { Accept: 'text/csv' },
    });
    expect(await answerOf(empty)).toMatchObject({
      status: 404,
      mediaType: 'application/problem+json',
    });
  });
});

describe('residency', () => {
  /**
   * The Worker with METER_JURISDICTION set, and a Meter namespace that notes which jurisdiction
   * each meter is addressed in and hands over to the real one: workerd, unlike Cloudflare, does
   * not implement jurisdictions ("Jurisdiction restrictions are not implemented in workerd").
   */
  function workerIn(jurisdiction: string) {
    const jurisdictions: string[] = [];
    const namespace = new Proxy(env.METER, {
      get(target, property) {
        if (property === 'jurisdiction') {
          return (name: string) => {
            jurisdictions.push(name);
            return target;
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const fetch = (path: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      headers.set('CF-Connecting-IP', '2001:db8::1');
      const request = new Request(`https://joi.test${path}`, { ...init, headers });
      const bindings = { ...env, METER: namespace, METER_JURISDICTION: jurisdiction };
      return Promise.resolve(app.fetch(request, bindings, createExecutionContext()));
    };
    return { fetch, jurisdictions };
  }

  it('creates and addresses every meter in the configured jurisdiction', async () => {
    const id = newMeterId();
    const authorization = { Authorization: `Bearer ${await meterToken(TEST_TOKEN_KEY, id)}` };
    const worker = workerIn('eu');
    const stored = await worker.fetch('/readings/store', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authorization },
      body: JSON.stringify({ smartMeterId: id, electricityReadings: TEN_KWH }),
    });
    expect(stored.status).toBe(200);
    expect((await worker.fetch(`/readings/read/${id}`, { headers: authorization })).status).toBe(
      200,
    );
    expect(
      (await worker.fetch(`/meters/${id}/comparison`, { headers: authorization })).status,
    ).toBe(200);
    expect(worker.jurisdictions).toEqual(['eu', 'eu', 'eu']);
  });

  it('addresses meters outside any jurisdiction when none is set', async () => {
    const id = newMeterId();
    const worker = workerIn('');
    const authorization = { Authorization: `Bearer ${await meterToken(TEST_TOKEN_KEY, id)}` };
    expect((await worker.fetch(`/readings/read/${id}`, { headers: authorization })).status).toBe(
      404,
    );
    expect(worker.jurisdictions).toEqual([]);
  });

  it('answers 503, not 500, where the runtime cannot place objects in a jurisdiction', async () => {
    const id = newMeterId();
    const authorization = { Authorization: `Bearer ${await meterToken(TEST_TOKEN_KEY, id)}` };
    const request = new Request(`https://joi.test/readings/read/${id}`, { headers: authorization });
    const response = await app.fetch(
      request,
      { ...env, METER_JURISDICTION: 'eu' },
      createExecutionContext(),
    );
    expect(await answerOf(response)).toMatchObject({
      status: 503,
      mediaType: 'application/problem+json',
      body: {
        type: '/problems/meter-storage-unavailable',
        title: 'Meter storage unavailable',
        detail: expect.stringContaining('unset METER_JURISDICTION to run locally'),
      },
    });
  });

  it.each(['', 'eu', 'fedramp', 'fedramp-high', 'us'])('accepts METER_JURISDICTION=%j', (value) => {
    expect(jurisdictionOf(value)).toBe(value === '' ? null : value);
  });

  it.each(['EU', 'europe', 'mars'])(
    'refuses METER_JURISDICTION=%j with a message naming the choices',
    (value) => {
      expect(() => jurisdictionOf(value)).toThrow(
        `METER_JURISDICTION must be empty or one of eu, fedramp, fedramp-high, us, not "${value}"`,
      );
    },
  );
});
