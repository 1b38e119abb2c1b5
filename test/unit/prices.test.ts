import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configPricePlans } from '../../src/config/price-plans';
import {
  latestReadingPerTime,
  type PowerSegment,
  segmentsOfIntervals,
  segmentsOfReadings,
} from '../../src/energy/curve';
import { constantRatesOf } from '../../src/energy/plan-series';
import type { PricePlan } from '../../src/energy/plan-versions';
import {
  type AccountSwitch,
  accountCosts,
  annualCost,
  NO_PLAN,
  type PricingInputs,
  priceWindows,
  rankByCost,
  switchAt,
  switchesAsOf,
} from '../../src/energy/prices';
import { type PricedPlan, windowsSeries } from '../../src/energy/window-series';
import { ECONOMY_7_PLAN, STANDING_CHARGE_PLAN, testPlan } from '../plans';
import { memoryWindowSource } from '../support/memory-source';
import { readingsArb, START } from '../support/tariff-arbitraries';

const DAY = 86_400;
// 1 kW for two days from 27 September 1972 (no clock change in New York around it): 48 kWh.
const SPAN = { first: 1_000 * DAY, last: 1_002 * DAY };
const ONE_KW = segmentsOfReadings([
  { time: SPAN.first, reading: 1 },
  { time: SPAN.last, reading: 1 },
]);

/** VAT at 5%, an export rate and a standing charge, in UTC. */
const VAT_EXPORT_PLAN = testPlan({
  id: 'vat-export',
  supplier: 'Sunny Supply',
  unitRatePerKwh: 0.2,
  standingChargePerDay: 0.5,
  vatRate: 0.05,
  exportRatePerKwh: 0.15,
});

function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected)),
  );
}

/** What pricing reads: the plans on offer, the account's switches, and curves held in memory. */
function inputsOf(
  plans: readonly PricePlan[],
  history: readonly AccountSwitch[],
  importCurve: readonly PowerSegment[],
  exportCurve: readonly PowerSegment[] = [],
): PricingInputs {
  const priced: PricedPlan[] = plans.map((plan) => ({
    plan,
    constant: constantRatesOf(plan, false),
  }));
  return {
    plans: priced,
    history,
    series: (windows, asked) =>
      windowsSeries(windows, memoryWindowSource(importCurve, exportCurve, asked), asked),
  };
}

describe('priceWindows', () => {
  const plans = [...configPricePlans(), STANDING_CHARGE_PLAN];

  it('counts energy only where there is a curve, and standing charges over the whole window', () => {
    // A window of three days around the two days of readings: 48 kWh, three days of standing charge.
    const inputs = inputsOf(plans, [], ONE_KW);

    const [price] = priceWindows(inputs, [[SPAN.first - DAY / 2, SPAN.last + DAY / 2]]);

    expect(price?.kwh).toBeCloseTo(48, 12);
    const standing = price?.plans.find((plan) => plan.pricePlanId === 'standing-charge');
    expect(standing?.energyCost).toBeCloseTo(48 * 0.2, 12);
    expect(standing?.standingCharge).toBeCloseTo(3 * 0.6, 12);
    expect(standing?.cost).toBeCloseTo(48 * 0.2 + 1.8, 12);
  });

  it('prices several windows at once, a window without a curve at its standing charge alone', () => {
    const inputs = inputsOf(plans, [], ONE_KW);

    const [span, outside] = priceWindows(inputs, [
      [SPAN.first, SPAN.last],
      [0, DAY],
    ]);

    expect(span?.kwh).toBeCloseTo(48, 12);
    expect([outside?.from, outside?.to, outside?.kwh]).toEqual([0, DAY, 0]);
    expect(outside?.plans.map((plan) => plan.energyCost)).toEqual([0, 0, 0, 0]);
    expect(outside?.plans.map((plan) => plan.cost)).toEqual([0, 0, 0, 0.6]);
  });

  it('keeps the seed plans’ costs the energy cost alone, in the catalogue’s order', () => {
    const [price] = priceWindows(inputsOf(configPricePlans(), [], ONE_KW), [
      [SPAN.first, SPAN.last],
    ]);
    expect(
      price?.plans.map((plan) => [plan.pricePlanId, plan.cost, plan.standingCharge, plan.vat]),
    ).toEqual([
      ['price-plan-0', 480, 0, 0],
      ['price-plan-1', 96, 0, 0],
      ['price-plan-2', 48, 0, 0],
    ]);
  });

  it('includes VAT in energy cost and standing charge, and credits export without VAT', () => {
    // One UTC day: 24 kWh imported at 0.2 + 5%, 1 kWh exported (2 kW for half an hour) at 0.15.
    const exported = segmentsOfIntervals([{ start: SPAN.first, end: SPAN.first + 1800, kwh: 1 }]);
    const inputs = inputsOf([VAT_EXPORT_PLAN], [], ONE_KW, exported);

    const [price] = priceWindows(inputs, [[SPAN.first, SPAN.first + DAY]]);

    expect(price?.exportKwh).toBeCloseTo(1, 12);
    const [plan] = price?.plans ?? [];
    expect(plan?.energyCost).toBeCloseTo(24 * 0.2 * 1.05, 12);
    expect(plan?.standingCharge).toBeCloseTo(0.5 * 1.05, 12);
    expect(plan?.vat).toBeCloseTo(24 * 0.2 * 0.05 + 0.5 * 0.05, 12);
    expect(plan?.exportCredit).toBeCloseTo(0.15, 12);
    expect(plan?.cost).toBeCloseTo(24 * 0.2 * 1.05 + 0.5 * 1.05 - 0.15, 12);
    expect(plan?.lowestEnergyCost).toBeCloseTo(24 * 0.2 * 1.05, 12);
  });
});

