import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerTo, newMeterId, openAccount, postReadings, type ReadingInput } from '../helpers';
import { testPlan } from '../plans';
import { directPrice } from '../support/direct-pricing';
import { TARIFF_CATALOGUE } from '../tariff-catalogue';

const at = (iso: string) => Date.parse(iso) / 1000;
const PLANS = TARIFF_CATALOGUE.map(testPlan);
const ECONOMY_7 = PLANS.filter((plan) => plan.id === 'economy-7');

/** Power every 10 minutes over three days around London's October clock change. */
function readingsAcrossTheClockChange(): ReadingInput[] {
  const start = at('2024-10-25T21:03:00Z');
  return Array.from({ length: 3 * 144 }, (_, i) => ({
    time: start + i * 600,
    reading: 0.3 + ((i * 7) % 11) / 5,
  }));
}

function expectClose(actual: number | undefined, expected: number | undefined): void {
  expect(Math.abs((actual ?? Number.NaN) - (expected ?? Number.NaN))).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected ?? 0)),
  );
}

interface ComparisonBody {
  pricePlanId: string | null;
  from: number;
  to: number;
  kwh: number;
  plans: {
    pricePlanId: string;
    energyCost: number;
    standingCharge: number;
    cost: number;
    saving: number | null;
  }[];
  recommendation: string;
}

