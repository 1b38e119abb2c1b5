/** One smart-meter sample: instantaneous power `reading` in kW at `time`, in whole seconds since the Unix epoch. */
export interface Reading {
  readonly time: number;
  readonly reading: number;
}

/** A half-open interval of epoch seconds, `[from, to)`; a missing bound is unbounded. */
export interface TimeWindow {
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

export type DayOfWeek =
  | 'monday'
  | 'tuesday'
  | 'wednesday'
  | 'thursday'
  | 'friday'
  | 'saturday'
  | 'sunday';

/** Multiplies a plan's unit rate for the whole of one local day of the week. */
export interface PeakTimeMultiplier {
  readonly dayOfWeek: DayOfWeek;
  readonly multiplier: number;
}

/** A supplier's tariff. `timeZone` (IANA, default UTC) decides which local day a multiplier covers. */
export interface PricePlan {
  readonly id: string;
  readonly supplier: string;
  readonly unitRatePerKwh: number;
  readonly timeZone?: string;
  readonly peakTimeMultipliers?: readonly PeakTimeMultiplier[];
}

/** The cost of a meter's usage on one price plan, in the plan's currency units. */
export interface PlanCost {
  readonly pricePlanId: string;
  readonly cost: number;
}
