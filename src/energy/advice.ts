import { SECONDS_PER_DAY } from './curve';
import type { PricePlan } from './plan-versions';
import { versionAt } from './plan-versions';
import { annualCost, type PlanPrice, type PricingInputs, priceWindows, switchAt } from './prices';
import { channelPieces, type DynamicRate, type DynamicRates, localDayAround } from './rate-pieces';
import { utcOffsetAt } from './time-zone';

const DAYS_PER_YEAR = 365;
const SECONDS_PER_HOUR = 3600;
const QUARTER_HOUR = 900;

/** The span of data advice is computed on: its last year, or all of it when shorter. */
export interface AdviceBasis {
  readonly from: number;
  readonly to: number;
  readonly days: number;
}

/** The last 365 days of the data (ending at its last instant), or its whole span when shorter. */
export function adviceBasis(span: { first: number; last: number }): AdviceBasis {
  const to = span.last;
  const from = Math.max(span.first, to - DAYS_PER_YEAR * SECONDS_PER_DAY);
  return { from, to, days: (to - from) / SECONDS_PER_DAY };
}

/** A stretch of local time at one rate: `"HH:MM"` to `"HH:MM"` (the end may be the next day's). */
export interface LocalBand {
  readonly from: string;
  readonly to: string;
  /** VAT included. */
  readonly unitRatePerKwh: number;
}

/** The cheapest run of published rates: `[start, end)`, and its mean rate (VAT included). */
export interface CheapWindow {
  readonly start: number;
  readonly end: number;
  readonly averageRatePerKwh: number;
}

export interface PlanAdvice {
  readonly pricePlanId: string;
  readonly supplier: string;
  /** Net cost over the basis, scaled to 365 days. */
  readonly annualCost: number;
  /** The same with the flexible share of each local day's import moved to its cheapest rate. */
  readonly annualCostIfShifted: number;
  readonly cheapestHours: readonly LocalBand[];
  readonly nextCheapestWindow: CheapWindow | null;
}

export interface Advice {
  readonly basis: AdviceBasis;
  readonly flexibleShare: number;
  readonly plans: readonly PlanAdvice[];
  /** The plan with the lowest annual cost as the household uses energy now. */
  readonly recommendation: string | null;
  /** The plan with the lowest annual cost once it moves its flexible share. */
  readonly recommendationIfShifted: string | null;
  readonly currentPlan: { readonly pricePlanId: string; readonly annualCost: number } | null;
}

