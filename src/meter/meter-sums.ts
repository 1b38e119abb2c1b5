import type { Catalogue, CataloguePlan } from '../catalogue/catalogue';
import { energyBetween, SECONDS_PER_DAY } from '../energy/curve';
import {
  aggregateDay,
  type DayAggregate,
  dayEnergyOf,
  planDaySums,
  planSumKeys,
} from '../energy/day-aggregate';
import { type GapPlan, gapDayEnergy, gapFigures, type LongGap } from '../energy/gap-series';
import {
  constantRatesOf,
  type DayEnergy,
  type PlanDayRates,
  planDayRates,
} from '../energy/plan-series';
import type { PricePlan } from '../energy/plan-versions';
import { regularDayKey } from '../energy/regular-days';
import {
  type PartFigures,
  type PricedPlan,
  SUM_KEYS,
  type WindowSource,
  windowParts,
} from '../energy/window-series';
import { LruMap } from '../lru-map';
import type { DaySumsTable } from './day-sums-table';
import type { GapKeeper } from './gap-keeper';
import { dayOf } from './interval-days-table';
import { type DataSpan, type ImportSource, lastDataDay, type MeterData } from './meter-data';
import type { RateCache } from './rate-cache';

// Plan-day rates kept per meter: a few years of days for a few plans.
const PLAN_DAY_RATES_KEPT = 4000;
// Figures of windows' parts inside a day kept per meter: a customer's pages ask for the same
// few windows again and again (a year of advice, a month by local day) while the data stands.
const EDGE_FIGURES_KEPT = 256;

/** A day's figures computed rather than stored: the last day of data, which every store changes. */
interface LastDay {
  readonly day: number;
  readonly energy: DayEnergy | null;
  readonly aggregate: DayAggregate | null;
}

/**
 * A meter's sums over its data: keeps a row of sums per UTC day before the last day of data,
 * computes that last day when asked, and answers pricing's reads of them (a `WindowSource`).
 * Holds in memory only what it can read again: the catalogue's plans, rates per plan and day, the
 * data's span, and the last day's figures.
 */
export class MeterSums implements WindowSource {
  readonly #data: MeterData;
  readonly #daySums: DaySumsTable;
  readonly #rates: RateCache;
  readonly #gaps: GapKeeper;
  #catalogue: Catalogue = { seq: 0, plans: [] };
  #pricedPlans: PricedPlan[] = [];
  readonly #planDayRates = new Map<string, PlanDayRates>();
  /** Edge parts' figures computed since the data or the catalogue last changed. */
  readonly #edgeFigures = new LruMap<string, PartFigures | null>(EDGE_FIGURES_KEPT);
  #span: DataSpan | null | undefined;
  #importSource: ImportSource | null | undefined;
  #lastDay: LastDay | null | undefined;

  constructor(data: MeterData, daySums: DaySumsTable, rates: RateCache, gaps: GapKeeper) {
    this.#data = data;
    this.#daySums = daySums;
    this.#rates = rates;
    this.#gaps = gaps;
  }

  get gaps(): GapKeeper {
    return this.#gaps;
  }

  get catalogue(): Catalogue {
    return this.#catalogue;
  }

