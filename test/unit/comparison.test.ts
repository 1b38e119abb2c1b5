import { describe, expect, it } from 'vitest';
import { comparePlans } from '../../src/energy/comparison';
import type { PlanPrice, WindowPrice } from '../../src/energy/prices';

const DAY = 86_400;

/** A plan's price with no standing charge, VAT or export: its cost is its energy cost. */
function energyOnly(pricePlanId: string, supplier: string, cost: number): PlanPrice {
  return {
    pricePlanId,
    supplier,
    energyCost: cost,
    standingCharge: 0,
    vat: 0,
    exportCredit: 0,
    cost,
    lowestEnergyCost: cost,
  };
}

// 48 kWh over two days, priced on the reference plans, in the catalogue's order.
const PRICE: WindowPrice = {
  from: 1_000 * DAY,
  to: 1_002 * DAY,
  kwh: 48,
  exportKwh: 0,
  plans: [
    energyOnly('price-plan-0', "Dr Evil's Dark Energy", 480),
    energyOnly('price-plan-1', 'The Green Eco', 96),
    energyOnly('price-plan-2', 'Power for Everyone', 48),
  ],
};

describe('comparePlans', () => {
  it('ranks plans cheapest first with the saving against the account’s cost and a year’s cost', () => {
    const comparison = comparePlans(PRICE, 'price-plan-1', 96, false);

    expect(comparison.recommendation).toBe('price-plan-2');
    expect(comparison.currentCost).toBe(96);
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

  it('measures savings against what the account paid under its history, not its plan now', () => {
    // On price-plan-0 for a day and price-plan-2 for the other: 240 + 24.
    const comparison = comparePlans(PRICE, 'price-plan-2', 264, false);
    expect(comparison.plans.map((plan) => plan.saving)).toEqual([216, 168, -216]);
  });

  it('gives no saving and no current cost without an account', () => {
    const comparison = comparePlans(PRICE, null, null, false);
    expect(comparison.pricePlanId).toBeNull();
    expect(comparison.currentCost).toBeNull();
    expect(comparison.plans.map((plan) => plan.saving)).toEqual([null, null, null]);
  });

  it('orders tied costs by plan id', () => {
    const tied: WindowPrice = {
      ...PRICE,
      plans: [
        energyOnly('plan-c', 'C', 5),
        energyOnly('plan-a', 'A', 5),
        energyOnly('plan-b', 'B', 5),
      ],
    };
    const comparison = comparePlans(tied, null, null, false);
    expect(comparison.plans.map((plan) => plan.pricePlanId)).toEqual([
      'plan-a',
      'plan-b',
      'plan-c',
    ]);
    expect(comparison.recommendation).toBe('plan-a');
  });

  it('shows export figures only for a meter with export data', () => {
    const withExport: WindowPrice = {
      ...PRICE,
      exportKwh: 3,
      plans: [{ ...energyOnly('price-plan-2', 'Power for Everyone', 47.5), exportCredit: 0.5 }],
    };

    const plain = comparePlans(withExport, null, null, false);
    const exporting = comparePlans(withExport, null, null, true);

    expect(plain).not.toHaveProperty('exportKwh');
    expect(plain.plans[0]).not.toHaveProperty('exportCredit');
    expect(exporting.exportKwh).toBe(3);
    expect(exporting.plans[0]?.exportCredit).toBe(0.5);
  });

  it('keeps the energy cost, standing charge and VAT of each plan', () => {
    const price: WindowPrice = {
      ...PRICE,
      plans: [
        {
          pricePlanId: 'vat',
          supplier: 'V',
          energyCost: 10.5,
          standingCharge: 1.05,
          vat: 0.55,
          exportCredit: 0,
          cost: 11.55,
          lowestEnergyCost: 10.5,
        },
      ],
    };
    expect(comparePlans(price, 'vat', 11.55, false).plans).toEqual([
      {
        pricePlanId: 'vat',
        supplier: 'V',
        energyCost: 10.5,
        standingCharge: 1.05,
        vat: 0.55,
        cost: 11.55,
        saving: 0,
        annualCost: 11.55 * 182.5,
      },
    ]);
  });

  it('gives an empty window no yearly cost and no plans no recommendation', () => {
    const empty: WindowPrice = { ...PRICE, to: PRICE.from };
    expect(comparePlans(empty, null, null, false).plans.map((plan) => plan.annualCost)).toEqual([
      0, 0, 0,
    ]);
    expect(comparePlans({ ...PRICE, plans: [] }, null, null, false).recommendation).toBeNull();
  });
});
