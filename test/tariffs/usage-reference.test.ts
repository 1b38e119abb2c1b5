import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerTo, newMeterId, openAccount, postReadings, type ReadingInput } from '../helpers';
import { testPlan } from '../plans';
import { directPriceOf } from '../support/direct-pricing';
import { TARIFF_CATALOGUE } from '../tariff-catalogue';

const DAY = 86_400;
const at = (iso: string) => Date.parse(iso) / 1000;
const PLANS = TARIFF_CATALOGUE.map(testPlan);
const START = at('2024-03-25T00:00:00Z');

interface UsageBody {
  intervals: { start: number; end: number; kwh: number; cost: number }[];
}

function expectClose(actual: number | undefined, expected: number, what: string): void {
  expect(actual, what).toBeTypeOf('number');
  const value = actual as number;
  expect(Math.abs(value - expected), `${what}: ${value} vs ${expected}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected)),
  );
}

/** Checks every usage interval's kWh and cost on the account's plan against the reference. */
async function expectUsageLikeTheReference(
  readings: readonly ReadingInput[],
  planId: string,
  query: string,
): Promise<number> {
  const id = newMeterId();
  expect((await postReadings(id, [...readings])).status).toBe(200);
  await openAccount(id, planId);
  const usage = await answerTo<UsageBody>(`/meters/${id}/usage?${query}`);
  expect(usage.status).toBe(200);
  const plan = PLANS.filter((candidate) => candidate.id === planId);
  for (const interval of usage.body.intervals) {
    const window = { from: interval.start, to: interval.end };
    const direct = directPriceOf({ readings }, plan, window, { resolutionSeconds: 300 });
    const what = `${new Date(interval.start * 1000).toISOString()} on ${planId}`;
    expectClose(interval.kwh, direct.kwh, `${what}: kWh`);
    expectClose(interval.cost, direct.plans[0]?.cost ?? Number.NaN, `${what}: cost`);
  }
  return usage.body.intervals.length;
}

describe('usage over time against the reading-by-reading reference', () => {
  it('prices each interval as the reference does, across clock changes and gaps of weeks', {
    timeout: 120_000,
  }, async () => {
    // Readings on five-minute times (the reference's grid), dense over days and sparse over weeks.
    const timeArb = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: (3 * DAY) / 300 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: (30 * DAY) / 300 }) },
    );
    const scenario = fc.record({
      readings: fc.uniqueArray(
        fc.record({
          time: timeArb.map((step) => START + step * 300),
          reading: fc.integer({ min: 0, max: 20_000 }).map((watts) => watts / 1000),
        }),
        { minLength: 2, maxLength: 50, selector: (reading) => reading.time },
      ),
      plan: fc.constantFrom('economy-7', 'standing-charge', 'weekend-peak'),
      groupBy: fc.constantFrom('hour', 'day', 'week'),
      timeZone: fc.constantFrom('Europe/London', 'UTC', 'Asia/Kathmandu'),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ readings, plan, groupBy, timeZone }) => {
        const times = readings.map((reading) => reading.time);
        const [first, last] = [Math.min(...times), Math.max(...times)];
        const query = `groupBy=${groupBy}&timeZone=${timeZone}&from=${first}&to=${last}`;
        await expectUsageLikeTheReference(readings, plan, query);
      }),
      { numRuns: 20 },
    );
  });

  // A gap of whole days is priced by folding its days by weekday from the eighth day on: the
  // days around that threshold must cost what the reference says, one day either side.
  for (const gapDays of [7, 8, 9]) {
    it(`prices a gap of ${gapDays} days between two readings day by day as the reference does`, async () => {
      const readings = [
        { time: START + 3600, reading: 1.5 },
        { time: START + 3600 + gapDays * DAY + 1800, reading: 0.5 },
      ];
      const query = `groupBy=day&timeZone=Europe/London&from=${START}&to=${START + (gapDays + 2) * DAY}`;
      const intervals = await expectUsageLikeTheReference(readings, 'economy-7', query);
      expect(intervals).toBe(gapDays + 1);
    });
  }
});