function hhmm(wallSeconds: number): string {
  const minutes = Math.round(
    (((wallSeconds % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY) / 60,
  );
  return `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The local bands at the lowest import rate (VAT included) on the local day holding `time`, in
 * the zone of the version in force then: when to move flexible use to.
 */
export function cheapestHours(plan: PricePlan, dynamic: DynamicRates, time: number): LocalBand[] {
  const zone = versionAt(plan, time).timeZone;
  const day = localDayAround(zone, time);
  const pieces = channelPieces(plan, dynamic, 'import', day.start, day.end).map((piece) => ({
    ...piece,
    rate: piece.rate * (1 + piece.vatRate),
  }));
  const lowest = Math.min(...pieces.map((piece) => piece.rate));
  const bands: { start: number; end: number }[] = [];
  for (const piece of pieces) {
    if (piece.rate !== lowest) continue;
    const last = bands.at(-1);
    if (last && last.end === piece.start) last.end = piece.end;
    else bands.push({ start: piece.start, end: piece.end });
  }
  return bands.map(({ start, end }) => ({
    from: hhmm(start + utcOffsetAt(zone, start)),
    to: hhmm(end + utcOffsetAt(zone, end - 1)),
    unitRatePerKwh: lowest,
  }));
}

/**
 * The cheapest run of `hours` of published import rates starting within the 24 hours after
 * `now` (on a quarter hour, wholly covered by published rates), its mean rate VAT included;
 * `null` when no such run is published.
 */
export function nextCheapestWindow(
  plan: PricePlan,
  published: readonly DynamicRate[],
  now: number,
  hours: number,
): CheapWindow | null {
  const length = hours * SECONDS_PER_HOUR;
  const quarters = length / QUARTER_HOUR;
  const first = Math.ceil(now / QUARTER_HOUR) * QUARTER_HOUR;
  const last = now + 24 * SECONDS_PER_HOUR;
  // The VAT-inclusive rate of each published quarter hour from `first` on, by quarter.
  const rateByQuarter = new Map<number, number>();
  for (const rate of published) {
    for (
      let at = Math.max(rate.start, first);
      at < rate.end && at < last + length;
      at += QUARTER_HOUR
    ) {
      rateByQuarter.set(at, rate.unitRatePerKwh * (1 + versionAt(plan, at).vatRate));
    }
  }
  let best: CheapWindow | null = null;
  for (let start = first; start < last; start += QUARTER_HOUR) {
    let sum = 0;
    let covered = true;
    for (let q = 0; q < quarters && covered; q++) {
      const rate = rateByQuarter.get(start + q * QUARTER_HOUR);
      if (rate === undefined) covered = false;
      else sum += rate;
    }
    if (!covered) continue;
    const average = sum / quarters;
    if (best === null || average < best.averageRatePerKwh) {
      best = { start, end: start + length, averageRatePerKwh: average };
    }
  }
  return best;
}

/** What advice needs beyond prices: the basis, and a plan's published rates. */
export interface AdviceQuery {
  readonly basis: AdviceBasis;
  readonly flexibleShare: number;
  readonly hours: number;
  readonly now: number;
  readonly dynamicRates: (planId: string) => DynamicRates;
  /** A plan's published import rates over the next day and `hours` more, when it has any. */
  readonly upcomingRates: (planId: string) => readonly DynamicRate[] | null;
}

// Relative size of the difference two float sums of the same energy cost may show.
const ROUNDING = 1e-12;

/**
 * A plan's annual costs from its price over the basis. Scaled by the comparison's own function, so
 * that advice and a comparison of the same window agree to the last digit (× 365 / days rounds
 * differently).
 */
function annualCosts(price: PlanPrice, basis: AdviceBasis, flexibleShare: number) {
  // What moving the share saves, taken off the cost as it is. The energy at each day's lowest
  // rate is summed another way than the energy as used, so on a plan whose every hour costs the
  // same the two differ by rounding alone: that is no saving, and the cost stays to the last digit.
  const cheaper = price.energyCost - price.lowestEnergyCost;
  const saving = cheaper > ROUNDING * Math.abs(price.energyCost) ? flexibleShare * cheaper : 0;
  const shifted = price.cost - saving;
  return {
    annualCost: annualCost(price.cost, basis.from, basis.to),
    annualCostIfShifted: annualCost(shifted, basis.from, basis.to),
  };
}

function byCostThenId<Plan extends { pricePlanId: string }>(cost: (plan: Plan) => number) {
  return (a: Plan, b: Plan) =>
    cost(a) - cost(b) ||
    (a.pricePlanId < b.pricePlanId ? -1 : a.pricePlanId > b.pricePlanId ? 1 : 0);
}

/**
 * Advice over the basis, for every plan: what a year costs as the household uses energy now, and
 * what it would cost moving the flexible share of each local day's import to that day's cheapest
 * rate; when to move it; and for plans with published rates, the next cheap window.
 */
export function advise(inputs: PricingInputs, query: AdviceQuery): Advice {
  const { basis, flexibleShare } = query;
  const [price] = priceWindows(inputs, [[basis.from, basis.to]]);
  const plans = (price?.plans ?? []).map((planPrice, index): PlanAdvice => {
    const plan = inputs.plans[index]?.plan as PricePlan;
    const upcoming = query.upcomingRates(plan.id);
    return {
      pricePlanId: planPrice.pricePlanId,
      supplier: planPrice.supplier,
      ...annualCosts(planPrice, basis, flexibleShare),
      cheapestHours: cheapestHours(
        plan,
        query.dynamicRates(plan.id),
        Math.max(basis.to - 1, basis.from),
      ),
      nextCheapestWindow:
        upcoming === null ? null : nextCheapestWindow(plan, upcoming, query.now, query.hours),
    };
  });
  const current = switchAt(inputs.history, query.now)?.pricePlanId;
  const currentAdvice = plans.find((plan) => plan.pricePlanId === current);
  return {
    basis,
    flexibleShare,
    plans: [...plans].sort(byCostThenId((plan) => plan.annualCostIfShifted)),
    recommendation:
      [...plans].sort(byCostThenId((plan) => plan.annualCost))[0]?.pricePlanId ?? null,
    recommendationIfShifted:
      [...plans].sort(byCostThenId((plan) => plan.annualCostIfShifted))[0]?.pricePlanId ?? null,
    currentPlan: currentAdvice
      ? { pricePlanId: currentAdvice.pricePlanId, annualCost: currentAdvice.annualCost }
      : null,
  };
}