describe('switchAt', () => {
  const history: AccountSwitch[] = [
    { pricePlanId: 'price-plan-0', from: 100 },
    { pricePlanId: 'price-plan-2', from: 200 },
  ];

  it.each([
    ['before the first switch, the first plan', 50, 'price-plan-0'],
    ['at a switch, the plan switched to', 200, 'price-plan-2'],
    ['between switches, the earlier one', 199, 'price-plan-0'],
    ['after the last switch, the last one', 10_000, 'price-plan-2'],
  ])('finds %s', (_name, time, pricePlanId) => {
    expect(switchAt(history, time)?.pricePlanId).toBe(pricePlanId);
  });

  it('finds none without an account', () => {
    expect(switchAt([], 100)).toBeNull();
  });
});

describe('accountCosts', () => {
  const plans = [...configPricePlans(), STANDING_CHARGE_PLAN];

  it('is null for every window without an account', () => {
    expect(accountCosts(inputsOf(plans, [], ONE_KW), [[SPAN.first, SPAN.last]])).toEqual([null]);
  });

  it('prices each part of a window on the plan in force then', () => {
    // A day on price-plan-0 (24 kWh at 10), then a day on price-plan-2 (24 kWh at 1).
    const history = [
      { pricePlanId: 'price-plan-0', from: null },
      { pricePlanId: 'price-plan-2', from: SPAN.first + DAY },
    ];
    const inputs = inputsOf(plans, history, ONE_KW);

    const [whole, after] = accountCosts(inputs, [
      [SPAN.first, SPAN.last],
      [SPAN.first + DAY, SPAN.last],
    ]);

    expect(whole?.cost).toBeCloseTo(24 * 10 + 24 * 1, 12);
    expect(after?.cost).toBeCloseTo(24, 12);
  });

  it('charges a plan’s standing charge only over the part of the window on it', () => {
    // Half a day on the standing-charge plan (0.6 a day), then price-plan-1.
    const history = [
      { pricePlanId: 'standing-charge', from: null },
      { pricePlanId: 'price-plan-1', from: SPAN.first + DAY / 2 },
    ];
    const [cost] = accountCosts(inputsOf(plans, history, ONE_KW), [[SPAN.first, SPAN.first + DAY]]);
    expect(cost?.cost).toBeCloseTo(12 * 0.2 + 0.3 + 12 * 2, 12);
  });

  it('is null where a part’s plan is not on offer', () => {
    const history = [
      { pricePlanId: 'price-plan-1', from: null },
      { pricePlanId: 'withdrawn-plan', from: SPAN.first + DAY },
    ];
    const inputs = inputsOf(plans, history, ONE_KW);
    const [before, across] = accountCosts(inputs, [
      [SPAN.first, SPAN.first + DAY],
      [SPAN.first, SPAN.last],
    ]);
    expect(before?.cost).toBeCloseTo(48, 12);
    expect(across).toBeNull();
  });

  it('adds up over adjacent windows, whatever the switches', () => {
    const offered = [...configPricePlans(), ECONOMY_7_PLAN, STANDING_CHARGE_PLAN];
    const switchArb = fc.record({
      pricePlanId: fc.constantFrom(...offered.map((plan) => plan.id)),
      from: fc.integer({ min: START - DAY, max: START + 3 * DAY }),
    });
    fc.assert(
      fc.property(
        readingsArb,
        fc.array(switchArb, { minLength: 1, maxLength: 4 }),
        fc.uniqueArray(fc.integer({ min: START - DAY, max: START + 3 * DAY }), {
          minLength: 3,
          maxLength: 3,
        }),
        (readings, switches, cuts) => {
          const history = [...switches].sort((x, y) => x.from - y.from);
          const [a = 0, b = 0, c = 0] = [...cuts].sort((x, y) => x - y);
          const curve = segmentsOfReadings(latestReadingPerTime(readings));
          const [ab, bc, ac] = accountCosts(inputsOf(offered, history, curve), [
            [a, b],
            [b, c],
            [a, c],
          ]);
          expectClose((ab?.cost ?? Number.NaN) + (bc?.cost ?? Number.NaN), ac?.cost ?? 0, 'cost');
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('rankByCost', () => {
  it('orders plans cheapest first and ties by plan id', () => {
    const ranked = rankByCost([
      { pricePlanId: 'price-plan-1', cost: 5 },
      { pricePlanId: 'price-plan-0', cost: 5 },
      { pricePlanId: 'price-plan-2', cost: 1 },
      { pricePlanId: 'price-plan-10', cost: 5 },
    ]);
    expect(ranked.map((entry) => entry.pricePlanId)).toEqual([
      'price-plan-2',
      'price-plan-0',
      'price-plan-1',
      'price-plan-10',
    ]);
  });

  it('puts a negative cost (export earning more than import costs) first', () => {
    const ranked = rankByCost([
      { pricePlanId: 'a', cost: 0 },
      { pricePlanId: 'b', cost: -2 },
    ]);
    expect(ranked.map((entry) => entry.pricePlanId)).toEqual(['b', 'a']);
  });

  it('leaves the list it was given as it was', () => {
    const prices = [
      { pricePlanId: 'b', cost: 2 },
      { pricePlanId: 'a', cost: 1 },
    ];
    rankByCost(prices);
    expect(prices.map((entry) => entry.pricePlanId)).toEqual(['b', 'a']);
  });
});

describe('annualCost', () => {
  it('scales a window’s cost to 365 days, and is 0 for an empty window', () => {
    expect(annualCost(10, 0, DAY)).toBe(3650);
    expect(annualCost(10, 0, 2 * DAY)).toBe(1825);
    expect(annualCost(10, 5, 5)).toBe(0);
  });
});

describe('switchesAsOf', () => {
  const plan = (pricePlanId: string, from: number | null) => ({ pricePlanId, from });
  it.each([
    ['no switch', [], []],
    ['a trial account', [plan('a', null)], [plan('a', null)]],
    ['a first switch in force', [plan('a', 100), plan('b', 300)], [plan('a', 100), plan('b', 300)]],
    ['a first switch now', [plan('a', 200)], [plan('a', 200)]],
    ['a first switch to come', [plan('a', 201)], [plan(NO_PLAN, null), plan('a', 201)]],
  ])('reads %s at 200, and so what covers the time before it', (_name, switches, expected) => {
    const asOf = switchesAsOf(switches, 200);
    expect(asOf).toEqual(expected);
    expect(switchAt(asOf, 50)?.pricePlanId ?? null).toBe(expected[0]?.pricePlanId ?? null);
  });
});
