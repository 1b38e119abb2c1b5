import { QUARTERS_PER_DAY, SECONDS_PER_QUARTER_HOUR } from './curve';
import type { PricePlan } from './plan-versions';
import { channelPieces, type DynamicRates, lowestRatePieces, type RatePiece } from './rate-pieces';
import { hasFlatExportRate, hasFlatImportRate } from './week-rates';

/**
 * What a plan's prices come to over some energy, each a Σ energy × rate over time:
 * `energy` the import cost before VAT, `vat` the VAT on it, `lowest` the import priced at each
 * local day's lowest rate (VAT included; what the advice's shifted share costs), `exportCredit`
 * what the export earns.
 */
export interface PlanSeries {
  readonly energy: number;
  readonly vat: number;
  readonly lowest: number;
  readonly exportCredit: number;
}

export const ZERO_SERIES: PlanSeries = { energy: 0, vat: 0, lowest: 0, exportCredit: 0 };

export function addSeries(a: PlanSeries, b: PlanSeries): PlanSeries {
  return {
    energy: a.energy + b.energy,
    vat: a.vat + b.vat,
    lowest: a.lowest + b.lowest,
    exportCredit: a.exportCredit + b.exportCredit,
  };
}

/** The rates of a plan that never changes: one version, no bands or multipliers, nothing published. */
export interface ConstantRates {
  readonly rate: number;
  readonly vatRate: number;
  readonly exportRate: number;
}

/**
 * A plan's rates when they are the same at every instant, else `null`. Such a plan's prices are
 * its rate times the energy, so meters keep no series for it.
 */
export function constantRatesOf(plan: PricePlan, hasDynamicRates: boolean): ConstantRates | null {
  const [version, ...later] = plan.versions;
  if (version === undefined || later.length > 0 || hasDynamicRates) return null;
  if (!hasFlatImportRate(version) || !hasFlatExportRate(version)) return null;
  return {
    rate: version.unitRatePerKwh,
    vatRate: version.vatRate,
    exportRate: version.exportRatePerKwh,
  };
}

/** A constant plan's series over energy: each its rate times the kWh. */
export function constantSeries(
  rates: ConstantRates,
  importKwh: number,
  exportKwh: number,
): PlanSeries {
  const energy = importKwh * rates.rate;
  return {
    energy,
    vat: energy * rates.vatRate,
    lowest: importKwh * rates.rate * (1 + rates.vatRate),
    exportCredit: exportKwh * rates.exportRate,
  };
}

/** A rate's value over a stretch of time inside one quarter hour. */
export interface ValuedPiece {
  readonly start: number;
  readonly end: number;
  readonly value: number;
}

/**
 * One of a plan's rates over a UTC day, quarter hour by quarter hour: the value where it holds
 * over the whole quarter hour; where it changes inside one (a version starting off the quarter
 * hour, a clock change at an odd minute), the quarter hour's pieces instead.
 */
export interface QuarterRates {
  /** Per quarter hour of the day; NaN where the quarter hour is irregular. */
  readonly values: Float64Array;
  readonly irregular: ReadonlyMap<number, readonly ValuedPiece[]>;
}

function quarterRates(
  pieces: readonly RatePiece[],
  dayStart: number,
  valueOfPiece: (piece: RatePiece) => number,
): QuarterRates {
  const values = new Float64Array(QUARTERS_PER_DAY).fill(Number.NaN);
  const irregular = new Map<number, ValuedPiece[]>();
  let first = 0;
  for (let q = 0; q < QUARTERS_PER_DAY; q++) {
    const start = dayStart + q * SECONDS_PER_QUARTER_HOUR;
    const end = start + SECONDS_PER_QUARTER_HOUR;
    while (first < pieces.length && (pieces[first] as RatePiece).end <= start) first++;
    const inside: ValuedPiece[] = [];
    for (let i = first; i < pieces.length && (pieces[i] as RatePiece).start < end; i++) {
      const piece = pieces[i] as RatePiece;
      const value = valueOfPiece(piece);
      const last = inside.at(-1);
      const clipped = { start: Math.max(start, piece.start), end: Math.min(end, piece.end), value };
      if (last && last.value === value) inside[inside.length - 1] = { ...last, end: clipped.end };
      else inside.push(clipped);
    }
    if (inside.length === 1) values[q] = (inside[0] as ValuedPiece).value;
    else if (inside.length > 1) irregular.set(q, inside);
  }
  return { values, irregular };
}

