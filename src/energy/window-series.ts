import {
  energyBetween,
  type PowerSegment,
  QUARTERS_PER_DAY,
  SECONDS_PER_DAY,
  SECONDS_PER_QUARTER_HOUR,
} from './curve';
import {
  addSeries,
  type ConstantRates,
  constantSeries,
  type DayEnergy,
  type PlanDayRates,
  type PlanSeries,
  seriesOverQuarters,
  seriesOverSpan,
  ZERO_SERIES,
} from './plan-series';
import type { PricePlan } from './plan-versions';
import type { DynamicRates } from './rate-pieces';

/**
 * A part of a window `[from, to)`, by where its figures are read from: a stretch inside a quarter
 * hour at the window's edges from the raw curve (`raw`), whole quarter hours of a UTC day the
 * window covers in part from that day's quarter-hour energy (`quarters`), and whole UTC days from
 * the sums kept per day (`days`).
 */
export type WindowPart =
  | { readonly kind: 'raw'; readonly from: number; readonly to: number }
  | {
      readonly kind: 'quarters';
      readonly day: number;
      readonly first: number;
      readonly end: number;
    }
  | { readonly kind: 'days'; readonly first: number; readonly end: number };

/** Quarter hours `[first, end)` (absolute indexes) as parts of UTC days, cut at midnights. */
function quarterParts(first: number, end: number): WindowPart[] {
  const parts: WindowPart[] = [];
  for (let quarter = first; quarter < end; ) {
    const day = Math.floor(quarter / QUARTERS_PER_DAY);
    const dayEnd = Math.min(end, (day + 1) * QUARTERS_PER_DAY);
    const offset = day * QUARTERS_PER_DAY;
    parts.push({ kind: 'quarters', day, first: quarter - offset, end: dayEnd - offset });
    quarter = dayEnd;
  }
  return parts;
}

/** The parts of the window `[from, to)`, in time order. */
export function windowParts(from: number, to: number): WindowPart[] {
  if (from >= to) return [];
  const firstQuarter = Math.ceil(from / SECONDS_PER_QUARTER_HOUR);
  const endQuarter = Math.floor(to / SECONDS_PER_QUARTER_HOUR);
  if (firstQuarter >= endQuarter) return [{ kind: 'raw', from, to }];
  const head: WindowPart[] =
    from < firstQuarter * SECONDS_PER_QUARTER_HOUR
      ? [{ kind: 'raw', from, to: firstQuarter * SECONDS_PER_QUARTER_HOUR }]
      : [];
  const tail: WindowPart[] =
    endQuarter * SECONDS_PER_QUARTER_HOUR < to
      ? [{ kind: 'raw', from: endQuarter * SECONDS_PER_QUARTER_HOUR, to }]
      : [];
  const firstDay = Math.ceil(firstQuarter / QUARTERS_PER_DAY);
  const endDay = Math.floor(endQuarter / QUARTERS_PER_DAY);
  if (firstDay >= endDay) return [...head, ...quarterParts(firstQuarter, endQuarter), ...tail];
  return [
    ...head,
    ...quarterParts(firstQuarter, firstDay * QUARTERS_PER_DAY),
    { kind: 'days', first: firstDay, end: endDay },
    ...quarterParts(endDay * QUARTERS_PER_DAY, endQuarter),
    ...tail,
  ];
}

/** A plan to price, with its rates when they never change. */
export interface PricedPlan {
  readonly plan: PricePlan;
  readonly constant: ConstantRates | null;
}

/** The keys of a day's sums: kWh, and each series of each plan whose rates change. */
export const SUM_KEYS = {
  importKwh: 'k',
  exportKwh: 'xk',
  energy: (planId: string) => `e:${planId}`,
  vat: (planId: string) => `v:${planId}`,
  lowest: (planId: string) => `l:${planId}`,
  exportCredit: (planId: string) => `x:${planId}`,
} as const;

/** What a window's figures are read from (a meter's storage, through synchronous reads). */
export interface WindowSource {
  /** The first and last instant of any data, or `null` for none: there is no energy outside. */
  span(): { readonly first: number; readonly last: number } | null;
  /** A UTC day's energy by quarter hour, or `null` when it has none. */
  dayEnergy(day: number): DayEnergy | null;
  /** For each range of whole UTC days, the totals of its days' sums (one read for all). */
  wholeDaySums(ranges: readonly (readonly [number, number])[]): ReadonlyMap<string, number>[];
  /** The import and export power curves over `[from, to)` (a part of a quarter hour or so). */
  curvesBetween(
    from: number,
    to: number,
  ): { importCurve: PowerSegment[]; exportCurve: PowerSegment[] };
  /** A plan's rates over a UTC day (kept once computed). */
  planDayRates(plan: PricePlan, day: number): PlanDayRates;
  /** A plan's published rates around the time priced. */
  dynamicRates(planId: string): DynamicRates;
  /**
   * The figures of a part of a window inside UTC day `day` (`key` names the part and the plans),
   * as `compute` gives them: a source may keep them until its data or its prices change.
   */
  edgeFigures(key: string, day: number, compute: () => PartFigures | null): PartFigures | null;
}

/** A window's energy, and each plan's series over it (in the order the plans were given). */
export interface WindowSeries {
  readonly kwh: number;
  readonly exportKwh: number;
  readonly plans: readonly PlanSeries[];
}

