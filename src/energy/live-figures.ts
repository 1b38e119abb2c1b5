import { SECONDS_PER_DAY } from './curve';
import { accountCosts, type PricingInputs, type Window } from './prices';
import { localDayAround } from './rate-pieces';
import { accountTimeZone, type UsageInputs } from './usage-pages';

/** The latest point of a meter's import curve: when, and the power in kW then. */
export interface LatestImport {
  readonly time: number;
  readonly powerKw: number;
}

/** What a live socket is told: the meter's latest data, and today's energy and cost so far. */
export interface LiveFigures {
  /** The latest instant of the meter's data (a reading, an interval's end); `null` without data. */
  readonly time: number | null;
  /** The latest reading's kW, or the latest import interval's mean power; `null` without import. */
  readonly powerKw: number | null;
  /** Import energy from the start of today to now. */
  readonly todayKwh: number;
  /** The account's net cost from the start of today to now; `null` without an account. */
  readonly todayCost: number | null;
}

/**
 * How far before now today can start, in any zone: a local day lasts at most 25 hours. Prices are
 * read over this much, before the zone (and so today's start) is known.
 */
export const TODAY_REACH_SECONDS = 2 * SECONDS_PER_DAY;

/** Today so far: from the start of the local day holding `now` (the account plan's zone, else UTC). */
export function todaySoFar(inputs: PricingInputs, now: number): Window {
  const { start } = localDayAround(accountTimeZone(inputs, now), now);
  return [start, now];
}

/**
 * The figures of a live message: the latest data time, the latest import power, and today's
 * import kWh and net cost to the account (standing charge accrued so far included).
 */
export function liveFigures(
  inputs: PricingInputs & Pick<UsageInputs, 'span' | 'now'>,
  latest: LatestImport | null,
): LiveFigures {
  const today = todaySoFar(inputs, inputs.now);
  const [energy] = inputs.series([today], []);
  const [account] = accountCosts(inputs, [today]);
  return {
    time: inputs.span?.last ?? null,
    powerKw: latest?.powerKw ?? null,
    todayKwh: energy?.kwh ?? 0,
    todayCost: account?.cost ?? null,
  };
}
