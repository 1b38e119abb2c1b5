import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configPricePlans } from '../../src/config/price-plans';
import type { TimeWindow } from '../../src/energy/types';
import { answerTo, newMeterId, openAccount, postReadings, type ReadingInput } from '../helpers';
import { type DirectPrice, directPriceOf } from '../support/direct-pricing';
import { DAY, decimalArb, START } from '../support/tariff-arbitraries';

// The catalogue the Worker starts with (no PRICE_PLANS in this project): the reference plans.
const PLANS = configPricePlans();
const PLAN_IDS = PLANS.map((plan) => plan.id);
const SECONDS_PER_YEAR = 365 * DAY;

interface CompareAllBody {
  pricePlanId: string;
  pricePlanComparisons: Record<string, number>[];
}

interface ComparisonBody {
  smartMeterId: string;
  currency: string;
  pricePlanId: string | null;
  from: number;
  to: number;
  kwh: number;
  currentCost: number | null;
  plans: {
    pricePlanId: string;
    supplier: string;
    energyCost: number;
    standingCharge: number;
    vat: number;
    cost: number;
    saving: number | null;
    annualCost: number;
  }[];
  recommendation: string;
}

/** Mostly dense readings over two days, some days away, a few weeks or months away. */
const timeArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: START, max: START + 2 * DAY }) },
  { weight: 2, arbitrary: fc.integer({ min: START - 4 * DAY, max: START + 6 * DAY }) },
  { weight: 1, arbitrary: fc.integer({ min: START - 120 * DAY, max: START + 60 * DAY }) },
);

/**
 * Requests as a meter sends them: several batches in any order, drawing on a few times so that
 * times repeat inside one batch and across them (with other readings), and sometimes one batch
 * sent again (a retry).
 */
const postsArb = fc
  .uniqueArray(timeArb, { minLength: 1, maxLength: 40 })
  .chain((times) => {
    const readingArb = fc.record({ time: fc.constantFrom(...times), reading: decimalArb(0, 50) });
    return fc.tuple(
      fc.array(fc.array(readingArb, { minLength: 1, maxLength: 30 }), {
        minLength: 1,
        maxLength: 5,
      }),
      fc.option(fc.nat(), { nil: undefined }),
    );
  })
  .map(([batches, retried]) => {
    const retry = retried === undefined ? [] : [batches[retried % batches.length] ?? []];
    return [...batches, ...retry];
  });

const edgeArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: START - 2 * DAY, max: START + 3 * DAY }) },
  { weight: 1, arbitrary: fc.integer({ min: START - 150 * DAY, max: START + 80 * DAY }) },
);

/** No window, one edge, or both (from before to, as the API asks). */
const windowArb: fc.Arbitrary<TimeWindow> = fc
  .tuple(fc.option(edgeArb, { nil: undefined }), fc.option(edgeArb, { nil: undefined }))
  .filter(([from, to]) => from === undefined || to === undefined || from < to)
  .map(([from, to]) => ({ from, to }));

