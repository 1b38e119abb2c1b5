import { describe, expect, it } from 'vitest';
import {
  answerOf,
  answerTo,
  newMeterId,
  postJson,
  postReadings,
  type ReadingInput,
  request,
} from '../helpers';
import {
  asOperator,
  newPlanId,
  operatorHeader,
  publishRates,
  putPlan,
  switchPlan,
} from '../operator-requests';
import { type DirectPlan, directPriceOf } from '../support/direct-pricing';
import { forgedCursors } from '../support/forged-cursors';

const at = (iso: string) => Date.parse(iso) / 1000;

/** Power every 10 minutes from `fromIso` for `hours`, varying so every rate shows. */
function readingsFrom(fromIso: string, hours: number): ReadingInput[] {
  const start = at(fromIso);
  return Array.from({ length: hours * 6 + 1 }, (_, i) => ({
    time: start + i * 600,
    reading: 0.4 + ((i * 7) % 11) / 5,
  }));
}

function expectClose(actual: number | undefined, expected: number | undefined, what: string) {
  expect(
    Math.abs((actual ?? Number.NaN) - (expected ?? Number.NaN)),
    `${what}: ${actual} vs ${expected}`,
  ).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected ?? 0)));
}

interface ComparisonBody {
  currency: string;
  kwh: number;
  currentCost: number | null;
  plans: {
    pricePlanId: string;
    energyCost: number;
    standingCharge: number;
    vat: number;
    cost: number;
  }[];
}

/** A meter holding the readings, on `pricePlanId` from the beginning. */
async function meterOn(pricePlanId: string, readings: ReadingInput[]): Promise<string> {
  const id = newMeterId();
  expect((await postReadings(id, readings)).status).toBe(200);
  await switchPlan(id, pricePlanId, 0);
  return id;
}

/** The comparison's figures for one plan, against the reference's. */
async function expectPlanPriced(
  id: string,
  plan: DirectPlan,
  readings: ReadingInput[],
  window: { from?: number; to?: number } = {},
) {
  const query = new URLSearchParams(
    Object.entries(window).map(([key, value]) => [key, String(value)]),
  );
  const answer = await answerTo<ComparisonBody>(`/meters/${id}/comparison?${query}`);
  expect(answer.status).toBe(200);
  const priced = answer.body.plans.find((entry) => entry.pricePlanId === plan.id);
  const direct = directPriceOf({ readings }, [plan], window).plans[0];
  expectClose(priced?.energyCost, direct?.energyCost, 'energy cost');
  expectClose(priced?.standingCharge, direct?.standingCharge, 'standing charge');
  expectClose(priced?.vat, direct?.vat, 'VAT');
  expectClose(priced?.cost, direct?.cost, 'cost');
  return answer.body;
}

const NIGHT_BAND = { from: '00:30', to: '07:30', unitRatePerKwh: 0.085 };
// A price change in force from an odd second in the middle of a night band.
const PRICE_CHANGE = at('2024-10-01T02:03:07Z');

function twoVersions() {
  return {
    supplier: 'Night Owl Energy',
    versions: [
      {
        unitRatePerKwh: 0.245,
        timeZone: 'Europe/London',
        standingChargePerDay: 0.53,
        vatRate: 0.05,
        timeOfUseRates: [NIGHT_BAND],
      },
      {
        validFrom: PRICE_CHANGE,
        unitRatePerKwh: 0.2486,
        timeZone: 'Europe/London',
        standingChargePerDay: 0.6012,
        vatRate: 0.05,
        timeOfUseRates: [{ ...NIGHT_BAND, unitRatePerKwh: 0.0901 }],
      },
    ],
  };
}

