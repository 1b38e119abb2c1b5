import { beforeEach, describe, expect, it } from 'vitest';
import { getJson, newMeterId, postReadings, readProblem, request, resetMeter } from '../helpers';

// 35 kW at 10:30 and 5 kW at 11:00 on 2020-11-29: 10 kWh (the contract's example).
const TEN_KWH = [
  { time: 1606645800, reading: 35 },
  { time: 1606647600, reading: 5 },
];
const TEN_KWH_COSTS = [{ 'price-plan-2': 10 }, { 'price-plan-1': 20 }, { 'price-plan-0': 100 }];

describe('GET /price-plans/compare-all/{smartMeterId}', () => {
  beforeEach(async () => {
    await Promise.all(['smart-meter-0', 'smart-meter-3'].map(resetMeter));
  });

  it("prices the usage on every plan, cheapest first, with the account's plan", async () => {
    await postReadings('smart-meter-0', TEN_KWH);
    expect(await getJson('/price-plans/compare-all/smart-meter-0')).toEqual({
      pricePlanId: 'price-plan-0',
      pricePlanComparisons: TEN_KWH_COSTS,
    });
  });

  it('names the plan on the account of each trial meter', async () => {
    await postReadings('smart-meter-3', TEN_KWH);
    const body = (await getJson('/price-plans/compare-all/smart-meter-3')) as {
      pricePlanId: string;
    };
    expect(body.pricePlanId).toBe('price-plan-2');
  });

  it('prices only the usage inside the window, cutting intervals at its edges', async () => {
    // 10:45 to 11:00: power falls from 20 kW to 5 kW, 3.125 kWh.
    await postReadings('smart-meter-0', TEN_KWH);
    const body = await getJson(
      '/price-plans/compare-all/smart-meter-0?from=1606646700&to=1606647600',
    );
    expect(body).toEqual({
      pricePlanId: 'price-plan-0',
      pricePlanComparisons: [
        { 'price-plan-2': 3.125 },
        { 'price-plan-1': 6.25 },
        { 'price-plan-0': 31.25 },
      ],
    });
  });

  it('answers zeros for a meter with a single reading', async () => {
    await postReadings('smart-meter-0', TEN_KWH.slice(0, 1));
    expect(await getJson('/price-plans/compare-all/smart-meter-0')).toEqual({
      pricePlanId: 'price-plan-0',
      pricePlanComparisons: [{ 'price-plan-0': 0 }, { 'price-plan-1': 0 }, { 'price-plan-2': 0 }],
    });
  });

  it('answers zeros for a window outside the readings', async () => {
    await postReadings('smart-meter-0', TEN_KWH);
    const body = (await getJson('/price-plans/compare-all/smart-meter-0?from=0&to=1000')) as {
      pricePlanComparisons: Record<string, number>[];
    };
    expect(body.pricePlanComparisons.map((entry) => Object.values(entry)[0])).toEqual([0, 0, 0]);
  });

  it('answers 404 for a trial meter with no readings', async () => {
    const response = await request('/price-plans/compare-all/smart-meter-3');
    expect(response.status).toBe(404);
    expect(await readProblem(response)).toMatchObject({ status: 404, type: '/problems/not-found' });
  });

  it('answers 404 for a meter without an account, even with readings', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, TEN_KWH);
    const response = await request(`/price-plans/compare-all/${smartMeterId}`);
    expect(response.status).toBe(404);
    expect((await readProblem(response)).detail).toMatch(/account/);
  });

  it('answers 422 for a bad window before looking up the account', async () => {
    const response = await request(`/price-plans/compare-all/${newMeterId()}?from=5&to=1`);
    expect(response.status).toBe(422);
    expect((await readProblem(response)).errors?.[0]?.path).toBe('to');
  });

  it('gives the same costs after the same readings are posted again', async () => {
    await postReadings('smart-meter-0', TEN_KWH);
    const first = await getJson('/price-plans/compare-all/smart-meter-0');
    await postReadings('smart-meter-0', TEN_KWH);
    expect(await getJson('/price-plans/compare-all/smart-meter-0')).toEqual(first);
  });
});

describe('GET /price-plans/recommend/{smartMeterId}', () => {
  it('lists every plan cheapest first for a meter without an account', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, TEN_KWH);
    expect(await getJson(`/price-plans/recommend/${smartMeterId}`)).toEqual(TEN_KWH_COSTS);
  });

  it.each([
    ['1', TEN_KWH_COSTS.slice(0, 1)],
    ['2', TEN_KWH_COSTS.slice(0, 2)],
    ['3', TEN_KWH_COSTS],
    ['4', TEN_KWH_COSTS],
    ['1000000', TEN_KWH_COSTS],
  ])('returns the cheapest plans for limit=%s', async (limit, expected) => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, TEN_KWH);
    expect(await getJson(`/price-plans/recommend/${smartMeterId}?limit=${limit}`)).toEqual(
      expected,
    );
  });

  it.each(['0', '-1', '1.5', 'abc', ''])('answers 422 for limit=%j', async (limit) => {
    const response = await request(`/price-plans/recommend/${newMeterId()}?limit=${limit}`);
    expect(response.status).toBe(422);
    expect((await readProblem(response)).errors?.[0]?.path).toBe('limit');
  });

  it('combines a limit with a window', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, TEN_KWH);
    const body = await getJson(
      `/price-plans/recommend/${smartMeterId}?limit=1&from=1606646700&to=1606647600`,
    );
    expect(body).toEqual([{ 'price-plan-2': 3.125 }]);
  });

  it('answers 404 for a meter with no readings', async () => {
    const response = await request(`/price-plans/recommend/${newMeterId()}`);
    expect(response.status).toBe(404);
    await readProblem(response);
  });
});
