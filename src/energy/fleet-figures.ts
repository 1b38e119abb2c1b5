import { energyBetween, type PowerSegment, SECONDS_PER_DAY } from './curve';
import type { LongGap } from './gap-series';

export const SECONDS_PER_HALF_HOUR = 1800;

/** One meter's energy in a UTC half hour, and whether any of its data lies there. */
export interface HalfHourFigure {
  readonly importKwh: number;
  readonly exportKwh: number;
  readonly covered: boolean;
}

/** One side of a change: a meter's curves and long gaps over the regions changed. */
export interface CurveSide {
  readonly importCurve: readonly PowerSegment[];
  readonly exportCurve: readonly PowerSegment[];
  readonly gaps: readonly LongGap[];
}

/** A change of the fleet's half hours, as a meter sends it: `[start, Δimport, Δexport, Δmeters]`. */
export type HalfHourDelta = readonly [
  start: number,
  importKwh: number,
  exportKwh: number,
  meters: number,
];

/**
 * A long gap entering (+1) or leaving (−1) the fleet's totals: a straight piece of import over
 * whole days, `[startTime, endTime, startKw, endKw, sign]`, integrated by whoever reads the totals.
 */
export type GapDelta = readonly [
  startTime: number,
  endTime: number,
  startKw: number,
  endKw: number,
  sign: 1 | -1,
];

/** `[from, to)` minus the gaps' days, as sorted ranges. */
function outsideGaps(from: number, to: number, gaps: readonly LongGap[]): [number, number][] {
  const ranges: [number, number][] = [];
  let at = from;
  const sorted = [...gaps].sort((a, b) => a.firstDay - b.firstDay);
  for (const gap of sorted) {
    const gapFrom = gap.firstDay * SECONDS_PER_DAY;
    const gapTo = gap.endDay * SECONDS_PER_DAY;
    if (gapTo <= at || gapFrom >= to) continue;
    if (gapFrom > at) ranges.push([at, gapFrom]);
    at = Math.max(at, gapTo);
  }
  if (at < to) ranges.push([at, to]);
  return ranges;
}

function covers(curve: readonly PowerSegment[], from: number, to: number): boolean {
  return curve.some((segment) => segment.startTime < to && segment.endTime > from);
}

/** The stretches of `[from, to)` that some segment of the curves lies over, merged, in order. */
function curveExtents(side: CurveSide, from: number, to: number): [number, number][] {
  const extents = [...side.importCurve, ...side.exportCurve]
    .filter((segment) => segment.startTime < to && segment.endTime > from)
    .map((segment): [number, number] => [
      Math.max(from, segment.startTime),
      Math.min(to, segment.endTime),
    ])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of extents) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/**
 * A side's figures in each half hour of the regions that holds some of its curve, the long gaps'
 * days left out (they go to the fleet as whole pieces, however long they are). Half hours without
 * data are not visited: a change spanning years costs what its data holds.
 */
export function halfHourFigures(
  side: CurveSide,
  regions: readonly (readonly [number, number])[],
): Map<number, HalfHourFigure> {
  const figures = new Map<number, HalfHourFigure>();
  for (const [from, to] of regions) {
    const first = Math.floor(from / SECONDS_PER_HALF_HOUR) * SECONDS_PER_HALF_HOUR;
    const end = Math.ceil(to / SECONDS_PER_HALF_HOUR) * SECONDS_PER_HALF_HOUR;
    for (const [extentFrom, extentTo] of curveExtents(side, first, end)) {
      for (const [rangeFrom, rangeTo] of outsideGaps(extentFrom, extentTo, side.gaps)) {
        const firstHalfHour = Math.floor(rangeFrom / SECONDS_PER_HALF_HOUR) * SECONDS_PER_HALF_HOUR;
        for (let start = firstHalfHour; start < rangeTo; start += SECONDS_PER_HALF_HOUR) {
          if (figures.has(start)) continue;
          const stop = start + SECONDS_PER_HALF_HOUR;
          figures.set(start, {
            importKwh: energyBetween(side.importCurve, start, stop),
            exportKwh: energyBetween(side.exportCurve, start, stop),
            covered: covers(side.importCurve, start, stop) || covers(side.exportCurve, start, stop),
          });
        }
      }
    }
  }
  return figures;
}

const NOTHING: HalfHourFigure = { importKwh: 0, exportKwh: 0, covered: false };

/** What a change did to the fleet's totals: each half hour's difference, and gaps swapped. */
export function fleetDeltas(
  before: { figures: Map<number, HalfHourFigure>; gaps: readonly LongGap[] },
  after: { figures: Map<number, HalfHourFigure>; gaps: readonly LongGap[] },
): { usage: HalfHourDelta[]; gaps: GapDelta[] } {
  const starts = [...new Set([...before.figures.keys(), ...after.figures.keys()])].sort(
    (a, b) => a - b,
  );
  const usage: HalfHourDelta[] = [];
  for (const start of starts) {
    const old = before.figures.get(start) ?? NOTHING;
    const now = after.figures.get(start) ?? NOTHING;
    const delta: HalfHourDelta = [
      start,
      now.importKwh - old.importKwh,
      now.exportKwh - old.exportKwh,
      Number(now.covered) - Number(old.covered),
    ];
    if (delta[1] !== 0 || delta[2] !== 0 || delta[3] !== 0) usage.push(delta);
  }
  const key = (gap: LongGap) =>
    `${gap.firstDay}|${gap.endDay}|${gap.segment.startTime}|${gap.segment.startKw}|${gap.segment.endTime}|${gap.segment.endKw}`;
  const oldKeys = new Set(before.gaps.map(key));
  const newKeys = new Set(after.gaps.map(key));
  const piece = (gap: LongGap, sign: 1 | -1): GapDelta => {
    const from = gap.firstDay * SECONDS_PER_DAY;
    const to = gap.endDay * SECONDS_PER_DAY;
    const { segment } = gap;
    const at = (time: number) =>
      segment.startKw +
      ((segment.endKw - segment.startKw) * (time - segment.startTime)) /
        (segment.endTime - segment.startTime);
    return [from, to, at(from), at(to), sign];
  };
  return {
    usage,
    gaps: [
      ...before.gaps.filter((gap) => !newKeys.has(key(gap))).map((gap) => piece(gap, -1)),
      ...after.gaps.filter((gap) => !oldKeys.has(key(gap))).map((gap) => piece(gap, 1)),
    ],
  };
}