describe('PUT, GET and DELETE /price-plans/{pricePlanId}', () => {
  it('stores a plan of versions and shows each in force at its time', async () => {
    const id = newPlanId();
    const withoutToken = await request(`/price-plans/${id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: '' },
      body: JSON.stringify(twoVersions()),
    });
    expect(withoutToken.status).toBe(401);

    await putPlan(id, twoVersions());

    const whole = await answerTo<{
      versions: { validFrom: number | null; validTo: number | null }[];
    }>(`/price-plans/${id}`);
    expect(whole.status).toBe(200);
    expect(whole.body).toMatchObject({
      pricePlanId: id,
      supplier: 'Night Owl Energy',
      currency: 'GBP',
      dynamicRates: false,
    });
    expect(whole.body.versions.map((version) => [version.validFrom, version.validTo])).toEqual([
      [null, PRICE_CHANGE],
      [PRICE_CHANGE, null],
    ]);
    const before = await answerTo<
      { pricePlanId: string; unitRatePerKwh: number; validTo: number }[]
    >(`/price-plans?at=${PRICE_CHANGE - 1}`);
    expect(before.body.find((plan) => plan.pricePlanId === id)).toMatchObject({
      unitRatePerKwh: 0.245,
      vatRate: 0.05,
      validFrom: null,
      validTo: PRICE_CHANGE,
    });
    const after = await answerTo<{ pricePlanId: string }[]>(`/price-plans?at=2024-10-01T03:00:00Z`);
    expect(after.body.find((plan) => plan.pricePlanId === id)).toMatchObject({
      unitRatePerKwh: 0.2486,
      validFrom: PRICE_CHANGE,
      validTo: null,
    });
  });

  it.each([
    [
      'versions out of order',
      {
        versions: [
          { unitRatePerKwh: 1 },
          { validFrom: 20, unitRatePerKwh: 2 },
          { validFrom: 10, unitRatePerKwh: 3 },
        ],
      },
      'versions.2',
    ],
    [
      'a later version without validFrom',
      { versions: [{ unitRatePerKwh: 1 }, { unitRatePerKwh: 2 }] },
      'versions.1',
    ],
    [
      'overlapping bands',
      {
        versions: [
          {
            unitRatePerKwh: 1,
            timeOfUseRates: [
              { from: '00:00', to: '02:00', unitRatePerKwh: 0.5 },
              { from: '01:00', to: '03:00', unitRatePerKwh: 0.6 },
            ],
          },
        ],
      },
      'versions.0.timeOfUseRates',
    ],
    ['VAT over 1', { versions: [{ unitRatePerKwh: 1, vatRate: 1.2 }] }, 'versions.0.vatRate'],
    ['no versions', { versions: [] }, 'versions'],
    [
      'an unknown zone',
      { versions: [{ unitRatePerKwh: 1, timeZone: 'Mars/Base' }] },
      'versions.0.timeZone',
    ],
    [
      'a first version that starts later (it would be listed and priced before it)',
      { versions: [{ validFrom: '2027-01-01T00:00:00Z', unitRatePerKwh: 0.27 }] },
      'versions.0',
    ],
  ])('refuses %s with 422, storing nothing', async (_name, body, path) => {
    const id = newPlanId();
    const answer = await answerTo(`/price-plans/${id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', ...(await operatorHeader()) },
      body: JSON.stringify({ supplier: 'Test', ...body }),
    });
    expect(answer).toMatchObject({ status: 422, mediaType: 'application/problem+json' });
    expect((answer.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(
      path,
    );
    expect((await answerTo(`/price-plans/${id}`)).status).toBe(404);
  });

  it('withdraws a plan: no longer listed, accounts on it priced as no account, 404 the second time', async () => {
    const planId = newPlanId();
    await putPlan(planId, { supplier: 'Gone Soon', versions: [{ unitRatePerKwh: 0.3 }] });
    const readings = readingsFrom('2024-05-01T00:00:00Z', 4);
    const id = await meterOn(planId, readings);
    expect((await answerTo(`/price-plans/compare-all/${id}`)).status).toBe(200);

    expect((await asOperator(`/price-plans/${planId}`, 'DELETE')).status).toBe(204);

    const list = await answerTo<{ pricePlanId: string }[]>('/price-plans');
    expect(list.body.map((plan) => plan.pricePlanId)).not.toContain(planId);
    expect((await answerTo(`/price-plans/${planId}`)).status).toBe(404);
    expect((await answerTo(`/price-plans/compare-all/${id}`)).status).toBe(404);
    expect((await answerTo(`/meters/${id}/comparison`)).body).toMatchObject({
      pricePlanId: null,
      currentCost: null,
    });
    expect((await asOperator(`/price-plans/${planId}`, 'DELETE')).status).toBe(404);
  });

  it.each(['compare-all', 'recommend'])(
    'refuses to create a plan named %s (a path the seed owns) with a 422, and reads it as 404',
    async (planId) => {
      const put = await asOperator(`/price-plans/${planId}`, 'PUT', {
        supplier: 'Shadow',
        versions: [{ unitRatePerKwh: 0.3 }],
      });

      expect(put.status).toBe(422);
      expect(JSON.stringify(await put.json())).toContain('must not be compare-all or recommend');
      expect((await answerTo(`/price-plans/${planId}`)).status).toBe(404);
    },
  );
});

describe('prices over time', () => {
  it('prices each second by the version in force, VAT and standing charge included', async () => {
    const planId = newPlanId();
    await putPlan(planId, twoVersions());
    const readings = readingsFrom('2024-09-30T20:00:00Z', 12);
    const id = await meterOn(planId, readings);

    const body = await expectPlanPriced(id, { id: planId, ...twoVersions() }, readings);
    expect(body.currency).toBe('GBP');
    await expectPlanPriced(id, { id: planId, ...twoVersions() }, readings, {
      from: PRICE_CHANGE - 1234,
      to: PRICE_CHANGE + 777,
    });
  });

  it('reprices only from the first instant a new version list differs', async () => {
    const planId = newPlanId();
    await putPlan(planId, twoVersions());
    // Four days: the days before the last are kept summed, and must be repriced.
    const readings = readingsFrom('2024-09-30T20:00:00Z', 96);
    const id = await meterOn(planId, readings);
    const split = at('2024-10-01T05:00:00Z');
    const earlier = await answerTo<ComparisonBody>(`/meters/${id}/comparison?to=${split}`);

    const cheaperFromFive = twoVersions();
    cheaperFromFive.versions.push({
      validFrom: split,
      unitRatePerKwh: 0.1,
      timeZone: 'Europe/London',
      standingChargePerDay: 0.4,
      vatRate: 0.2,
      timeOfUseRates: [NIGHT_BAND],
    });
    await putPlan(planId, cheaperFromFive);

    expect((await answerTo(`/meters/${id}/comparison?to=${split}`)).body).toEqual(earlier.body);
    await expectPlanPriced(id, { id: planId, ...cheaperFromFive }, readings);
  });

  it('prices published rates, negative ones too, a later publication correcting part of an earlier one', async () => {
    const planId = newPlanId();
    await putPlan(planId, {
      supplier: 'Agile Test',
      versions: [{ unitRatePerKwh: 0.25, timeZone: 'Europe/London', vatRate: 0.05 }],
    });
    const readings = readingsFrom('2024-05-01T00:00:00Z', 6);
    const id = await meterOn(planId, readings);
    const start = at('2024-05-01T00:00:00Z');
    const halfHours = (from: number, count: number, rate: (i: number) => number) =>
      Array.from({ length: count }, (_, i) => ({
        start: from + i * 1800,
        end: from + (i + 1) * 1800,
        unitRatePerKwh: rate(i),
      }));
    await publishRates(
      planId,
      halfHours(start, 8, (i) => 0.2 - i * 0.05),
    );
    // Corrects 01:15–02:45: cuts the rate of 01:00–01:30 short, and the one of 02:30–03:00 starts later.
    const correction = [
      { start: start + 4500, end: start + 5400, unitRatePerKwh: -0.031 },
      { start: '2024-05-01T01:30:00Z', end: '2024-05-01T02:45:00Z', unitRatePerKwh: 0.07 },
    ];
    await publishRates(planId, correction);

    const listed = await answerTo<{
      rates: { start: number; end: number; unitRatePerKwh: number }[];
    }>(`/price-plans/${planId}/rates`);
    const published = [
      ...halfHours(start, 2, (i) => 0.2 - i * 0.05),
      { start: start + 3600, end: start + 4500, unitRatePerKwh: 0.2 - 2 * 0.05 },
      { start: start + 4500, end: start + 5400, unitRatePerKwh: -0.031 },
      { start: start + 5400, end: start + 9900, unitRatePerKwh: 0.07 },
      { start: start + 9900, end: start + 10800, unitRatePerKwh: 0.2 - 5 * 0.05 },
      ...halfHours(start + 10800, 2, (i) => 0.2 - (i + 6) * 0.05),
    ];
    expect(listed.body.rates).toEqual(published);
    await expectPlanPriced(
      id,
      {
        id: planId,
        versions: [{ unitRatePerKwh: 0.25, timeZone: 'Europe/London', vatRate: 0.05 }],
        dynamicImport: published,
      },
      readings,
    );
  });
});

describe('PUT /price-plans/{pricePlanId}/rates', () => {
  const isoAt = (time: number) => new Date(time * 1000).toISOString().replace('.000Z', '+00:00');
  /** `count` half-hourly rates from 2023-11-14T22:00Z, ISO 8601 times, 15-digit rates. */
  const isoRates = (count: number) =>
    Array.from({ length: count }, (_, i) => {
      const start = 1_700_000_000 - (1_700_000_000 % 1800) + i * 1800;
      return { start: isoAt(start), end: isoAt(start + 1800), unitRatePerKwh: 0.123456789012345 };
    });
  const putRatesText = async (planId: string, body: string) =>
    request(`/price-plans/${planId}/rates`, {
      method: 'PUT',
      headers: { ...(await operatorHeader()), 'Content-Type': 'application/json' },
      body,
    });

  it('stores 50,000 rates in one request with ISO 8601 times, indented (about 7 MB)', {
    timeout: 120_000,
  }, async () => {
    const planId = newPlanId();
    await putPlan(planId, { supplier: 'Agile Test', versions: [{ unitRatePerKwh: 0.25 }] });
    const body = JSON.stringify({ rates: isoRates(50_000) }, null, 2);
    expect(body.length).toBeGreaterThan(4 * 1024 * 1024);

    const answer = await answerOf(await putRatesText(planId, body));

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ pricePlanId: planId, channel: 'import', stored: 50_000 });
  });

  it('answers 413 problem+json for a body over 8 MiB, storing nothing', async () => {
    const planId = newPlanId();
    await putPlan(planId, { supplier: 'Agile Test', versions: [{ unitRatePerKwh: 0.25 }] });
    const body = JSON.stringify({ rates: isoRates(10), padding: ' '.repeat(8 * 1024 * 1024) });

    const answer = await answerOf(await putRatesText(planId, body));

    expect(answer).toMatchObject({
      status: 413,
      mediaType: 'application/problem+json',
      body: { status: 413, detail: 'The request body is over 8388608 bytes (8 MiB)' },
    });
    expect(
      (await answerTo<{ rates: unknown[] }>(`/price-plans/${planId}/rates`)).body.rates,
    ).toEqual([]);
  });
});

