import { SECONDS_PER_DAY } from './curve';
import { SECONDS_PER_HALF_HOUR } from './fleet-figures';

/** How the fleet's usage may be grouped: UTC half hours, hours or days. */
export const FLEET_GROUP_BY = ['half_hour', 'hour', 'day'] as const;
export type FleetGroupBy = (typeof FLEET_GROUP_BY)[number];

/** Length of each grouping, in seconds (UTC: every day has 48 half hours). */
export const FLEET_GROUP_SECONDS: Readonly<Record<FleetGroupBy, number>> = {
  half_hour: SECONDS_PER_HALF_HOUR,
  hour: 3600,
  day: SECONDS_PER_DAY,
};

/** The fleet's sums in one UTC half hour, as the consumer keeps them. */
export interface FleetHalfHourRow {
  readonly start: number;
  readonly importKwh: number;
  readonly exportKwh: number;
  /** How many meters have data in the half hour. */
  readonly meters: number;
}

/**
 * A straight piece of import over whole UTC days (a meter's long gap), `count` times over: the
 * pieces that entered the totals minus those that left, identical pieces netted.
 */
export interface FleetGapPiece {
  readonly startTime: number;
  readonly endTime: number;
  readonly startKw: number;
  readonly endKw: number;
  readonly count: number;
}

/** The fleet's energy in one interval, and the most meters with data in any of its half hours. */
export interface FleetInterval {
  readonly start: number;
  readonly end: number;
  readonly importKwh: number;
  readonly exportKwh: number;
  readonly meters: number;
}

/** Per half hour of a window: import, export and meters, index 0 the window's first. */
interface HalfHourTotals {
  readonly importKwh: Float64Array;
  readonly exportKwh: Float64Array;
  readonly meters: Float64Array;
}

function addAt(values: Float64Array, index: number, amount: number): void {
  values[index] = (values[index] ?? 0) + amount;
}

/**
 * Adds the gap pieces to each half hour they cover. A piece spans whole days, so on each day the
 * pieces over it add up to one straight line, anchored at the day's start: the work is days ×
 * pieces plus half hours, and no sum carries over from one day to the next (no drift).
 */
function addGapPieces(
  totals: HalfHourTotals,
  pieces: readonly FleetGapPiece[],
  from: number,
  to: number,
) {
  const lastDay = Math.ceil(to / SECONDS_PER_DAY);
  for (let day = Math.floor(from / SECONDS_PER_DAY); day < lastDay; day++) {
    const dayStart = day * SECONDS_PER_DAY;
    let middleKw = 0;
    let kwPerSecond = 0;
    let meters = 0;
    for (const piece of pieces) {
      if (piece.startTime > dayStart || piece.endTime <= dayStart) continue;
      const slope = (piece.endKw - piece.startKw) / (piece.endTime - piece.startTime);
      // Power at the middle of the day's first half hour: a half hour's energy is that × ½ h.
      const halfHourMiddle = dayStart + SECONDS_PER_HALF_HOUR / 2;
      middleKw += piece.count * (piece.startKw + slope * (halfHourMiddle - piece.startTime));
      kwPerSecond += piece.count * slope;
      meters += piece.count;
    }
    if (meters === 0) continue;
    const end = Math.min(dayStart + SECONDS_PER_DAY, to);
    for (let start = Math.max(dayStart, from); start < end; start += SECONDS_PER_HALF_HOUR) {
      const index = (start - from) / SECONDS_PER_HALF_HOUR;
      addAt(totals.importKwh, index, 0.5 * (middleKw + kwPerSecond * (start - dayStart)));
      addAt(totals.meters, index, meters);
    }
  }
}

/** The window's half hours: the consumer's sums, plus the gap pieces integrated. */
function halfHourTotals(
  rows: readonly FleetHalfHourRow[],
  pieces: readonly FleetGapPiece[],
  from: number,
  to: number,
): HalfHourTotals {
  const count = (to - from) / SECONDS_PER_HALF_HOUR;
  const totals = {
    importKwh: new Float64Array(count),
    exportKwh: new Float64Array(count),
    meters: new Float64Array(count),
  };
  for (const row of rows) {
    const index = (row.start - from) / SECONDS_PER_HALF_HOUR;
    if (!(index >= 0 && index < count)) continue;
    addAt(totals.importKwh, index, row.importKwh);
    addAt(totals.exportKwh, index, row.exportKwh);
    addAt(totals.meters, index, row.meters);
  }
  addGapPieces(totals, pieces, from, to);
  return totals;
}

/**
 * The fleet's usage per UTC interval of `[from, to)` (both on half-hour boundaries): import and
 * export summed, `meters` the most meters with data in any half hour of the interval. The
 * window's edges cut the first and last interval. Intervals where no meter has data are left out
 * (their energy is then only rounding left over from changes that cancelled).
 */
export function fleetIntervals(
  rows: readonly FleetHalfHourRow[],
  pieces: readonly FleetGapPiece[],
  window: { readonly from: number; readonly to: number },
  groupBy: FleetGroupBy,
): FleetInterval[] {
  const { from, to } = window;
  const totals = halfHourTotals(rows, pieces, from, to);
  const length = FLEET_GROUP_SECONDS[groupBy];
  const intervals: FleetInterval[] = [];
  let current: { start: number; importKwh: number; exportKwh: number; meters: number } | null =
    null;
  const close = () => {
    if (current === null || current.meters <= 0) return;
    const { start, importKwh, exportKwh, meters } = current;
    const end = Math.min(Math.floor(start / length) * length + length, to);
    intervals.push({ start, end, importKwh, exportKwh, meters });
  };
  for (let index = 0; index < totals.meters.length; index++) {
    const start = from + index * SECONDS_PER_HALF_HOUR;
    if (current === null || Math.floor(start / length) !== Math.floor(current.start / length)) {
      close();
      current = { start, importKwh: 0, exportKwh: 0, meters: 0 };
    }
    const meters = totals.meters[index] ?? 0;
    if (meters <= 0) continue;
    current.importKwh += totals.importKwh[index] ?? 0;
    current.exportKwh += totals.exportKwh[index] ?? 0;
    current.meters = Math.max(current.meters, meters);
  }
  close();
  return intervals;
}
