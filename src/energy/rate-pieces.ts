import { type PlanVersion, type PricePlan, versionAt, versionSpans } from './plan-versions';
import { localEpochDayAt, nextOffsetChange, startOfLocalEpochDay, utcOffsetAt } from './time-zone';
import {
  exportWeekRates,
  hasFlatExportRate,
  hasFlatImportRate,
  importWeekRates,
  quarterHourOfWeek,
} from './week-rates';

const QUARTER_HOUR = 900;

/** A published day-ahead rate `[start, end)`: per kWh, VAT not included; may be negative. */
export interface DynamicRate {
  readonly start: number;
  readonly end: number;
  readonly unitRatePerKwh: number;
}

/** A plan's published rates around the time being priced, each list ascending, none overlapping. */
export interface DynamicRates {
  readonly import: readonly DynamicRate[];
  readonly export: readonly DynamicRate[];
}

export const NO_DYNAMIC_RATES: DynamicRates = { import: [], export: [] };

/** A stretch of time `[start, end)` over which a rate holds. */
export interface RatePiece {
  readonly start: number;
  readonly end: number;
  /** Per kWh; for import, VAT not included. */
  readonly rate: number;
  /** The VAT fraction on it (0 for export and for rates that include VAT already). */
  readonly vatRate: number;
}

