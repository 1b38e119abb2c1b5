import { BUCKET_SECONDS, type BucketRun, coveringBucketRuns } from './aggregates';
import { hasFlatRate, type PricePlan } from './price-plan';
import { segmentEnergyCost } from './tariff';
import { clipSegment, type PowerSegment, totalKwh } from './usage';

/**
 * A plan to price, with the series of rate-weighted kWh the meter keeps for it: plans whose rate
 * varies in time need one (flat plans price kWh × unit rate).
 */
export interface RatedPlan {
  readonly plan: PricePlan;
  readonly series?: number | undefined;
}

/** What the bucket tree holds for some runs: kWh, and Σ kWh × rate for each series asked for. */
export interface BucketSums {
  readonly kwh: number;
  readonly weightedKwh: ReadonlyMap<number, number>;
}

/** Where a meter's energy is read from: its readings, its bucket tree and its long segments. */
export interface AggregateSource {
  /** The power curve inside `[from, to)`, from the readings (used within base buckets only). */
  curveBetween(from: number, to: number): PowerSegment[];
  /** For each list of runs, the sums of its buckets (one read for all). */
  bucketSums(
    runsPerWindow: readonly (readonly BucketRun[])[],
    series: readonly number[],
  ): BucketSums[];
  /** Long segments overlapping `[from, to)`, in time order. */
  longSegmentsOverlapping(from: number, to: number): PowerSegment[];
}

/** The energy of a window, and what it costs on each plan (in the order the plans were given). */
export interface WindowEnergy {
  readonly kwh: number;
  readonly energyCosts: readonly number[];
}

/** A window cut where its parts are read from: partial base buckets at the edges, whole ones between. */
interface WindowParts {
  readonly head: PowerSegment[];
  readonly runs: BucketRun[];
  /** The whole base buckets' span, `[wholeFrom, wholeTo)`, empty when there are none. */
  readonly wholeFrom: number;
  readonly wholeTo: number;
  readonly tail: PowerSegment[];
}

function partsOf(from: number, to: number, source: AggregateSource): WindowParts {
  const firstWhole = Math.ceil(from / BUCKET_SECONDS);
  const endWhole = Math.floor(to / BUCKET_SECONDS);
  if (from >= to || firstWhole >= endWhole) {
    const curve = from < to ? source.curveBetween(from, to) : [];
    return { head: curve, runs: [], wholeFrom: to, wholeTo: to, tail: [] };
  }
  const wholeFrom = firstWhole * BUCKET_SECONDS;
  const wholeTo = endWhole * BUCKET_SECONDS;
  return {
    head: from < wholeFrom ? source.curveBetween(from, wholeFrom) : [],
    runs: coveringBucketRuns(firstWhole, endWhole),
    wholeFrom,
    wholeTo,
    tail: wholeTo < to ? source.curveBetween(wholeTo, to) : [],
  };
}

/**
 * The energy in each window `[from, to)` and its cost on each plan, from the aggregates: partial
 * base buckets at a window's edges read from the readings, whole ones from the bucket tree (kWh
 * and, for plans whose rate varies, kWh × rate summed when stored), gaps of more than a day priced
 * from their straight line. The work depends on the windows, not on the history.
 */
export function windowsEnergy(
  windows: readonly (readonly [number, number])[],
  source: AggregateSource,
  plans: readonly RatedPlan[],
): WindowEnergy[] {
  if (windows.length === 0) return [];
  const parts = windows.map(([from, to]) => partsOf(from, to, source));
  const series = plans.flatMap((rated) => (rated.series === undefined ? [] : [rated.series]));
  const sums = source.bucketSums(
    parts.map((part) => part.runs),
    series,
  );
  const wholeParts = parts.filter((part) => part.wholeFrom < part.wholeTo);
  const longSegments =
    wholeParts.length === 0
      ? []
      : source.longSegmentsOverlapping(
          Math.min(...wholeParts.map((part) => part.wholeFrom)),
          Math.max(...wholeParts.map((part) => part.wholeTo)),
        );
  return parts.map((part, index) => {
    const long = longSegments
      .filter((segment) => segment.startTime < part.wholeTo && segment.endTime > part.wholeFrom)
      .map((segment) => clipSegment(segment, part.wholeFrom, part.wholeTo));
    const bucket = sums[index] ?? { kwh: 0, weightedKwh: new Map() };
    // Summed in this order so that the seed's figures come out to the last digit as before.
    const kwh = totalKwh(part.head) + bucket.kwh + totalKwh(long) + totalKwh(part.tail);
    const energyCosts = plans.map(({ plan, series }) => {
      if (hasFlatRate(plan)) return kwh * plan.unitRatePerKwh;
      const costOf = (segments: readonly PowerSegment[]) =>
        segments.reduce((cost, segment) => cost + segmentEnergyCost(plan, segment), 0);
      if (series === undefined && part.runs.length > 0) {
        throw new Error(`plan ${plan.id} varies in time but the meter keeps no series for it`);
      }
      const weighted = series === undefined ? 0 : (bucket.weightedKwh.get(series) ?? 0);
      return costOf(part.head) + weighted + costOf(long) + costOf(part.tail);
    });
    return { kwh, energyCosts };
  });
}
