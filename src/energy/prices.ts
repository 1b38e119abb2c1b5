import type { PlanSeries } from './plan-series';
import { standingCharge } from './standing-charge';
import type { PricedPlan, WindowSeries } from './window-series';

/** A switch of an account onto a plan, from an instant (`null`: since the beginning). */
export interface AccountSwitch {
  readonly pricePlanId: string;
  readonly from: number | null;
}

/** An interval of time `[from, to)` in epoch seconds. */
export type Window = readonly [from: number, to: number];

/** Reads each window's energy and each plan's series over it (a meter's sums). */
export type SeriesReader = (
  windows: readonly Window[],
  plans: readonly PricedPlan[],
) => WindowSeries[];

/** What a meter's prices are computed from. */
export interface PricingInputs {
  /** The plans on offer, ordered by id. */
  readonly plans: readonly PricedPlan[];
  /** The account's switches, oldest first; empty without an account. */
  readonly history: readonly AccountSwitch[];
  readonly series: SeriesReader;
}

/** A window's usage priced on one plan; every cost includes VAT at the version's rate. */
export interface PlanPrice {
  readonly pricePlanId: string;
  readonly supplier: string;
  readonly energyCost: number;
  readonly standingCharge: number;
  /** The VAT inside `energyCost` and `standingCharge`. */
  readonly vat: number;
  readonly exportCredit: number;
  /** energyCost + standingCharge − exportCredit. */
  readonly cost: number;
  /** The import priced at each local day's lowest import rate (the advice's shifted share). */
  readonly lowestEnergyCost: number;
}

export interface WindowPrice {
  readonly from: number;
  readonly to: number;
  readonly kwh: number;
  readonly exportKwh: number;
  /** Every plan on offer, in the catalogue's order. */
  readonly plans: readonly PlanPrice[];
}

function planPrice(priced: PricedPlan, series: PlanSeries, [from, to]: Window): PlanPrice {
  const standing = standingCharge(priced.plan, from, to);
  const energyCost = series.energy + series.vat;
  return {
    pricePlanId: priced.plan.id,
    supplier: priced.plan.supplier,
    energyCost,
    standingCharge: standing.charge,
    vat: series.vat + standing.vat,
    exportCredit: series.exportCredit,
    cost: energyCost + standing.charge - series.exportCredit,
    lowestEnergyCost: series.lowest,
  };
}

/** Each window's usage priced on every plan on offer. */
export function priceWindows(inputs: PricingInputs, windows: readonly Window[]): WindowPrice[] {
  const series = inputs.series(windows, inputs.plans);
  return windows.map((window, index) => {
    const figures = series[index];
    return {
      from: window[0],
      to: window[1],
      kwh: figures?.kwh ?? 0,
      exportKwh: figures?.exportKwh ?? 0,
      plans: inputs.plans.map((priced, p) =>
        planPrice(
          priced,
          figures?.plans[p] ?? { energy: 0, vat: 0, lowest: 0, exportCredit: 0 },
          window,
        ),
      ),
    };
  });
}

// The plan id of no plan (no plan id is empty): an account before a first switch still to come.
export const NO_PLAN = '';

/**
 * The switches as in force at `now`. A first switch in force covers the time before it too (so
 * usage before an account was opened still compares with something); one still to come covers
 * nothing yet: until then the account is on no plan, priced as no account.
 */
export function switchesAsOf(switches: readonly AccountSwitch[], now: number): AccountSwitch[] {
  const first = switches[0];
  const scheduled = first !== undefined && first.from !== null && first.from > now;
  return scheduled ? [{ pricePlanId: NO_PLAN, from: null }, ...switches] : [...switches];
}

/**
 * The switch in force at an instant: the latest one from at or before it; before its first
 * switch an account is on its first plan (see `switchesAsOf` for a first switch to come).
 */
export function switchAt(history: readonly AccountSwitch[], time: number): AccountSwitch | null {
  let found: AccountSwitch | null = history[0] ?? null;
  for (const entry of history) {
    if (entry.from === null || entry.from <= time) found = entry;
  }
  return found;
}

/** What a window cost the account: its net cost and export credit under its history. */
export interface AccountCost {
  readonly cost: number;
  readonly exportCredit: number;
}

/** The parts of a window between the account's switches, each with the plan in force over it. */
export function accountParts(history: readonly AccountSwitch[], [from, to]: Window) {
  const cuts = history
    .map((entry) => entry.from)
    .filter((cut): cut is number => cut !== null && cut > from && cut < to);
  const edges = [from, ...cuts, to];
  return edges.slice(1).map((end, i) => {
    const start = edges[i] as number;
    return { window: [start, end] as const, pricePlanId: switchAt(history, start)?.pricePlanId };
  });
}

/**
 * Each window's cost to the account, each part priced on the plan in force then (standing charge
 * included, export credited); `null` without an account, or where a part's plan is not on offer.
 */
export function accountCosts(
  inputs: PricingInputs,
  windows: readonly Window[],
): (AccountCost | null)[] {
  if (inputs.history.length === 0) return windows.map(() => null);
  const partsPerWindow = windows.map((window) => accountParts(inputs.history, window));
  // Parts on the same plan are read together.
  const priceOfPart = new Map<string, PlanPrice>();
  const byPlan = new Map<string, Window[]>();
  for (const part of partsPerWindow.flat()) {
    if (part.pricePlanId === undefined) continue;
    const list = byPlan.get(part.pricePlanId) ?? [];
    list.push(part.window);
    byPlan.set(part.pricePlanId, list);
  }
  for (const [planId, planWindows] of byPlan) {
    const priced = inputs.plans.find((candidate) => candidate.plan.id === planId);
    if (!priced) continue;
    const series = inputs.series(planWindows, [priced]);
    planWindows.forEach((window, index) => {
      const planSeries = series[index]?.plans[0];
      if (planSeries)
        priceOfPart.set(
          `${planId}|${window[0]}|${window[1]}`,
          planPrice(priced, planSeries, window),
        );
    });
  }
  return partsPerWindow.map((parts) => {
    let cost = 0;
    let exportCredit = 0;
    for (const part of parts) {
      const price = priceOfPart.get(`${part.pricePlanId}|${part.window[0]}|${part.window[1]}`);
      if (!price) return null;
      cost += price.cost;
      exportCredit += price.exportCredit;
    }
    return { cost, exportCredit };
  });
}

/** Plans cheapest first; equal costs ordered by plan id, ascending. */
export function rankByCost<Priced extends { pricePlanId: string; cost: number }>(
  prices: readonly Priced[],
): Priced[] {
  return [...prices].sort(
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