function queryOf(window: TimeWindow): string {
  const params = new URLSearchParams();
  if (window.from !== undefined) params.set('from', String(window.from));
  if (window.to !== undefined) params.set('to', String(window.to));
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

function expectClose(actual: number | null | undefined, expected: number, what: string): void {
  expect(actual, what).toBeTypeOf('number');
  const value = actual as number;
  expect(Math.abs(value - expected), `${what}: ${value} vs ${expected}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected)),
  );
}

/** Whether plans are cheapest first, equal costs ordered by plan id. */
function isRanked(plans: readonly { pricePlanId: string; cost: number }[]): boolean {
  return plans.every((plan, index) => {
    const next = plans[index + 1];
    return (
      next === undefined ||
      plan.cost < next.cost ||
      (plan.cost === next.cost && plan.pricePlanId < next.pricePlanId)
    );
  });
}

async function postAll(smartMeterId: string, posts: readonly ReadingInput[][]): Promise<void> {
  for (const batch of posts) {
    const response = await postReadings(smartMeterId, batch);
    expect(response.status, 'a batch was refused').toBe(200);
  }
}

/** Checks a meter's comparison and compare-all for a window against the reference price. */
async function expectPricesOf(
  smartMeterId: string,
  pricePlanId: string,
  window: TimeWindow,
  direct: DirectPrice,
): Promise<void> {
  const comparison = await answerTo<ComparisonBody>(
    `/meters/${smartMeterId}/comparison${queryOf(window)}`,
  );
  const compareAll = await answerTo<CompareAllBody>(
    `/price-plans/compare-all/${smartMeterId}${queryOf(window)}`,
  );

  expect(comparison.status).toBe(200);
  const body = comparison.body;
  expect(body).toMatchObject({ smartMeterId, currency: 'GBP', pricePlanId });
  expect([body.from, body.to]).toEqual([direct.from, direct.to]);
  expectClose(body.kwh, direct.kwh, 'kWh');
  expect(body.plans.map((plan) => plan.pricePlanId).sort()).toEqual(PLAN_IDS);
  expect(isRanked(body.plans), 'plans cheapest first, ties by id').toBe(true);
  expect(body.recommendation).toBe(body.plans[0]?.pricePlanId);
  const currentCost = direct.plans.find((plan) => plan.pricePlanId === pricePlanId)?.cost;
  expectClose(body.currentCost, currentCost ?? Number.NaN, 'current cost');
  for (const plan of body.plans) {
    const expected = direct.plans.find((entry) => entry.pricePlanId === plan.pricePlanId);
    if (expected === undefined) throw new Error(`${plan.pricePlanId} is not in the reference`);
    expectClose(plan.energyCost, expected.energyCost, `${plan.pricePlanId} energy cost`);
    expectClose(plan.standingCharge, expected.standingCharge, `${plan.pricePlanId} standing`);
    expectClose(plan.vat, expected.vat, `${plan.pricePlanId} VAT`);
    expectClose(plan.cost, expected.cost, `${plan.pricePlanId} cost`);
    expectClose(
      plan.saving,
      (body.currentCost ?? Number.NaN) - plan.cost,
      `${plan.pricePlanId} saving`,
    );
    const annual =
      direct.to > direct.from ? (plan.cost * SECONDS_PER_YEAR) / (direct.to - direct.from) : 0;
    expectClose(plan.annualCost, annual, `${plan.pricePlanId} annual cost`);
  }

  expect(compareAll).toEqual({
    status: 200,
    mediaType: 'application/json',
    // The same figures as the comparison's, to the last digit, in the same order.
    body: {
      pricePlanId,
      pricePlanComparisons: body.plans.map((plan) => ({ [plan.pricePlanId]: plan.cost })),
    },
  });
}

describe('prices through the Worker', () => {
  it('agree with the reading-by-reading reference for any history and window', async () => {
    await fc.assert(
      fc.asyncProperty(
        postsArb,
        fc.constantFrom(...PLAN_IDS),
        fc.array(windowArb, { minLength: 1, maxLength: 3 }),
        async (posts, pricePlanId, windows) => {
          const smartMeterId = newMeterId();
          await openAccount(smartMeterId, pricePlanId);
          await postAll(smartMeterId, posts);
          const meter = { readings: posts.flat() };
          for (const window of [{}, ...windows]) {
            // The reference plans are flat, in UTC: an hour's grid prices them exactly, and fast.
            const direct = directPriceOf(meter, PLANS, window, { resolutionSeconds: 3600 });
            await expectPricesOf(smartMeterId, pricePlanId, window, direct);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 180_000);

  it('agree with the reference again when more readings arrive after the same questions were asked', async () => {
    await fc.assert(
      fc.asyncProperty(
        postsArb,
        postsArb,
        fc.constantFrom(...PLAN_IDS),
        fc.array(windowArb, { minLength: 1, maxLength: 2 }),
        async (earlier, later, pricePlanId, windows) => {
          const smartMeterId = newMeterId();
          await openAccount(smartMeterId, pricePlanId);
          const asked = [{}, ...windows];
          await postAll(smartMeterId, earlier);
          for (const window of asked) {
            const direct = directPriceOf({ readings: earlier.flat() }, PLANS, window, {
              resolutionSeconds: 3600,
            });
            await expectPricesOf(smartMeterId, pricePlanId, window, direct);
          }
          // The later readings correct some times, fill or open gaps, and move the data's ends.
          await postAll(smartMeterId, later);
          const meter = { readings: [...earlier.flat(), ...later.flat()] };
          for (const window of asked) {
            const direct = directPriceOf(meter, PLANS, window, { resolutionSeconds: 3600 });
            await expectPricesOf(smartMeterId, pricePlanId, window, direct);
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 180_000);

  it('agree with the reference when a reading lands inside weeks without data after prices were read', async () => {
    const smartMeterId = newMeterId();
    await openAccount(smartMeterId, 'price-plan-0');
    // Thirty days between two readings: whole days without data, kept as one long gap.
    const ends = [
      { time: START, reading: 1 },
      { time: START + 30 * DAY, reading: 1 },
    ];
    const middle = { time: START + 15 * DAY + 3_600, reading: 4 };
    const windows: TimeWindow[] = [{}, { from: START + 2 * DAY, to: START + 25 * DAY }];
    await postAll(smartMeterId, [ends]);
    for (const window of windows) {
      const direct = directPriceOf({ readings: ends }, PLANS, window, { resolutionSeconds: 3600 });
      await expectPricesOf(smartMeterId, 'price-plan-0', window, direct);
    }
    await postAll(smartMeterId, [[middle]]);
    for (const window of windows) {
      const readings = [...ends, middle];
      const direct = directPriceOf({ readings }, PLANS, window, { resolutionSeconds: 3600 });
      await expectPricesOf(smartMeterId, 'price-plan-0', window, direct);
    }
  });

  it('agree with the reference when readings change the last day after prices were read', async () => {
    const smartMeterId = newMeterId();
    await openAccount(smartMeterId, 'price-plan-2');
    const first = [
      { time: START, reading: 2 },
      { time: START + 6 * 3600, reading: 2 },
    ];
    // Edges inside quarter hours of the last day: read from its curve and its quarter hours.
    const windows: TimeWindow[] = [
      { from: START + 3600 + 450, to: START + 5 * 3600 + 7 },
      { from: START + 5 * 3600 + 10, to: START + 8 * 3600 + 20 },
    ];
    await postAll(smartMeterId, [first]);
    for (const window of windows) {
      const direct = directPriceOf({ readings: first }, PLANS, window, { resolutionSeconds: 60 });
      await expectPricesOf(smartMeterId, 'price-plan-2', window, direct);
    }
    // A reading inside the day and one after it: the day stays the last, so nothing is sealed.
    const later = [
      { time: START + 3 * 3600 + 600, reading: 10 },
      { time: START + 8 * 3600, reading: 4 },
    ];
    await postAll(smartMeterId, [later]);
    for (const window of windows) {
      const readings = [...first, ...later];
      const direct = directPriceOf({ readings }, PLANS, window, { resolutionSeconds: 10 });
      await expectPricesOf(smartMeterId, 'price-plan-2', window, direct);
    }
  });

  it('do not depend on how the readings were split into requests, their order, or retries', async () => {
    await fc.assert(
      fc.asyncProperty(postsArb, windowArb, async (posts, window) => {
        // One meter gets the batches as sent; the other, the readings they leave in one request,
        // newest first, sent twice.
        const kept = new Map<number, number>();
        for (const { time, reading } of posts.flat()) kept.set(time, reading);
        const newestFirst = [...kept].map(([time, reading]) => ({ time, reading })).reverse();
        const [batched, single] = [newMeterId(), newMeterId()];
        await postAll(batched, posts);
        await postAll(single, [newestFirst, newestFirst]);

        const [a, b] = await Promise.all(
          [batched, single].map((id) =>
            answerTo<CompareAllBody>(`/price-plans/recommend/${id}${queryOf(window)}`),
          ),
        );

        expect(a?.status).toBe(200);
        expect(a?.body).toEqual(b?.body);
      }),
      { numRuns: 25 },
    );
  }, 180_000);

  it('price a three-year history, summed on many levels of the day tree, as the reference does', async () => {
    const smartMeterId = newMeterId();
    await openAccount(smartMeterId, 'price-plan-1');
    // Every 11 hours for three years, in three requests sent newest first.
    const readings = Array.from({ length: 2_400 }, (_, i) => ({
      time: START - 1_000 * DAY + i * 11 * 3600,
      reading: 0.5 + ((i * 37) % 17) / 8,
    }));
    await postAll(smartMeterId, [
      readings.slice(1_600),
      readings.slice(800, 1_600),
      readings.slice(0, 800),
    ]);
    const windows: TimeWindow[] = [
      {},
      { from: START - 900 * DAY + 1_234 },
      { to: START - 3 * DAY - 77 },
      { from: START - 700 * DAY - 5, to: START - 20 * DAY + 901 },
    ];
    for (const window of windows) {
      await expectPricesOf(
        smartMeterId,
        'price-plan-1',
        window,
        // The reference plans are flat, in UTC: a day's grid prices them exactly, and fast.
        directPriceOf({ readings }, PLANS, window, { resolutionSeconds: DAY }),
      );
    }
  }, 60_000);
});
