import { describe, expect, it } from 'vitest';
import { PRICE_PLANS } from '../../src/config/price-plans';
import {
  annualCost,
  comparePlans,
  priceUsage,
  rankPlansByCost,
  resolveWindow,
} from '../../src/energy/cost';
import type { WindowEnergy } from '../../src/energy/window-energy';
import { STANDING_CHARGE_PLAN } from '../plans';

const DAY = 86_400;
const SPAN = { first: 1_000 * DAY, last: 1_002 * DAY };

/** An energy source that bills 1 kWh per hour of curve, at the plans' unit rates. */
function hourlyKwh(from: number, to: number): WindowEnergy {
  const kwh = (to - from) / 3600;
  return {
    kwh,
    energyCosts: [...PRICE_PLANS, STANDING_CHARGE_PLAN].map((p) => kwh * p.unitRatePerKwh),
  };
}

describe('resolveWindow', () => {
  it.each([
    [{}, { from: SPAN.first, to: SPAN.last }],
    [{ from: SPAN.first + 5 }, { from: SPAN.first + 5, to: SPAN.last }],
    [{ to: SPAN.first - 10 }, { from: SPAN.first, to: SPAN.first }],
    [
      { from: 3, to: 7 },
      { from: 3, to: 7 },
    ],
  ])('resolves %o to %o', (window, expected) => {
    expect(resolveWindow(window, SPAN)).toEqual(expected);
  });
});

describe('priceUsage', () => {
  const plans = [...PRICE_PLANS, STANDING_CHARGE_PLAN];

  it('counts energy only where there is a curve, and standing charges over the whole window', () => {
    // A window of three days around the two days of readings: 48 kWh, three days of standing charge.
    const price = priceUsage(
      { from: SPAN.first - DAY / 2, to: SPAN.last + DAY / 2 },
      SPAN,
      plans,
      hourlyKwh,
    );
    expect(price.kwh).toBe(48);
    const standing = price.plans.find((plan) => plan.pricePlanId === 'standing-charge');
    expect(standing?.energyCost).toBeCloseTo(48 * 0.2, 12);
    expect(standing?.standingCharge).toBeCloseTo(3 * 0.6, 12);
    expect(standing?.cost).toBeCloseTo(48 * 0.2 + 1.8, 12);
  });

  it('prices the readings’ span without a window, and nothing for a window without a curve', () => {
    expect(priceUsage({}, SPAN, plans, hourlyKwh).kwh).toBe(48);
    const outside = priceUsage({ from: 0, to: DAY }, SPAN, plans, hourlyKwh);
    expect(outside.kwh).toBe(0);
    expect(outside.plans.map((plan) => plan.energyCost)).toEqual([0, 0, 0, 0]);
  });

  it('keeps the seed plans’ costs the energy cost alone', () => {
    const price = priceUsage({}, SPAN, PRICE_PLANS, hourlyKwh);
    expect(price.plans.map((plan) => [plan.pricePlanId, plan.cost, plan.standingCharge])).toEqual([
      ['price-plan-0', 480, 0],
      ['price-plan-1', 96, 0],
      ['price-plan-2', 48, 0],
    ]);
  });
});

describe('comparePlans', () => {
  const price = priceUsage({}, SPAN, PRICE_PLANS, hourlyKwh);

  it('ranks plans cheapest first with the saving against the current plan and a year’s cost', () => {
    const comparison = comparePlans(price, 'price-plan-1', PRICE_PLANS);
    expect(comparison.recommendation).toBe('price-plan-2');
    expect(
      comparison.plans.map((plan) => [
        plan.pricePlanId,
        plan.supplier,
        plan.saving,
        plan.annualCost,
      ]),
    ).toEqual([
      ['price-plan-2', 'Power for Everyone', 48, 48 * 182.5],
      ['price-plan-1', 'The Green Eco', 0, 96 * 182.5],
      ['price-plan-0', "Dr Evil's Dark Energy", -384, 480 * 182.5],
    ]);
  });

  it('gives no saving without an account', () => {
    const comparison = comparePlans(price, null, PRICE_PLANS);
    expect(comparison.pricePlanId).toBeNull();
    expect(comparison.plans.map((plan) => plan.saving)).toEqual([null, null, null]);
  });
});

describe('rankPlansByCost', () => {
  it('orders plans cheapest first and ties by plan id', () => {
    const ranked = rankPlansByCost([
      { pricePlanId: 'price-plan-1', cost: 5 },
      { pricePlanId: 'price-plan-0', cost: 5 },
      { pricePlanId: 'price-plan-2', cost: 1 },
    ]);
    expect(ranked.map((entry) => entry.pricePlanId)).toEqual([
      'price-plan-2',
      'price-plan-0',
      'price-plan-1',
    ]);
  });
});

describe('annualCost', () => {
  it('scales a window’s cost to 365 days, and is 0 for an empty window', () => {
    expect(annualCost(10, 0, DAY)).toBe(3650);
    expect(annualCost(10, 5, 5)).toBe(0);
  });
});
