import {
  type AccountCost,
  accountParts,
  type PricingInputs,
  priceWindows,
  type Window,
  type WindowPrice,
} from './prices';

/**
 * Windows priced in one read: each on every plan, and what each cost the account, split where the
 * account switched plans (each part on the plan in force then; `null` without an account, or
 * where a part's plan is not on offer), as `accountCosts` prices them. A window asked for twice
 * (today is often the period's last slot) is read once.
 */
export function priceTogether(
  inputs: PricingInputs,
  windows: readonly Window[],
): { prices: WindowPrice[]; accountCosts: (AccountCost | null)[] } {
  const unique: Window[] = [];
  const indexes = new Map<string, number>();
  const indexOf = (window: Window) => {
    const key = `${window[0]}|${window[1]}`;
    let index = indexes.get(key);
    if (index === undefined) {
      index = unique.push(window) - 1;
      indexes.set(key, index);
    }
    return index;
  };
  const asked = windows.map((window) => ({
    index: indexOf(window),
    parts: accountParts(inputs.history, window).map(({ window: part, pricePlanId }) => ({
      index: indexOf(part),
      planId: pricePlanId,
    })),
  }));
  const prices = priceWindows(inputs, unique);
  const planIndex = new Map(inputs.plans.map((priced, index) => [priced.plan.id, index]));
  const accountCostOf = (parts: (typeof asked)[number]['parts']): AccountCost | null => {
    if (inputs.history.length === 0) return null;
    let cost = 0;
    let exportCredit = 0;
    for (const part of parts) {
      const plan = planIndex.get(part.planId ?? '');
      const price = plan === undefined ? undefined : prices[part.index]?.plans[plan];
      if (!price) return null;
      cost += price.cost;
      exportCredit += price.exportCredit;
    }
    return { cost, exportCredit };
  };
  return {
    prices: asked.map(({ index }) => prices[index] as WindowPrice),
    accountCosts: asked.map(({ parts }) => accountCostOf(parts)),
  };
}