/** Index of the first rate ending after `time` (binary search). */
function firstRateEndingAfter(rates: readonly DynamicRate[], time: number): number {
  let low = 0;
  let high = rates.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((rates[middle] as DynamicRate).end <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The published rates overlapping `[from, to)`, in order: a binary search, then those. */
export function ratesBetween(
  rates: readonly DynamicRate[],
  from: number,
  to: number,
): DynamicRate[] {
  const found: DynamicRate[] = [];
  for (let index = firstRateEndingAfter(rates, from); index < rates.length; index++) {
    const rate = rates[index] as DynamicRate;
    if (rate.start >= to) break;
    found.push(rate);
  }
  return found;
}

/** The published rate covering `time`, if any. */
function dynamicRateAt(rates: readonly DynamicRate[], time: number): number | undefined {
  const rate = rates[firstRateEndingAfter(rates, time)];
  return rate !== undefined && rate.start <= time ? rate.unitRatePerKwh : undefined;
}

/** A version's rate at an instant from its week table, read at the local wall time. */
function tableRateAt(table: Float64Array, version: PlanVersion, time: number): number {
  const wall = time + utcOffsetAt(version.timeZone, time);
  return table[quarterHourOfWeek(Math.floor(wall))] as number;
}

type Channel = 'import' | 'export';

/** The rate of a channel at an instant: a published rate covering it, else the version's rules. */
function rateAt(plan: PricePlan, dynamic: DynamicRates, channel: Channel, time: number) {
  const version = versionAt(plan, time);
  const vatRate = channel === 'import' ? version.vatRate : 0;
  const published = dynamicRateAt(dynamic[channel], time);
  if (published !== undefined) return { rate: published, vatRate };
  if (channel === 'import') {
    const rate = hasFlatImportRate(version)
      ? version.unitRatePerKwh
      : tableRateAt(importWeekRates(version), version, time);
    return { rate, vatRate };
  }
  const rate = hasFlatExportRate(version)
    ? version.exportRatePerKwh
    : tableRateAt(exportWeekRates(version), version, time);
  return { rate, vatRate };
}

/**
 * Where a version's local-time rules can change inside `[from, to)`: at every local quarter hour
 * (a UTC quarter hour wherever the offset is a whole number of quarter hours), and where the
 * zone's offset changes, whatever minute that falls on.
 */
function localRuleCuts(timeZone: string, from: number, to: number, cuts: number[]): void {
  for (let start = from; start < to; ) {
    const end = nextOffsetChange(timeZone, start, to) ?? to;
    const offset = utcOffsetAt(timeZone, start);
    // Local quarter hours are the instants t with (t + offset) a multiple of 900.
    const first = Math.ceil((start + offset) / QUARTER_HOUR) * QUARTER_HOUR - offset;
    for (let cut = first; cut < end; cut += QUARTER_HOUR) cuts.push(cut);
    cuts.push(end);
    start = end;
  }
}

/** Cuts where published rates start or end inside `[from, to)`. */
function dynamicCuts(rates: readonly DynamicRate[], from: number, to: number, cuts: number[]) {
  for (const rate of ratesBetween(rates, from, to)) cuts.push(rate.start, rate.end);
}

/** Consecutive pieces between sorted cuts, each priced at its middle, equal neighbours merged. */
function piecesBetween(
  cuts: number[],
  from: number,
  to: number,
  priceAt: (time: number) => { rate: number; vatRate: number },
): RatePiece[] {
  const sorted = [...new Set(cuts.filter((cut) => cut > from && cut < to))].sort((a, b) => a - b);
  sorted.unshift(from);
  sorted.push(to);
  const pieces: RatePiece[] = [];
  for (let index = 0; index + 1 < sorted.length; index++) {
    const start = sorted[index] as number;
    const end = sorted[index + 1] as number;
    const { rate, vatRate } = priceAt((start + end) / 2);
    const last = pieces.at(-1);
    if (last && last.rate === rate && last.vatRate === vatRate) {
      pieces[pieces.length - 1] = { ...last, end };
    } else {
      pieces.push({ start, end, rate, vatRate });
    }
  }
  return pieces;
}

/**
 * The plan's rate for a channel over `[from, to)` (meant for spans of a day or less), as pieces
 * over which it is constant: cut at version changes, published rates, and, for versions whose
 * rate depends on local time, at local quarter hours and offset changes.
 */
export function channelPieces(
  plan: PricePlan,
  dynamic: DynamicRates,
  channel: Channel,
  from: number,
  to: number,
): RatePiece[] {
  if (from >= to) return [];
  const cuts: number[] = [];
  for (const span of versionSpans(plan, from, to)) {
    cuts.push(span.from, span.to);
    const flat =
      channel === 'import' ? hasFlatImportRate(span.version) : hasFlatExportRate(span.version);
    if (!flat) localRuleCuts(span.version.timeZone, span.from, span.to, cuts);
  }
  dynamicCuts(dynamic[channel], from, to, cuts);
  return piecesBetween(cuts, from, to, (time) => rateAt(plan, dynamic, channel, time));
}

/** The local day `[start, end)` holding `time` in a zone. */
export function localDayAround(timeZone: string, time: number): { start: number; end: number } {
  const day = localEpochDayAt(timeZone, time);
  return {
    start: startOfLocalEpochDay(timeZone, day),
    end: startOfLocalEpochDay(timeZone, day + 1),
  };
}

/** The lowest import rate, VAT included, in force at any time of `[from, to)`. */
export function lowestImportRate(
  plan: PricePlan,
  dynamic: DynamicRates,
  from: number,
  to: number,
): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const piece of channelPieces(plan, dynamic, 'import', from, to)) {
    lowest = Math.min(lowest, piece.rate * (1 + piece.vatRate));
  }
  return lowest;
}

/**
 * The advice's shifted rate over `[from, to)`: at each instant, the lowest import rate (VAT
 * included) of the local day holding it, in the zone of the version in force then. `dynamic`
 * must cover the local days the span touches.
 */
export function lowestRatePieces(
  plan: PricePlan,
  dynamic: DynamicRates,
  from: number,
  to: number,
): RatePiece[] {
  if (from >= to) return [];
  const cuts: number[] = [];
  for (const span of versionSpans(plan, from, to)) {
    cuts.push(span.from, span.to);
    for (let at = span.from; at < span.to; ) {
      const { end } = localDayAround(span.version.timeZone, at);
      cuts.push(end);
      at = end;
    }
  }
  const lowestOfDay = new Map<string, number>();
  return piecesBetween(cuts, from, to, (time) => {
    const { start, end } = localDayAround(versionAt(plan, time).timeZone, time);
    const key = `${start}|${end}`;
    let rate = lowestOfDay.get(key);
    if (rate === undefined) {
      rate = lowestImportRate(plan, dynamic, start, end);
      lowestOfDay.set(key, rate);
    }
    return { rate, vatRate: 0 };
  });
}
