import { describe, expect, it } from 'vitest';
import { answerTo, newMeterId, openAccount, postReadings } from '../helpers';

// 35 kW at 10:30 and 5 kW at 11:00 on 2020-11-29: 10 kWh (the contract's example).
const TEN_KWH = [
  { time: 1606645800, reading: 35 },
  { time: 1606647600, reading: 5 },
];
const HALF_HOURS_PER_YEAR = 365 * 48;

interface ComparisonBody {
  smartMeterId: string;
  pricePlanId: string | null;
  from: number;
  to: number;
  kwh: number;
  plans: {
    pricePlanId: string;
    supplier: string;
    energyCost: number;
    standingCharge: number;
    cost: number;
    saving: number | null;
    annualCost: number;
  }[];
  recommendation: string;
}

async function meterWithTenKwh(pricePlanId?: string): Promise<string> {
  const smartMeterId = newMeterId();
  const stored = await postReadings(smartMeterId, TEN_KWH);
  if (stored.status !== 200) throw new Error(`readings not stored: ${stored.status}`);
  if (pricePlanId) await openAccount(smartMeterId, pricePlanId);
  return smartMeterId;
}

describe('GET /meters/{smartMeterId}/comparison', () => {
  it('compares every plan against the current one, cheapest first, with a year’s cost', async () => {
    const id = await meterWithTenKwh('price-plan-1');

    const answer = await answerTo<ComparisonBody>(`/meters/${id}/comparison`);

    expect(answer).toEqual({
      status: 200,
      mediaType: 'application/json',
      body: {
        smartMeterId: id,
        currency: 'GBP',
        pricePlanId: 'price-plan-1',
        from: 1606645800,
        to: 1606647600,
        kwh: 10,
        currentCost: 20,
        plans: [
          {
            pricePlanId: 'price-plan-2',
            supplier: 'Power for Everyone',
            energyCost: 10,
            standingCharge: 0,
            vat: 0,
            cost: 10,
            saving: 10,
            annualCost: 10 * HALF_HOURS_PER_YEAR,
          },
          {
            pricePlanId: 'price-plan-1',
            supplier: 'The Green Eco',
            energyCost: 20,
            standingCharge: 0,
            vat: 0,
            cost: 20,
            saving: 0,
            annualCost: 20 * HALF_HOURS_PER_YEAR,
          },
          {
            pricePlanId: 'price-plan-0',
            supplier: "Dr Evil's Dark Energy",
            energyCost: 100,
            standingCharge: 0,
            vat: 0,
            cost: 100,
            saving: -80,
            annualCost: 100 * HALF_HOURS_PER_YEAR,
          },
        ],
        recommendation: 'price-plan-2',
      },
    });
  });

  it('gives no plan and no saving for a meter without an account, and still recommends', async () => {
    const id = await meterWithTenKwh();
    const answer = await answerTo<ComparisonBody>(`/meters/${id}/comparison`);
    expect(answer.body.pricePlanId).toBeNull();
    expect(answer.body.plans.map((plan) => plan.saving)).toEqual([null, null, null]);
    expect(answer.body.recommendation).toBe('price-plan-2');
  });

  it.each([
    '',
    '?from=1606646700',
    '?to=1606646700',
    '?from=1606646000&to=1606647000',
    '?from=0&to=100',
  ])('prices the window %j exactly as compare-all does', async (window) => {
    const id = await meterWithTenKwh('price-plan-0');
    const comparison = await answerTo<ComparisonBody>(`/meters/${id}/comparison${window}`);
    const compareAll = await answerTo<{ pricePlanComparisons: Record<string, number>[] }>(
      `/price-plans/compare-all/${id}${window}`,
    );
    expect(comparison.body.plans.map((plan) => ({ [plan.pricePlanId]: plan.cost }))).toEqual(
      compareAll.body.pricePlanComparisons,
    );
  });

  it('answers 404 for a meter without readings and 422 for a window that ends before it starts', async () => {
    expect((await answerTo(`/meters/${newMeterId()}/comparison`)).status).toBe(404);
    const answer = await answerTo(`/meters/${newMeterId()}/comparison?from=10&to=5`);
    expect(answer).toMatchObject({
      status: 422,
      body: { errors: [{ path: 'to', message: 'must be after from' }] },
    });
  });
});

describe('times in a query', () => {
  it('reads an offset whose + came unescaped (as a space) as the + it was', async () => {
    const smartMeterId = await meterWithTenKwh();
    // 10:45Z as 11:45 at +01:00, the '+' left raw in the URL, as a hand-typed curl sends it.
    const raw = await answerTo<ComparisonBody>(
      `/meters/${smartMeterId}/comparison?from=2020-11-29T11:45:00+01:00`,
    );
    const epoch = await answerTo<ComparisonBody>(
      `/meters/${smartMeterId}/comparison?from=1606646700`,
    );
    expect(raw.status).toBe(200);
    expect(raw.body).toEqual(epoch.body);
    expect(raw.body.from).toBe(1606646700);
  });
});

describe('GET /price-plans', () => {
  it('lists the catalogue, public, ordered by id, every rule of the version in force explicit', async () => {
    const answer = await answerTo<{ pricePlanId: string }[]>('/price-plans', {
      headers: { Authorization: '' },
    });
    expect(answer).toMatchObject({ status: 200, mediaType: 'application/json' });
    const ids = answer.body.map((plan) => plan.pricePlanId);
    expect(ids).toEqual([...ids].sort());
    // Other tests of this run may add plans: the reference plans are as config starts them.
    expect(answer.body.filter((plan) => /^price-plan-[012]$/.test(plan.pricePlanId))).toEqual(
      [
        ['price-plan-0', "Dr Evil's Dark Energy", 10],
        ['price-plan-1', 'The Green Eco', 2],
        ['price-plan-2', 'Power for Everyone', 1],
      ].map(([pricePlanId, supplier, unitRatePerKwh]) => ({
        pricePlanId,
        supplier,
        currency: 'GBP',
        dynamicRates: false,
        unitRatePerKwh,
        timeZone: 'UTC',
        standingChargePerDay: 0,
        timeOfUseRates: [],
        peakTimeMultipliers: [],
        vatRate: 0,
        exportRatePerKwh: 0,
        exportTimeOfUseRates: [],
        validFrom: null,
        validTo: null,
      })),
    );
  });

  it('answers 405 for another method', async () => {
    const answer = await answerTo('/price-plans', { method: 'POST' });
    expect(answer).toMatchObject({ status: 405, mediaType: 'application/problem+json' });
  });
});