describe('a publication’s repricing', () => {
  it('holds up the answers that depend on prices, not the account or the intervals', {
    timeout: 120_000,
  }, async () => {
    // 417 days of half hours, then a plan that starts publishing rates over all of them: every
    // stored day of that plan is repriced, in slices, before the next comparison answers.
    const id = newMeterId();
    const start = at('2023-11-14T22:00:00Z');
    const halfHours = (count: number, value: (i: number) => number) =>
      Array.from({ length: count }, (_, i) => ({
        start: start + i * 1800,
        end: start + (i + 1) * 1800,
        value: value(i),
      }));
    const intervals = halfHours(20_000, (i) => 0.2 + (i % 7) / 10).map(({ value, ...span }) => ({
      ...span,
      kwh: value,
    }));
    expect((await postJson(`/meters/${id}/intervals`, { intervals })).status).toBe(200);
    const planId = newPlanId();
    await putPlan(planId, { supplier: 'Agile Test', versions: [{ unitRatePerKwh: 0.25 }] });
    expect((await answerTo(`/meters/${id}/comparison`)).status).toBe(200);
    const rates = halfHours(20_000, (i) => 0.1 + (i % 13) / 100).map(({ value, ...span }) => ({
      ...span,
      unitRatePerKwh: value,
    }));
    await publishRates(planId, rates);

    const timed = async (path: string) => {
      const sent = Date.now();
      const answer = await answerTo(path);
      return { status: answer.status, ms: Date.now() - sent };
    };
    const comparison = timed(`/meters/${id}/comparison`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const account = await timed(`/meters/${id}/account`);
    const page = await timed(`/meters/${id}/intervals?pageSize=10`);

    const compared = await comparison;
    expect([compared.status, account.status, page.status]).toEqual([200, 404, 200]);
    // Each answered between two slices of the repricing, not after all of them.
    expect(account.ms, `account ${account.ms} ms, comparison ${compared.ms} ms`).toBeLessThan(
      compared.ms / 3,
    );
    expect(page.ms, `intervals ${page.ms} ms, comparison ${compared.ms} ms`).toBeLessThan(
      compared.ms / 3,
    );
  });
});

describe('GET /price-plans/{pricePlanId}/rates', () => {
  it('pages through rates with the cursor it gives, and streams them all as CSV', async () => {
    const planId = newPlanId();
    await putPlan(planId, { supplier: 'Agile Test', versions: [{ unitRatePerKwh: 0.25 }] });
    const start = at('2024-06-01T00:00:00Z');
    const rates = Array.from({ length: 5 }, (_, i) => ({
      start: start + i * 1800,
      end: start + (i + 1) * 1800,
      unitRatePerKwh: i / 10,
    }));
    await publishRates(planId, rates, 'export');

    const first = await answerTo<{ rates: unknown[]; next: string | null }>(
      `/price-plans/${planId}/rates?channel=export&pageSize=2`,
    );
    expect(first.body).toMatchObject({
      pricePlanId: planId,
      channel: 'export',
      rates: rates.slice(0, 2),
    });
    const second = await answerTo<{ rates: unknown[]; next: string | null }>(
      `/price-plans/${planId}/rates?channel=export&pageSize=2&cursor=${first.body.next}`,
    );
    expect(second.body.rates).toEqual(rates.slice(2, 4));
    const wrongQuery = await answerTo(
      `/price-plans/${planId}/rates?channel=import&pageSize=2&cursor=${first.body.next}`,
    );
    expect(wrongQuery.status).toBe(422);
    for (const forged of forgedCursors(first.body.next ?? '', 1800)) {
      const refused = await answerTo(
        `/price-plans/${planId}/rates?channel=export&pageSize=2&cursor=${forged}`,
      );
      expect(refused, forged).toMatchObject({
        status: 422,
        mediaType: 'application/problem+json',
        body: { errors: [{ path: 'cursor' }] },
      });
    }
    const csv = await request(`/price-plans/${planId}/rates?channel=export`, {
      headers: { Accept: 'text/csv' },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toBe(
      [
        'start,end,unitRatePerKwh',
        '2024-06-01T00:00:00Z,2024-06-01T00:30:00Z,0',
        '2024-06-01T00:30:00Z,2024-06-01T01:00:00Z,0.1',
        '2024-06-01T01:00:00Z,2024-06-01T01:30:00Z,0.2',
        '2024-06-01T01:30:00Z,2024-06-01T02:00:00Z,0.3',
        '2024-06-01T02:00:00Z,2024-06-01T02:30:00Z,0.4',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['a start off the quarter hour', [{ start: 1717200100, end: 1717201800, unitRatePerKwh: 1 }]],
    ['an end before its start', [{ start: 1717201800, end: 1717200000, unitRatePerKwh: 1 }]],
    [
      'two rates that overlap',
      [
        { start: 1717200000, end: 1717203600, unitRatePerKwh: 1 },
        { start: 1717201800, end: 1717205400, unitRatePerKwh: 2 },
      ],
    ],
  ])('refuses %s with 422', async (_name, rates) => {
    const planId = newPlanId();
    await putPlan(planId, { supplier: 'Agile Test', versions: [{ unitRatePerKwh: 0.25 }] });
    const answer = await asOperator(`/price-plans/${planId}/rates`, 'PUT', { rates });
    expect(answer.status).toBe(422);
    expect(
      (await answerTo<{ rates: unknown[] }>(`/price-plans/${planId}/rates`)).body.rates,
    ).toEqual([]);
  });

  it('answers 404 for rates of a plan the catalogue lacks', async () => {
    expect((await answerTo(`/price-plans/${newPlanId()}/rates`)).status).toBe(404);
    const rates = [{ start: 1717200000, end: 1717201800, unitRatePerKwh: 1 }];
    expect((await asOperator(`/price-plans/${newPlanId()}/rates`, 'PUT', { rates })).status).toBe(
      404,
    );
  });
});
