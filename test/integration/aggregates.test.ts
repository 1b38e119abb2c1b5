import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRICE_PLANS } from '../../src/config/price-plans';
import { kwhFromAggregates } from '../../src/energy/aggregates';
import { costsInWindow, costsOfUsage } from '../../src/energy/cost';
import type { PricePlan, Reading, TimeWindow } from '../../src/energy/types';
import { AggregateTables } from '../../src/meter/aggregate-tables';
import { MeterEnergy } from '../../src/meter/meter-energy';
import { ReadingsTable } from '../../src/meter/readings-table';
import { newMeterId, postReadings, request } from '../helpers';
import { KOLKATA_MONDAY_PLAN, LONDON_SUNDAY_PLAN, WEEKEND_PLAN } from '../plans';

const DAY = 86_400;
const START = Date.parse('2024-03-25T00:00:00Z') / 1000; // London springs forward that weekend
const PLANS: PricePlan[] = [...PRICE_PLANS, WEEKEND_PLAN, LONDON_SUNDAY_PLAN, KOLKATA_MONDAY_PLAN];

const timeArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: START, max: START + 3 * DAY }) },
  { weight: 2, arbitrary: fc.integer({ min: START - 30 * DAY, max: START + 20 * DAY }) },
);
const readingArb = fc.record({
  time: timeArb,
  reading: fc.double({ min: 0, max: 50, noNaN: true }),
});
// Several requests, in any order, with repeated times within and across them.
const batchesArb = fc.array(fc.array(readingArb, { minLength: 1, maxLength: 40 }), {
  minLength: 1,
  maxLength: 5,
});
const windowArb = fc
  .tuple(
    fc.option(fc.integer({ min: START - 31 * DAY, max: START + 21 * DAY }), { nil: undefined }),
    fc.option(fc.integer({ min: START - 31 * DAY, max: START + 21 * DAY }), { nil: undefined }),
  )
  .filter(([from, to]) => from === undefined || to === undefined || from < to)
  .map(([from, to]): TimeWindow => ({ from, to }));

function expectWithinRelativeError(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected) + 1e-12);
}

describe('energy aggregates', () => {
  it('price every window as the direct trapezoid does, within 1e-9 relative error', async () => {
    await fc.assert(
      fc.asyncProperty(
        batchesArb,
        fc.array(windowArb, { minLength: 1, maxLength: 4 }),
        async (batches, windows) => {
          const smartMeterId = newMeterId();
          for (const batch of batches) {
            expect((await postReadings(smartMeterId, batch)).status).toBe(200);
          }
          const stub = env.METER.getByName(smartMeterId);
          await runInDurableObject(stub, (_meter, state) => {
            const readings = new ReadingsTable(state.storage.sql);
            const aggregates = new AggregateTables(state.storage.sql);
            const energy = new MeterEnergy({ readings, aggregates });
            const span = readings.span();
            if (span === null) throw new Error('stored readings are missing');
            const kwhBetween = (from: number, to: number) => kwhFromAggregates(from, to, energy);
            const posted: Reading[] = batches.flat();
            for (const window of windows) {
              const aggregate = costsInWindow(kwhBetween, span, PLANS, window);
              const direct = costsOfUsage(posted, PLANS, window);
              for (const [i, cost] of aggregate.entries()) {
                expectWithinRelativeError(cost.cost, direct[i]?.cost ?? Number.NaN);
              }
            }
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('price a three-year history, which sums buckets on many tree levels, as the direct trapezoid does', async () => {
    const smartMeterId = newMeterId();
    // Every 11 hours for three years: short segments only, spread over ~100,000 base buckets.
    const readings = Array.from({ length: 2_400 }, (_, i) => ({
      time: START - 1_000 * DAY + i * 11 * 3600,
      reading: 0.5 + ((i * 37) % 17) / 8,
    }));
    expect((await postReadings(smartMeterId, readings)).status).toBe(200);
    const windows: TimeWindow[] = [
      {},
      { from: START - 900 * DAY + 1_234 },
      { to: START - 3 * DAY - 77 },
    ];
    for (const window of windows) {
      const query = new URLSearchParams(
        Object.entries(window).map(([key, value]) => [key, String(value)]),
      );
      const response = await request(`/price-plans/recommend/${smartMeterId}?${query}`);
      const body = (await response.json()) as Record<string, number>[];
      const byPlan = Object.assign({}, ...body) as Record<string, number>;
      for (const { pricePlanId, cost } of costsOfUsage(readings, PRICE_PLANS, window)) {
        expectWithinRelativeError(byPlan[pricePlanId] ?? Number.NaN, cost);
      }
    }
  });
});
