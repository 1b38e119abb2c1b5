import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DemoApi } from '../../scripts/demo-api';
import { DEMO_HOUSEHOLDS } from '../../scripts/demo-households';
import { DEMO_PLANS } from '../../scripts/demo-plans';
import { DEMO_END_TIME, DEMO_METER_IDS, demoReadings } from '../../scripts/demo-readings';
import { loadDemoReadings } from '../../scripts/load-demo';
import { type HouseholdsLoad, loadDemoHouseholds } from '../../scripts/load-demo-households';
import { meterToken, operatorToken } from '../../src/auth/token';
import { type OwnWorker, startOwnWorker } from './own-worker';

const origin = inject('workerUrl').replace(/\/$/, '');

async function authorizationFor(smartMeterId: string): Promise<Record<string, string>> {
  return { Authorization: `Bearer ${await meterToken(inject('tokenKey'), smartMeterId)}` };
}

async function storedReadings(smartMeterId: string): Promise<unknown> {
  const response = await fetch(`${origin}/readings/read/${smartMeterId}`, {
    headers: await authorizationFor(smartMeterId),
  });
  return response.status === 404 ? [] : response.json();
}

describe('loading the demo week (npm run dev)', () => {
  it("leaves a meter's own readings alone, even at demo times, and fills an empty meter", async () => {
    const suffix = crypto.randomUUID();
    const used = `e2e-demo-used-${suffix}`;
    const empty = `e2e-demo-empty-${suffix}`;
    const own = [{ time: DEMO_END_TIME - 900, reading: 7.5 }];
    const stored = await fetch(`${origin}/readings/store`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(await authorizationFor(used)) },
      body: JSON.stringify({ smartMeterId: used, electricityReadings: own }),
    });
    expect(stored.status).toBe(200);

    const result = await loadDemoReadings(origin, [used, empty], authorizationFor);

    expect(result).toEqual({ loaded: [empty], keptAsTheyWere: [used] });
    expect(await storedReadings(used)).toEqual(own);
    expect(await storedReadings(empty)).toEqual(demoReadings(1, DEMO_END_TIME));
  });
});