describe('a catalogue with bands, standing charges and multipliers', () => {
  it('lists every plan with its rules', async () => {
    const answer =
      await answerTo<{ pricePlanId: string; timeOfUseRates: unknown[] }[]>('/price-plans');
    expect(answer.status).toBe(200);
    expect(answer.body.map((plan) => plan.pricePlanId)).toEqual([
      'economy-7',
      'price-plan-0',
      'price-plan-1',
      'price-plan-2',
      'standing-charge',
      'weekend-peak',
    ]);
    expect(answer.body[0]).toEqual({
      pricePlanId: 'economy-7',
      supplier: 'Night Owl Energy',
      unitRatePerKwh: 0.3,
      timeZone: 'Europe/London',
      standingChargePerDay: 0.5,
      timeOfUseRates: [
        {
          days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
          from: '00:30',
          to: '07:30',
          unitRatePerKwh: 0.1,
        },
      ],
      peakTimeMultipliers: [],
      currency: 'GBP',
      dynamicRates: false,
      vatRate: 0,
      exportRatePerKwh: 0,
      exportTimeOfUseRates: [],
      validFrom: null,
      validTo: null,
    });
  });

  it.each(['', `?from=${at('2024-10-26T05:00:00Z')}&to=${at('2024-10-27T19:30:00Z')}`])(
    'compares every plan (window %j) as the reading-by-reading reference prices it',
    async (window) => {
      const id = newMeterId();
      const readings = readingsAcrossTheClockChange();
      expect((await postReadings(id, readings)).status).toBe(200);
      await openAccount(id, 'economy-7');

      const answer = await answerTo<ComparisonBody>(`/meters/${id}/comparison${window}`);

      expect(answer.status).toBe(200);
      const query = new URLSearchParams(window);
      const reference = directPrice(readings, PLANS, {
        from: query.has('from') ? Number(query.get('from')) : undefined,
        to: query.has('to') ? Number(query.get('to')) : undefined,
      });
      expect([answer.body.from, answer.body.to]).toEqual([reference.from, reference.to]);
      expectClose(answer.body.kwh, reference.kwh);
      for (const expected of reference.plans) {
        const plan = answer.body.plans.find((entry) => entry.pricePlanId === expected.pricePlanId);
        expectClose(plan?.energyCost, expected.energyCost);
        expectClose(plan?.standingCharge, expected.standingCharge);
      }
      const current = answer.body.plans.find((plan) => plan.pricePlanId === 'economy-7');
      for (const plan of answer.body.plans)
        expectClose(plan.saving ?? Number.NaN, (current?.cost ?? 0) - plan.cost);
      const compareAll = await answerTo<{ pricePlanComparisons: Record<string, number>[] }>(
        `/price-plans/compare-all/${id}${window}`,
      );
      expect(answer.body.plans.map((plan) => ({ [plan.pricePlanId]: plan.cost }))).toEqual(
        compareAll.body.pricePlanComparisons,
      );
    },
  );

  it('costs each day of usage on the account’s plan, standing charge included, summing to the comparison', async () => {
    const id = newMeterId();
    const readings = readingsAcrossTheClockChange();
    expect((await postReadings(id, readings)).status).toBe(200);
    await openAccount(id, 'economy-7');

    const usage = await answerTo<{
      timeZone: string;
      intervals: { start: number; end: number; kwh: number; cost: number }[];
    }>(`/meters/${id}/usage?groupBy=day`);
    const comparison = await answerTo<ComparisonBody>(`/meters/${id}/comparison`);

    expect(usage.body.timeZone).toBe('Europe/London');
    // The 25-hour day of 27 October is one interval.
    expect(
      usage.body.intervals.map((interval) => (interval.end - interval.start) / 3600),
    ).toContain(25);
    for (const interval of usage.body.intervals) {
      const [reference] = directPrice(readings, ECONOMY_7, {
        from: interval.start,
        to: interval.end,
      }).plans;
      expectClose(interval.cost, (reference?.energyCost ?? 0) + (reference?.standingCharge ?? 0));
    }
    const total = usage.body.intervals.reduce((sum, interval) => sum + interval.cost, 0);
    expectClose(
      total,
      comparison.body.plans.find((plan) => plan.pricePlanId === 'economy-7')?.cost,
    );
  });

  // 25 scenarios, each a store and a comparison per interval through workerd: seconds on a busy
  // 2-core machine, so not Vitest's 5 s default.
  it('gives each usage interval the kWh and cost the comparison gives its window, to the last digit, windows wider than the readings included', {
    timeout: 60_000,
  }, async () => {
    const start = at('2024-03-29T00:00:00Z');
    const scenario = fc.record({
      readings: fc.array(
        fc.record({
          time: fc.integer({ min: start, max: start + 5 * 86_400 }),
          reading: fc.double({ min: 0, max: 30, noNaN: true }),
        }),
        { minLength: 2, maxLength: 60 },
      ),
      plan: fc.constantFrom('economy-7', 'standing-charge', 'weekend-peak', 'price-plan-1'),
      groupBy: fc.constantFrom('hour', 'day', 'week', 'month'),
      timeZone: fc.constantFrom('Europe/London', 'Pacific/Kiritimati', 'Asia/Kathmandu'),
      // Window edges up to two days beyond the readings on either side.
      before: fc.integer({ min: 0, max: 2 * 86_400 }),
      after: fc.integer({ min: 0, max: 2 * 86_400 }),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ readings, plan, groupBy, timeZone, before, after }) => {
        const times = readings.map((reading) => reading.time);
        const [first, last] = [Math.min(...times), Math.max(...times)];
        fc.pre(first < last);
        const id = newMeterId();
        expect((await postReadings(id, readings)).status).toBe(200);
        await openAccount(id, plan);
        const window = `from=${first - before}&to=${last + after}`;
        const usage = await answerTo<{
          intervals: { start: number; end: number; kwh: number; cost: number }[];
        }>(`/meters/${id}/usage?groupBy=${groupBy}&timeZone=${timeZone}&${window}`);
        expect(usage.status).toBe(200);
        for (const interval of usage.body.intervals) {
          const comparison = await answerTo<ComparisonBody>(
            `/meters/${id}/comparison?from=${interval.start}&to=${interval.end}`,
          );
          const onPlan = comparison.body.plans.find((priced) => priced.pricePlanId === plan);
          expect([interval.kwh, interval.cost]).toEqual([comparison.body.kwh, onPlan?.cost]);
        }
      }),
      { numRuns: 25 },
    );
  });
});
