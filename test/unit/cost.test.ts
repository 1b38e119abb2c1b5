import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRICE_PLANS } from '../../src/config/price-plans';
import { costsOfUsage, rankPlansByCost } from '../../src/energy/cost';
import type { PricePlan, Reading } from '../../src/energy/types';
import { KOLKATA_MONDAY_PLAN, LONDON_SUNDAY_PLAN, WEEKEND_PLAN } from '../plans';

const at = (iso: string) => Date.parse(iso) / 1000;
const HOUR = 3600;

function constantPower(kw: number, fromIso: string, toIso: string): Reading[] {
  return [
    { time: at(fromIso), reading: kw },
    { time: at(toIso), reading: kw },
  ];
}

function costOn(plan: PricePlan, readings: readonly Reading[], window = {}): number {
  const [only] = costsOfUsage(readings, [plan], window);
  return only?.cost ?? Number.NaN;
}

/** Equal within 1e-9 relative error: float sums taken in another order differ in the last bits. */
function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe('costsOfUsage', () => {
  it('prices the contract example (10 kWh) on the three seed plans', () => {
    const readings = [
      { time: at('2020-11-29T10:30:00Z'), reading: 35 },
      { time: at('2020-11-29T11:00:00Z'), reading: 5 },
    ];
    expect(costsOfUsage(readings, PRICE_PLANS)).toEqual([
      { pricePlanId: 'price-plan-0', cost: 100 },
      { pricePlanId: 'price-plan-1', cost: 20 },
      { pricePlanId: 'price-plan-2', cost: 10 },
    ]);
  });

  it('is zero on every plan for fewer than two readings', () => {
    const costs = costsOfUsage([{ time: 1000, reading: 4 }], [...PRICE_PLANS, WEEKEND_PLAN]);
    expect(costs.map((c) => c.cost)).toEqual([0, 0, 0, 0]);
  });

  it('applies each local day its own multiplier across midnight', () => {
    // Friday 23:00 to Saturday 01:00 at 1 kW: 1 kWh on Friday (×1), 1 kWh on Saturday (×2).
    const readings = constantPower(1, '2024-03-29T23:00:00Z', '2024-03-30T01:00:00Z');
    expect(costOn(WEEKEND_PLAN, readings)).toBeCloseTo(3, 12);
  });

  it('splits a ramp at midnight with the power interpolated there', () => {
    // 0 kW at Friday 23:00 rising to 2 kW at Saturday 01:00: 0.5 kWh Friday, 1.5 kWh Saturday (×2).
    const readings = [
      { time: at('2024-03-29T23:00:00Z'), reading: 0 },
      { time: at('2024-03-30T01:00:00Z'), reading: 2 },
    ];
    expect(costOn(WEEKEND_PLAN, readings)).toBeCloseTo(0.5 + 3, 12);
  });

  it('uses the local days of the plan time zone across a daylight-saving change', () => {
    // Sat 12:00 to Mon 12:00 UTC at 1 kW. In London, Sunday 31 March 2024 lasted 23 hours
    // (00:00 GMT to 23:00 UTC): 12 kWh Saturday + 23 kWh Sunday × 2 + 13 kWh Monday.
    const readings = constantPower(1, '2024-03-30T12:00:00Z', '2024-04-01T12:00:00Z');
    expect(costOn(LONDON_SUNDAY_PLAN, readings)).toBeCloseTo(12 + 46 + 13, 9);
  });

  it('counts only the part inside a window on a multiplier plan', () => {
    const readings = constantPower(1, '2024-03-29T00:00:00Z', '2024-04-01T00:00:00Z');
    const window = { from: at('2024-03-29T22:00:00Z'), to: at('2024-03-30T02:00:00Z') };
    expect(costOn(WEEKEND_PLAN, readings, window)).toBeCloseTo(2 + 2 * 2, 12);
  });
});

describe('rankPlansByCost', () => {
  it('orders plans cheapest first and ties by plan id', () => {
    const ranked = rankPlansByCost([
      { pricePlanId: 'price-plan-1', cost: 5 },
      { pricePlanId: 'price-plan-0', cost: 5 },
      { pricePlanId: 'price-plan-2', cost: 1 },
    ]);
    expect(ranked.map((c) => c.pricePlanId)).toEqual([
      'price-plan-2',
      'price-plan-0',
      'price-plan-1',
    ]);
  });
});

describe('cost properties', () => {
  const START = at('2024-03-25T00:00:00Z'); // spans London's spring-forward weekend
  const SPAN = 14 * 24 * HOUR;
  const plans = [...PRICE_PLANS, WEEKEND_PLAN, LONDON_SUNDAY_PLAN, KOLKATA_MONDAY_PLAN];

  const readingsArb = fc
    .uniqueArray(fc.integer({ min: START, max: START + SPAN }), { minLength: 0, maxLength: 60 })
    .chain((times) =>
      fc.tuple(
        fc.constant(times),
        fc.array(fc.double({ min: 0, max: 50, noNaN: true }), {
          minLength: times.length,
          maxLength: times.length,
        }),
      ),
    )
    .map(([times, kws]) => times.map((time, i) => ({ time, reading: kws[i] ?? 0 })));
  const instantArb = fc.integer({ min: START - HOUR, max: START + SPAN + HOUR });

  it('adds up over adjacent windows: cost(a..b) + cost(b..c) = cost(a..c)', () => {
    fc.assert(
      fc.property(readingsArb, instantArb, instantArb, instantArb, (readings, x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
        for (const plan of plans) {
          const whole = costOn(plan, readings, { from: a, to: c });
          const parts =
            costOn(plan, readings, { from: a, to: b }) + costOn(plan, readings, { from: b, to: c });
          expectClose(parts, whole);
        }
      }),
    );
  });

  it('does not depend on the order readings arrive in', () => {
    fc.assert(
      fc.property(
        readingsArb.chain((readings) =>
          fc.tuple(
            fc.constant(readings),
            fc.shuffledSubarray(readings, { minLength: readings.length }),
          ),
        ),
        ([readings, shuffled]) => {
          expect(costsOfUsage(shuffled, plans)).toEqual(costsOfUsage(readings, plans));
        },
      ),
    );
  });

  it('is unchanged when the same readings are posted again', () => {
    fc.assert(
      fc.property(readingsArb, (readings) => {
        expect(costsOfUsage([...readings, ...readings], plans)).toEqual(
          costsOfUsage(readings, plans),
        );
      }),
    );
  });

  it('is linear in the unit rate', () => {
    fc.assert(
      fc.property(
        readingsArb,
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        (readings, factor) => {
          for (const plan of plans) {
            const scaled = { ...plan, unitRatePerKwh: plan.unitRatePerKwh * factor };
            expectClose(costOn(scaled, readings), costOn(plan, readings) * factor);
          }
        },
      ),
    );
  });
});