function sumsOf(sums: ReadonlyMap<string, number>, planId: string): PlanSeries {
  return {
    energy: sums.get(SUM_KEYS.energy(planId)) ?? 0,
    vat: sums.get(SUM_KEYS.vat(planId)) ?? 0,
    lowest: sums.get(SUM_KEYS.lowest(planId)) ?? 0,
    exportCredit: sums.get(SUM_KEYS.exportCredit(planId)) ?? 0,
  };
}

function sumOf(values: Float64Array | null, first: number, end: number): number {
  if (values === null) return 0;
  let total = 0;
  for (let q = first; q < end; q++) total += values[q] as number;
  return total;
}

/** A part's kWh and export kWh, and each plan's series (`null` for constant plans). */
export interface PartFigures {
  readonly kwh: number;
  readonly exportKwh: number;
  readonly series: readonly (PlanSeries | null)[];
}

function rawFigures(source: WindowSource, plans: readonly PricedPlan[], from: number, to: number) {
  // Read once: every plan's rate pieces integrate the same curves over their own spans.
  const { importCurve, exportCurve } = source.curvesBetween(from, to);
  const importBetween = (a: number, b: number) => energyBetween(importCurve, a, b);
  const exportBetween = (a: number, b: number) => energyBetween(exportCurve, a, b);
  return {
    kwh: importBetween(from, to),
    exportKwh: exportBetween(from, to),
    series: plans.map(({ plan, constant }) =>
      constant !== null
        ? null
        : seriesOverSpan(
            plan,
            source.dynamicRates(plan.id),
            from,
            to,
            importBetween,
            exportBetween,
          ),
    ),
  };
}

function quarterFigures(
  source: WindowSource,
  plans: readonly PricedPlan[],
  day: number,
  first: number,
  end: number,
): PartFigures | null {
  const energy = source.dayEnergy(day);
  if (energy === null) return null;
  return {
    kwh: sumOf(energy.importKwh, first, end),
    exportKwh: sumOf(energy.exportKwh, first, end),
    series: plans.map(({ plan, constant }) =>
      constant !== null
        ? null
        : seriesOverQuarters(source.planDayRates(plan, day), energy, first, end),
    ),
  };
}

function dayFigures(sums: ReadonlyMap<string, number>, plans: readonly PricedPlan[]): PartFigures {
  return {
    kwh: sums.get(SUM_KEYS.importKwh) ?? 0,
    exportKwh: sums.get(SUM_KEYS.exportKwh) ?? 0,
    series: plans.map(({ plan, constant }) => (constant !== null ? null : sumsOf(sums, plan.id))),
  };
}

/**
 * A window whose edge lies at or beyond the data's, moved out to the UTC day's edge: nothing lies
 * between, so the figures are the same, and a window over all the data (a comparison, a year of
 * advice) is read as whole days of stored sums rather than its edge days' curves.
 */
function widenedPastData(
  from: number,
  to: number,
  span: { readonly first: number; readonly last: number } | null,
): [number, number] {
  if (span === null || from >= to) return [from, to];
  const widenedFrom =
    from <= span.first ? Math.floor(from / SECONDS_PER_DAY) * SECONDS_PER_DAY : from;
  const widenedTo = to >= span.last ? Math.ceil(to / SECONDS_PER_DAY) * SECONDS_PER_DAY : to;
  return [widenedFrom, widenedTo];
}

/**
 * Each window's kWh and each plan's series, from the parts of the window: the work depends on
 * the windows, not on the history. Every window is summed alone, part after part in time order,
 * so its figures are the same to the last digit whichever request or page asks for it.
 */
export function windowsSeries(
  windows: readonly (readonly [number, number])[],
  source: WindowSource,
  plans: readonly PricedPlan[],
): WindowSeries[] {
  const span = source.span();
  const partsPerWindow = windows.map(([from, to]) =>
    windowParts(...widenedPastData(from, to, span)),
  );
  const dayRanges = partsPerWindow.flatMap((parts) =>
    parts.flatMap((part) => (part.kind === 'days' ? [[part.first, part.end] as const] : [])),
  );
  const daySums = source.wholeDaySums(dayRanges);
  const planIds = plans.map(({ plan }) => plan.id).join(',');
  let nextDayRange = 0;
  return partsPerWindow.map((parts) => {
    let kwh = 0;
    let exportKwh = 0;
    const series: PlanSeries[] = plans.map(() => ZERO_SERIES);
    for (const part of parts) {
      const figures =
        part.kind === 'raw'
          ? source.edgeFigures(
              `raw ${part.from} ${part.to} ${planIds}`,
              Math.floor(part.from / SECONDS_PER_DAY),
              () => rawFigures(source, plans, part.from, part.to),
            )
          : part.kind === 'quarters'
            ? source.edgeFigures(
                `quarters ${part.day} ${part.first} ${part.end} ${planIds}`,
                part.day,
                () => quarterFigures(source, plans, part.day, part.first, part.end),
              )
            : dayFigures(daySums[nextDayRange++] ?? new Map(), plans);
      if (figures === null) continue;
      kwh += figures.kwh;
      exportKwh += figures.exportKwh;
      figures.series.forEach((partSeries, p) => {
        if (partSeries !== null) series[p] = addSeries(series[p] as PlanSeries, partSeries);
      });
    }
    return {
      kwh,
      exportKwh,
      plans: plans.map(({ constant }, p) =>
        constant === null ? (series[p] as PlanSeries) : constantSeries(constant, kwh, exportKwh),
      ),
    };
  });
}