  /** Prices from now on with this catalogue (its plans, rates and constant plans). */
  setCatalogue(catalogue: Catalogue): void {
    this.#catalogue = catalogue;
    this.#pricedPlans = catalogue.plans.map((plan) => ({
      plan,
      constant: constantRatesOf(plan, plan.hasDynamicRates),
    }));
    this.#planDayRates.clear();
    this.#edgeFigures.clear();
    this.#lastDay = undefined;
  }

  /** Every plan of the catalogue, with its rates when they never change. */
  get pricedPlans(): readonly PricedPlan[] {
    return this.#pricedPlans;
  }

  /** Forgets what was read of the data, after a write. */
  dataChanged(): void {
    this.#edgeFigures.clear();
    this.#span = undefined;
    this.#importSource = undefined;
    this.#lastDay = undefined;
  }

  span(): DataSpan | null {
    if (this.#span === undefined) this.#span = this.#data.span();
    return this.#span;
  }

  importSource(): ImportSource | null {
    if (this.#importSource === undefined) this.#importSource = this.#data.importSource();
    return this.#importSource;
  }

  /** The last day of data (summed when asked), or `null` for a meter without data. */
  lastDay(): number | null {
    const span = this.span();
    return span === null ? null : lastDataDay(span);
  }

  /** Reads the published rates the days `[firstDay, endDay)` are priced with (and their local days). */
  async loadRates(firstDay: number, endDay: number): Promise<void> {
    await this.#rates.ensure(
      this.#catalogue.plans,
      (firstDay - 1) * SECONDS_PER_DAY,
      (endDay + 1) * SECONDS_PER_DAY,
    );
  }

  /** Reads the published rates of `[from, to)` (seconds), e.g. the day ahead for advice. */
  async loadRatesBetween(from: number, to: number): Promise<void> {
    await this.#rates.ensure(this.#catalogue.plans, from, to);
  }

  /** Whether the published rates of days are loaded (always, for a catalogue without any). */
  ratesLoadedFor(days: readonly number[]): boolean {
    if (days.length === 0) return true;
    const first = Math.min(...days);
    const last = Math.max(...days);
    return this.#rates.covers(
      this.#catalogue.plans,
      (first - 1) * SECONDS_PER_DAY,
      (last + 2) * SECONDS_PER_DAY,
    );
  }

  /** The days of `[firstDay, endDay)` that have stored sums, ascending, at most `limit`. */
  storedDays(firstDay: number, endDay: number, limit: number): number[] {
    return this.#daySums.storedDays(firstDay, endDay, limit);
  }

  /** The days whose rates pricing these windows reads: their partial days, edges and the last day. */
  daysPriced(windows: readonly (readonly [number, number])[]): [number, number] | null {
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    const note = (day: number) => {
      first = Math.min(first, day);
      last = Math.max(last, day);
    };
    for (const [from, to] of windows) {
      for (const part of windowParts(from, to)) {
        if (part.kind === 'quarters') note(part.day);
        else if (part.kind === 'raw') note(dayOf(part.from));
        else {
          // Gap days are priced from published rates too.
          for (const gap of this.#gaps.overlapping(part.first, part.end)) {
            note(Math.max(part.first, gap.firstDay));
            note(Math.min(part.end, gap.endDay) - 1);
          }
        }
      }
    }
    const lastDay = this.lastDay();
    if (lastDay !== null) note(lastDay);
    return first <= last ? [first, last + 1] : null;
  }

  // Pricing's reads (WindowSource).

  planDayRates(plan: PricePlan, day: number): PlanDayRates {
    const revision = (plan as CataloguePlan).revision ?? 0;
    const dynamic = this.#rates.ratesOf(plan.id);
    // Days priced alike (same version, offset and weekday, nothing published) share their rates.
    const key = `${plan.id}|${revision}|${regularDayKey(plan, dynamic, day) ?? `day ${day}`}`;
    let rates = this.#planDayRates.get(key);
    if (!rates) {
      rates = planDayRates(plan, dynamic, day * SECONDS_PER_DAY);
      if (this.#planDayRates.size >= PLAN_DAY_RATES_KEPT) this.#planDayRates.clear();
      this.#planDayRates.set(key, rates);
    }
    return rates;
  }

  dynamicRates(planId: string) {
    return this.#rates.ratesOf(planId);
  }

  edgeFigures(key: string, day: number, compute: () => PartFigures | null): PartFigures | null {
    const kept = this.#edgeFigures.get(key);
    if (kept !== undefined) return kept;
    const figures = compute();
    // Priced while another request's read pushed the day's published rates out: not kept.
    return this.ratesLoadedFor([day]) ? this.#edgeFigures.set(key, figures) : figures;
  }

  #importBetween(from: number, to: number): number {
    return energyBetween(this.#data.importCurve(from, to, this.importSource()), from, to);
  }

  #exportBetween(from: number, to: number): number {
    return energyBetween(this.#data.exportCurve(from, to), from, to);
  }

  curvesBetween(from: number, to: number) {
    return {
      importCurve: this.#data.importCurve(from, to, this.importSource()),
      exportCurve: this.#data.exportCurve(from, to),
    };
  }

  dayEnergy(day: number): DayEnergy | null {
    const lastDay = this.lastDay();
    if (lastDay === null || day > lastDay) return null;
    if (day === lastDay) return this.#lastDayFigures().energy;
    const stored = this.#daySums.dayEnergy([day]).get(day);
    if (!stored) {
      const [gap] = this.#gaps.overlapping(day, day + 1);
      return gap ? gapDayEnergy(gap, day) : null;
    }
    return {
      ...stored,
      importBetween: (from, to) => this.#importBetween(from, to),
      exportBetween: (from, to) => this.#exportBetween(from, to),
    };
  }

  wholeDaySums(ranges: readonly (readonly [number, number])[]): ReadonlyMap<string, number>[] {
    const lastDay = this.lastDay();
    if (lastDay === null) return ranges.map(() => new Map());
    const stored = this.#daySums.sumsOfRanges(
      ranges.map(([first, end]) => [first, Math.min(end, lastDay)] as const),
    );
    return ranges.map(([first, end], index) => {
      const rows = stored[index] ?? new Map<string, number>();
      const gaps = this.#gaps.overlapping(first, Math.min(end, lastDay));
      const lastSums = first <= lastDay && lastDay < end ? this.#lastDayFigures().aggregate : null;
      if (gaps.length === 0 && lastSums === null) return rows;
      const totals = new Map(rows);
      const add = (key: string, value: number) => totals.set(key, (totals.get(key) ?? 0) + value);
      for (const gap of gaps) this.#addGap(gap, first, end, add);
      for (const [key, value] of Object.entries(lastSums?.sums ?? {})) add(key, value);
      return totals;
    });
  }

  /** A gap's part of whole days `[first, end)`, as the sums a day row would hold. */
  #addGap(gap: LongGap, first: number, end: number, add: (key: string, value: number) => void) {
    const gapPlans = this.#pricedPlans.map(({ plan, constant }): GapPlan | null =>
      constant !== null
        ? null
        : {
            plan,
            dynamic: this.#rates.ratesOf(plan.id),
            dayRates: (day) => this.planDayRates(plan, day),
          },
    );
    const figures = gapFigures(gap, first, end, gapPlans);
    add(SUM_KEYS.importKwh, figures.kwh);
    figures.plans.forEach((series, index) => {
      const planId = this.#pricedPlans[index]?.plan.id;
      if (series === null || planId === undefined) return;
      add(SUM_KEYS.energy(planId), series.energy);
      add(SUM_KEYS.vat(planId), series.vat);
      add(SUM_KEYS.lowest(planId), series.lowest);
      add(SUM_KEYS.exportCredit(planId), series.exportCredit);
    });
  }

  #lastDayFigures(): LastDay {
    const day = this.lastDay();
    if (day === null) return { day: Number.NaN, energy: null, aggregate: null };
    if (this.#lastDay?.day === day) return this.#lastDay;
    const { energy, aggregate } = this.#computeDay(day);
    this.#lastDay = { day, energy, aggregate };
    return this.#lastDay;
  }

  #computeDay(day: number): { energy: DayEnergy | null; aggregate: DayAggregate | null } {
    const from = day * SECONDS_PER_DAY;
    const to = from + SECONDS_PER_DAY;
    const energy = dayEnergyOf(
      day,
      this.#data.importCurve(from, to, this.importSource()),
      this.#data.exportCurve(from, to),
    );
    const aggregate =
      energy === null
        ? null
        : aggregateDay(day, energy, this.#pricedPlans, (plan) => this.planDayRates(plan, day));
    return { energy, aggregate };
  }

  // Keeping the day sums.

  /**
   * Computes and stores the sums of these days (all before the last day of data; days in a long
   * gap are left out: they have no rows). Consecutive days read their curve once.
   */
  sealDays(days: readonly number[]): void {
    const inGaps = this.#gaps.gapDays(days);
    const wanted = [...new Set(days)].filter((day) => !inGaps.has(day)).sort((a, b) => a - b);
    const aggregates: DayAggregate[] = [];
    const empty: number[] = [];
    for (let i = 0; i < wanted.length; ) {
      let j = i;
      while (j + 1 < wanted.length && (wanted[j + 1] as number) === (wanted[j] as number) + 1) j++;
      const from = (wanted[i] as number) * SECONDS_PER_DAY;
      const to = ((wanted[j] as number) + 1) * SECONDS_PER_DAY;
      const importCurve = this.#data.importCurve(from, to, this.importSource());
      const exportCurve = this.#data.exportCurve(from, to);
      for (let k = i; k <= j; k++) {
        const day = wanted[k] as number;
        const energy = dayEnergyOf(day, importCurve, exportCurve);
        if (energy === null) {
          empty.push(day);
          continue;
        }
        aggregates.push(
          aggregateDay(day, energy, this.#pricedPlans, (plan) => this.planDayRates(plan, day)),
        );
      }
      i = j + 1;
    }
    this.#daySums.writeDays(aggregates);
    this.#daySums.deleteDays(empty);
    // Edge parts read days' energy, and sealing can come slices after the write it follows.
    this.#edgeFigures.clear();
  }

  /**
   * Recomputes one plan's sums on the stored days of `[firstDay, endDay)`, at most `limit` of
   * them from the first; returns the day after the last one done (`endDay` when all are done).
   */
  repriceDays(planId: string, firstDay: number, endDay: number, limit: number): number {
    const days = this.#daySums.storedDays(firstDay, endDay, limit);
    if (days.length === 0) return endDay;
    const priced = this.#pricedPlans.find((candidate) => candidate.plan.id === planId);
    const energyByDay = this.#daySums.dayEnergy(days);
    const sumsByDay = this.#daySums.daySums(days);
    const updated = new Map<number, Record<string, number>>();
    for (const day of days) {
      const sums = { ...(sumsByDay.get(day) ?? {}) };
      for (const key of planSumKeys(planId)) delete sums[key];
      const stored = energyByDay.get(day);
      if (priced && priced.constant === null && stored) {
        const energy: DayEnergy = {
          ...stored,
          importBetween: (from, to) => this.#importBetween(from, to),
          exportBetween: (from, to) => this.#exportBetween(from, to),
        };
        Object.assign(sums, planDaySums(planId, this.planDayRates(priced.plan, day), energy));
      }
      updated.set(day, sums);
    }
    this.#daySums.writeSums(updated);
    return days.length < limit ? endDay : (days.at(-1) as number) + 1;
  }
}
