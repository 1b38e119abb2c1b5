import {
  clipSegment,
  energyBetween,
  type PowerSegment,
  powerAt,
  QUARTERS_PER_DAY,
  quarterEnergy,
  SECONDS_PER_DAY,
  SECONDS_PER_QUARTER_HOUR,
  segmentKwh,
} from './curve';
import {
  addSeries,
  type PlanDayRates,
  type PlanSeries,
  type QuarterRates,
  seriesOverQuarters,
  ZERO_SERIES,
} from './plan-series';
import type { PricePlan } from './plan-versions';
import type { DynamicRates } from './rate-pieces';
import { regularDayKey, specialDays } from './regular-days';

/**
 * A long gap in a meter's readings: whole UTC days `[firstDay, endDay)` with no data at all, over
 * which the import curve is one straight segment. Such days are not summed into rows (a reading
 * at a wrong, distant time would otherwise cost a row per day); they are priced from the segment.
 */
export interface LongGap {
  readonly firstDay: number;
  readonly endDay: number;
  readonly segment: PowerSegment;
}

/** A gap day's energy by quarter hour, as pricing reads a day. */
export function gapDayEnergy(gap: LongGap, day: number) {
  const curve = [gap.segment];
  return {
    importKwh: quarterEnergy(curve, day * SECONDS_PER_DAY),
    exportKwh: null,
    importBetween: (from: number, to: number) => energyBetween(curve, from, to),
    exportBetween: () => 0,
  };
}

/** What pricing needs of a plan over a gap: its rates per day, and which days share them. */
export interface GapPlan {
  readonly plan: PricePlan;
  readonly dynamic: DynamicRates;
  readonly dayRates: (day: number) => PlanDayRates;
}

/**
 * Σ over regular days of kWh × rate, folded: days with the same version, offset and weekday share
 * their rates, and on a straight line the energy of a quarter hour is its middle's power × ¼ h,
 * so each such set of days costs one sum per quarter hour however many days it holds.
 */
function foldedSum(
  rates: QuarterRates,
  segment: PowerSegment,
  fold: { readonly day: number; readonly count: number; readonly daySum: number },
) {
  // Power is p0 + b·(t − t0) on the line, t0 the first folded day's start: small terms, no
  // cancellation between large ones.
  const span = segment.endTime - segment.startTime;
  const b = span === 0 ? 0 : (segment.endKw - segment.startKw) / span;
  const t0 = fold.day * SECONDS_PER_DAY;
  const p0 = powerAt(segment, t0);
  const dayOffsets = fold.daySum - fold.count * fold.day;
  let total = 0;
  for (let q = 0; q < QUARTERS_PER_DAY; q++) {
    const middle = q * SECONDS_PER_QUARTER_HOUR + SECONDS_PER_QUARTER_HOUR / 2;
    const kwh = 0.25 * (fold.count * (p0 + b * middle) + b * SECONDS_PER_DAY * dayOffsets);
    total += kwh * (rates.values[q] as number);
  }
  return total;
}

/** A plan's series over the gap's days inside `[fromDay, toDay)`. */
function planGapSeries(gap: LongGap, gapPlan: GapPlan, fromDay: number, toDay: number): PlanSeries {
  let series = ZERO_SERIES;
  const special = specialDays(gapPlan.plan, gapPlan.dynamic, fromDay, toDay);
  const folded = new Map<string, { day: number; count: number; daySum: number }>();
  let day = fromDay;
  for (const [specialFrom, specialTo] of [...special, [toDay, toDay] as [number, number]]) {
    // Regular days before the next special range: each weekday an arithmetic run.
    for (let weekday = 0; weekday < 7 && day + weekday < specialFrom; weekday++) {
      const first = day + weekday;
      const count = Math.floor((specialFrom - 1 - first) / 7) + 1;
      const key = regularDayKey(gapPlan.plan, gapPlan.dynamic, first);
      const daySum = count * first + (7 * count * (count - 1)) / 2;
      if (key === null) {
        for (let d = first; d < specialFrom; d += 7)
          series = addSeries(series, daySeries(gap, gapPlan, d));
        continue;
      }
      const entry = folded.get(key);
      if (entry)
        folded.set(key, { ...entry, count: entry.count + count, daySum: entry.daySum + daySum });
      else folded.set(key, { day: first, count, daySum });
    }
    for (let d = Math.max(specialFrom, day); d < specialTo; d++) {
      series = addSeries(series, daySeries(gap, gapPlan, d));
    }
    day = Math.max(day, specialTo);
  }
  for (const fold of folded.values()) {
    const rates = gapPlan.dayRates(fold.day);
    series = addSeries(series, {
      energy: foldedSum(rates.energy, gap.segment, fold),
      vat: foldedSum(rates.vat, gap.segment, fold),
      lowest: foldedSum(rates.lowest, gap.segment, fold),
      exportCredit: 0,
    });
  }
  return series;
}

/** One gap day priced from its own rates (a special day). */
function daySeries(gap: LongGap, gapPlan: GapPlan, day: number): PlanSeries {
  return seriesOverQuarters(gapPlan.dayRates(day), gapDayEnergy(gap, day), 0, QUARTERS_PER_DAY);
}

/** The gap's kWh over its days inside `[fromDay, toDay)`, and each plan's series (`null` if skipped). */
export function gapFigures(
  gap: LongGap,
  fromDay: number,
  toDay: number,
  plans: readonly (GapPlan | null)[],
): { kwh: number; plans: (PlanSeries | null)[] } {
  const first = Math.max(fromDay, gap.firstDay);
  const end = Math.min(toDay, gap.endDay);
  if (first >= end) return { kwh: 0, plans: plans.map(() => null) };
  const kwh = segmentKwh(clipSegment(gap.segment, first * SECONDS_PER_DAY, end * SECONDS_PER_DAY));
  return {
    kwh,
    plans: plans.map((gapPlan) =>
      gapPlan === null ? null : planGapSeries(gap, gapPlan, first, end),
    ),
  };
}
