import { annualCost, type PlanPrice, rankByCost, type WindowPrice } from './prices';

/** One plan in a customer's comparison: its price, and how it compares with the account's cost. */
export interface PlanComparison {
  readonly pricePlanId: string;
  readonly supplier: string;
  readonly energyCost: number;
  readonly standingCharge: number;
  readonly vat: number;
  readonly exportCredit?: number;
  readonly cost: number;
  /** The account's cost minus this plan's (positive: cheaper); `null` without an account. */
  readonly saving: number | null;
  readonly annualCost: number;
}

/** Every plan's price for a window, cheapest first, against what the account paid. */
export interface Comparison {
  readonly pricePlanId: string | null;
  readonly from: number;
  readonly to: number;
  readonly kwh: number;
  readonly exportKwh?: number;
  /** The account's cost under its history (each part on the plan in force then). */
  readonly currentCost: number | null;
  readonly plans: readonly PlanComparison[];
  /** The cheapest plan. */
  readonly recommendation: string | null;
}

/** A customer's comparison from a window's prices and the account's cost over it. */
export function comparePlans(
  price: WindowPrice,
  pricePlanId: string | null,
  currentCost: number | null,
  hasExport: boolean,
): Comparison {
  const plans = rankByCost(price.plans).map((plan: PlanPrice): PlanComparison => {
    const { pricePlanId: id, supplier, energyCost, standingCharge, vat, exportCredit, cost } = plan;
    return {
      pricePlanId: id,
      supplier,
      energyCost,
      standingCharge,
      vat,
      ...(hasExport && { exportCredit }),
      cost,
      saving: currentCost === null ? null : currentCost - cost,
      annualCost: annualCost(cost, price.from, price.to),
    };
  });
  return {
    pricePlanId,
    from: price.from,
    to: price.to,
    kwh: price.kwh,
    ...(hasExport && { exportKwh: price.exportKwh }),
    currentCost,
    plans,
    recommendation: plans[0]?.pricePlanId ?? null,
  };
}
