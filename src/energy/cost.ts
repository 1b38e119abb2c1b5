import type { PricePlan } from './price-plan';
import { standingChargeBetween } from './tariff';
import type { TimeWindow } from './types';
import type { WindowEnergy } from './window-energy';

/** The first and last reading times of a meter: outside them there is no curve, and no energy. */
export interface ReadingSpan {
  readonly first: number;
  readonly last: number;
}

/** What a window's usage costs on one plan: energy, standing charge, and their total. */
export interface PlanPrice {
  readonly pricePlanId: string;
  readonly energyCost: number;
  readonly standingCharge: number;
  readonly cost: number;
}

/** A window's usage priced on every plan, in the order of the plans. */
export interface UsagePrice {
  readonly from: number;
  readonly to: number;
  readonly kwh: number;
  readonly plans: readonly PlanPrice[];
}

/**
 * The window a price covers: an open end falls back to the first or last reading; a window that
 * ends before it starts is empty.
 */
export function resolveWindow(window: TimeWindow, span: ReadingSpan): { from: number; to: number } {
  const from = window.from ?? span.first;
  const to = Math.max(window.to ?? span.last, from);
  return { from, to };
}

/**
 * What the usage inside the window costs on each plan. Energy counts only where there is a curve
 * (between the first and last readings); standing charges accrue over the whole window asked for.
 */
export function priceUsage(
  window: TimeWindow,
  span: ReadingSpan,
  plans: readonly PricePlan[],
  energyBetween: (from: number, to: number) => WindowEnergy,
): UsagePrice {
  const { from, to } = resolveWindow(window, span);
  const curveFrom = Math.max(from, span.first);
  const curveTo = Math.min(to, span.last);
  const energy: WindowEnergy =
    curveFrom < curveTo
      ? energyBetween(curveFrom, curveTo)
      : { kwh: 0, energyCosts: plans.map(() => 0) };
  return {
    from,
    to,
    kwh: energy.kwh,
    plans: plans.map((plan, index) => {
      const energyCost = energy.energyCosts[index] ?? 0;
      const standingCharge = standingChargeBetween(plan, from, to);
      return {
        pricePlanId: plan.id,
        energyCost,
        standingCharge,
        cost: energyCost + standingCharge,
      };
    }),
  };
}

/** Plans cheapest first; equal costs ordered by plan id, ascending. */
export function rankPlansByCost<Priced extends { pricePlanId: string; cost: number }>(
  costs: readonly Priced[],
): Priced[] {
  return [...costs].sort(
    (a, b) =>
      a.cost - b.cost ||
      (a.pricePlanId < b.pricePlanId ? -1 : a.pricePlanId > b.pricePlanId ? 1 : 0),
  );
}

const SECONDS_PER_YEAR = 365 * 86_400;

/** A window's cost scaled to 365 days; 0 for an empty window. */
export function annualCost(cost: number, from: number, to: number): number {
  return to > from ? (cost * SECONDS_PER_YEAR) / (to - from) : 0;
}

/** One plan in a customer's comparison: its price, and how it compares with the current plan. */
export interface PlanComparison extends PlanPrice {
  readonly supplier: string;
  /** Cost on the current plan minus cost on this one (positive: cheaper); `null` without one. */
  readonly saving: number | null;
  readonly annualCost: number;
}

/** Every plan's price for a window, cheapest first, against the customer's current plan. */
export interface Comparison {
  readonly pricePlanId: string | null;
  readonly from: number;
  readonly to: number;
  readonly kwh: number;
  readonly plans: readonly PlanComparison[];
  /** The cheapest plan. */
  readonly recommendation: string | undefined;
}

/** A customer's comparison of every plan from a window's price. */
export function comparePlans(
  price: UsagePrice,
  currentPlanId: string | null,
  plans: readonly PricePlan[],
): Comparison {
  const currentCost = price.plans.find((plan) => plan.pricePlanId === currentPlanId)?.cost;
  const ranked = rankPlansByCost(price.plans).map(
    ({ pricePlanId, energyCost, standingCharge, cost }): PlanComparison => ({
      pricePlanId,
      supplier: plans.find((plan) => plan.id === pricePlanId)?.supplier ?? '',
      energyCost,
      standingCharge,
      cost,
      saving: currentCost === undefined ? null : currentCost - cost,
      annualCost: annualCost(cost, price.from, price.to),
    }),
  );
  return {
    pricePlanId: currentCost === undefined ? null : currentPlanId,
    from: price.from,
    to: price.to,
    kwh: price.kwh,
    plans: ranked,
    recommendation: ranked[0]?.pricePlanId,
  };
}