/** A plan's four rates over one UTC day, quarter hour by quarter hour. */
export interface PlanDayRates {
  readonly energy: QuarterRates;
  readonly vat: QuarterRates;
  readonly lowest: QuarterRates;
  readonly exportRate: QuarterRates;
}

/**
 * A plan's rates over the UTC day starting at `dayStart`. `dynamic` must hold the plan's
 * published rates over the local days that touch it (the lowest rate is a local day's).
 */
export function planDayRates(
  plan: PricePlan,
  dynamic: DynamicRates,
  dayStart: number,
): PlanDayRates {
  const dayEnd = dayStart + QUARTERS_PER_DAY * SECONDS_PER_QUARTER_HOUR;
  const importPieces = channelPieces(plan, dynamic, 'import', dayStart, dayEnd);
  return {
    energy: quarterRates(importPieces, dayStart, (piece) => piece.rate),
    vat: quarterRates(importPieces, dayStart, (piece) => piece.rate * piece.vatRate),
    lowest: quarterRates(
      lowestRatePieces(plan, dynamic, dayStart, dayEnd),
      dayStart,
      (piece) => piece.rate,
    ),
    exportRate: quarterRates(
      channelPieces(plan, dynamic, 'export', dayStart, dayEnd),
      dayStart,
      (piece) => piece.rate,
    ),
  };
}

/** Energy of the import or export curve between two instants (from the raw curve). */
export type EnergyBetween = (from: number, to: number) => number;

/** A day's energy quarter hour by quarter hour, and its raw curves for irregular quarter hours. */
export interface DayEnergy {
  readonly importKwh: Float64Array;
  readonly exportKwh: Float64Array | null;
  readonly importBetween: EnergyBetween;
  readonly exportBetween: EnergyBetween;
}

/** Σ kWh × rate over quarter hours `[first, end)` of a day, irregular ones from the raw curve. */
function weightedSum(
  kwh: Float64Array | null,
  rates: QuarterRates,
  energyBetween: EnergyBetween,
  first: number,
  end: number,
): number {
  if (kwh === null) return 0;
  let total = 0;
  for (let q = first; q < end; q++) {
    const quarterKwh = kwh[q] as number;
    if (quarterKwh === 0) continue;
    const value = rates.values[q] as number;
    if (!Number.isNaN(value)) {
      total += quarterKwh * value;
      continue;
    }
    for (const piece of rates.irregular.get(q) ?? []) {
      total += energyBetween(piece.start, piece.end) * piece.value;
    }
  }
  return total;
}

/** A plan's series over quarter hours `[first, end)` of a day. */
export function seriesOverQuarters(
  rates: PlanDayRates,
  day: DayEnergy,
  first: number,
  end: number,
): PlanSeries {
  return {
    energy: weightedSum(day.importKwh, rates.energy, day.importBetween, first, end),
    vat: weightedSum(day.importKwh, rates.vat, day.importBetween, first, end),
    lowest: weightedSum(day.importKwh, rates.lowest, day.importBetween, first, end),
    exportCredit: weightedSum(day.exportKwh, rates.exportRate, day.exportBetween, first, end),
  };
}

/**
 * A plan's series over `[from, to)` straight from the raw curves (a window's edges inside a
 * quarter hour). `dynamic` must hold the plan's published rates over the local days touched.
 */
export function seriesOverSpan(
  plan: PricePlan,
  dynamic: DynamicRates,
  from: number,
  to: number,
  importBetween: EnergyBetween,
  exportBetween: EnergyBetween,
): PlanSeries {
  let energy = 0;
  let vat = 0;
  for (const piece of channelPieces(plan, dynamic, 'import', from, to)) {
    const kwh = importBetween(piece.start, piece.end);
    energy += kwh * piece.rate;
    vat += kwh * piece.rate * piece.vatRate;
  }
  let lowest = 0;
  for (const piece of lowestRatePieces(plan, dynamic, from, to)) {
    lowest += importBetween(piece.start, piece.end) * piece.rate;
  }
  let exportCredit = 0;
  for (const piece of channelPieces(plan, dynamic, 'export', from, to)) {
    exportCredit += exportBetween(piece.start, piece.end) * piece.rate;
  }
  return { energy, vat, lowest, exportCredit };
}