describe('loading the demo households on realistic plans (npm run dev)', () => {
  // The demo's plans join the catalogue, which every meter is priced on: a Worker of its own
  // keeps them out of the other files' answers.
  let worker: OwnWorker;
  let api: DemoApi;
  let first: HouseholdsLoad;
  const now = Math.floor(Date.now() / 1000);
  const tokenKey = inject('tokenKey');
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const viewer = async (smartMeterId: string) =>
    bearer(await meterToken(tokenKey, smartMeterId, 'viewer'));
  const getJson = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${worker.origin}${path}`, { headers });
    expect(response.status, `GET ${path}`).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    worker = await startOwnWorker(tokenKey);
    api = {
      origin: worker.origin,
      operator: bearer(await operatorToken(tokenKey)),
      meter: async (smartMeterId) => bearer(await meterToken(tokenKey, smartMeterId)),
    };
    first = await loadDemoHouseholds(api, now);
  }, 300_000);

  afterAll(async () => {
    await worker?.stop();
  });

  it('puts every plan, publishes a year of rates and tomorrow’s, and loads every household', () => {
    const endOfTomorrow = (Math.floor(now / 86_400) + 2) * 86_400;
    expect(first).toEqual({
      plansPut: DEMO_PLANS.map(({ pricePlanId }) => pricePlanId),
      plansKept: [],
      // Half hours from a year before the last whole half hour to the end of tomorrow, UTC.
      ratesPublished: (endOfTomorrow - (Math.floor(now / 1800) * 1800 - 365 * 86_400)) / 1800,
      loaded: DEMO_HOUSEHOLDS.map(({ smartMeterId }) => smartMeterId),
      keptAsTheyWere: [],
    });
  });

  it.each(DEMO_HOUSEHOLDS.map((household) => [household.smartMeterId, household] as const))(
    '%s is on its plan, and its advice over a year recommends a plan of the catalogue',
    async (id, household) => {
      const account = await getJson(`/meters/${id}/account`, await viewer(id));
      const advice = await getJson(`/meters/${id}/advice`, await viewer(id));
      const catalogue = (await getJson('/price-plans')) as {
        pricePlanId: string;
        supplier: string;
      }[];

      expect(account.pricePlanId).toBe(household.plan.pricePlanId);
      expect(catalogue).toContainEqual(
        expect.objectContaining({
          pricePlanId: household.plan.pricePlanId,
          supplier: household.plan.plan.supplier,
        }),
      );
      expect(advice.basis.days).toBeCloseTo(365, 6);
      expect(catalogue.map(({ pricePlanId }) => pricePlanId)).toContain(advice.recommendation);
      expect(advice.currentPlan.pricePlanId).toBe(household.plan.pricePlanId);
      // A British household's year: hundreds of pounds, not the seed plans' thousands.
      expect(advice.currentPlan.annualCost).toBeGreaterThan(300);
      expect(advice.currentPlan.annualCost).toBeLessThan(3000);
    },
  );

  it('shows the solar household’s export in its usage, more in June than in December', async () => {
    const usage = await getJson(
      '/meters/demo-solar/usage?groupBy=month&pageSize=20',
      await viewer('demo-solar'),
    );
    const exportIn = (month: string) =>
      usage.intervals.find(
        ({ start }: { start: number }) =>
          new Date(start * 1000).toISOString().slice(0, 7) === month,
      )?.exportKwh;
    const year = new Date(now * 1000).getUTCFullYear();
    const june = `${new Date(now * 1000).getUTCMonth() >= 6 ? year : year - 1}-06`;

    expect(usage.pricePlanId).toBe('sunrise-solar-export');
    expect(exportIn(june)).toBeGreaterThan(50);
    expect(usage.intervals.every(({ exportKwh }: { exportKwh: number }) => exportKwh >= 0)).toBe(
      true,
    );
    const december = usage.intervals.find(
      ({ start }: { start: number }) => new Date(start * 1000).getUTCMonth() === 11,
    );
    expect(exportIn(june)).toBeGreaterThan(december.exportKwh);
  });

  it('gives the dynamic plan published rates for the next day, and its advice a cheap window', async () => {
    const rates = await getJson(
      `/price-plans/tidal-agile/rates?from=${Math.floor(now / 1800) * 1800}&to=${Math.floor(now / 1800) * 1800 + 86_400}`,
    );
    const advice = await getJson('/meters/demo-agile/advice', await viewer('demo-agile'));
    const agile = advice.plans.find(
      ({ pricePlanId }: { pricePlanId: string }) => pricePlanId === 'tidal-agile',
    );

    expect(rates.rates).toHaveLength(48);
    expect(agile.nextCheapestWindow).not.toBeNull();
    expect(agile.nextCheapestWindow.end - agile.nextCheapestWindow.start).toBe(3 * 3600);
    expect(agile.nextCheapestWindow.start).toBeGreaterThanOrEqual(now - 1800);
  });

  it('changes nothing when loaded again', async () => {
    const answers = async () =>
      Promise.all(
        DEMO_HOUSEHOLDS.flatMap(({ smartMeterId: id }) => [
          // The next cheap window moves with the clock, not with the data: left out.
          viewer(id)
            .then((headers) => getJson(`/meters/${id}/advice`, headers))
            .then((advice) => ({
              ...advice,
              plans: advice.plans.map(
                ({ nextCheapestWindow: _, ...plan }: { nextCheapestWindow: unknown }) => plan,
              ),
            })),
          viewer(id).then((headers) => getJson(`/meters/${id}/account`, headers)),
          viewer(id).then((headers) => getJson(`/meters/${id}/usage?groupBy=month`, headers)),
        ]),
      );
    const before = await answers();

    const second = await loadDemoHouseholds(api, now);

    expect(second).toEqual({
      plansPut: [],
      plansKept: DEMO_PLANS.map(({ pricePlanId }) => pricePlanId),
      ratesPublished: 0,
      loaded: [],
      keptAsTheyWere: DEMO_HOUSEHOLDS.map(({ smartMeterId }) => smartMeterId),
    });
    expect(await answers()).toEqual(before);
  });

  it("leaves the trial meters their seed figures on the seed plans, beside the demo's plans", async () => {
    await loadDemoReadings(worker.origin, DEMO_METER_IDS, api.meter);

    const compared = await getJson(
      '/price-plans/compare-all/smart-meter-0',
      await viewer('smart-meter-0'),
    );

    // README, "Compare all price plans": the demo week alone on the seed plans.
    expect(compared.pricePlanId).toBe('price-plan-0');
    expect(compared.pricePlanComparisons).toEqual(
      expect.arrayContaining([
        { 'price-plan-2': expect.closeTo(112.666575, 9) },
        { 'price-plan-1': expect.closeTo(225.33315, 9) },
        { 'price-plan-0': expect.closeTo(1126.66575, 9) },
      ]),
    );
  });
});
