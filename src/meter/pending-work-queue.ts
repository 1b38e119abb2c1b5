import { type Catalogue, EMPTY_CATALOGUE, parseCatalogue } from '../catalogue/catalogue';
import type { CatalogueStore } from '../catalogue/catalogue-store';
import { dayOf } from './interval-days-table';
import type { LegacyReadingsTable } from './legacy-readings-table';
import type { MeterStateTable } from './meter-state-table';
import type { MeterSums } from './meter-sums';
import {
  ALL_DAYS,
  addPendingWork,
  type PendingWork,
  parsePendingWork,
  repricingWork,
} from './pending-work';
import type { ReadingHoursTable } from './reading-hours-table';
import { mergeIntoHours } from './reading-write';

// One slice of work, sized to take well under 100 ms of the meter's thread. Measured in workerd on
// a busy 2-core machine: 8 days summed take 3 to 10 ms; 64 days repriced took 15 to 35 ms of
// computing, plus reading their rates from D1, 50 to 140 ms in all, so a slice reprices 16.
const LEGACY_READINGS_PER_SLICE = 20_000;
const DAYS_SUMMED_PER_SLICE = 8;
const DAYS_REPRICED_PER_SLICE = 16;
// Rates are read for this many days at once: one read of D1 serves several slices, where a read
// per slice would read again the days before it (the rate cache joins nearby spans).
const DAYS_OF_RATES_READ_AHEAD = 128;

/** Lets the meter serve other requests between two slices of work. */
function yieldThread(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

interface Dependencies {
  /** Runs a storage transaction (the meter's: it forgets what it keeps when one fails). */
  readonly transaction: <T>(body: () => T) => T;
  readonly state: MeterStateTable;
  readonly sums: MeterSums;
  readonly readings: ReadingHoursTable;
  readonly legacy: LegacyReadingsTable;
  readonly catalogueStore: () => CatalogueStore;
}

/**
 * The meter's owed work and its copy of the catalogue. Before a request is served, the meter
 * catches up with the catalogue the Worker knows (one read of the catalogue's store, only when it
 * changed) and does the work it owes, a slice at a time, yielding between slices; the state is
 * stored after each slice, so work survives the meter being stopped.
 */
export class PendingWorkQueue {
  readonly #deps: Dependencies;
  #pending: PendingWork[] = [];
  #catalogue: Catalogue | null = null;
  #settling: Promise<void> | undefined;

  constructor(deps: Dependencies) {
    this.#deps = deps;
  }

  /** Reads the stored state (when the meter starts). */
  load(): void {
    const state = this.#deps.state.read();
    this.#catalogue = parseCatalogue(state.catalogue);
    this.#pending = parsePendingWork(state.pending);
    this.#deps.sums.setCatalogue(this.#catalogue ?? EMPTY_CATALOGUE);
  }

  #save(): void {
    this.#deps.state.write({
      catalogueSeq: this.#catalogue?.seq ?? 0,
      catalogue: this.#catalogue === null ? null : JSON.stringify(this.#catalogue),
      pending: JSON.stringify(this.#pending),
    });
  }

  /**
   * Catches up with catalogue `seq` (if given and newer than the copy) and does all owed work.
   * Concurrent callers wait for the same work.
   */
  async settle(seq: number | undefined): Promise<void> {
    let wanted = seq;
    for (;;) {
      if (this.#settling) {
        await this.#settling;
        continue;
      }
      const behind = wanted !== undefined && wanted > (this.#catalogue?.seq ?? 0);
      if (!behind && this.#pending.length === 0) return;
      this.#settling = this.#run(behind ? wanted : undefined).finally(() => {
        this.#settling = undefined;
      });
      // One attempt at the catalogue per call: a store that cannot be read is tried again later.
      wanted = undefined;
    }
  }

  /**
   * Waits only for the work that the stored data itself depends on (moving legacy readings into
   * hour rows), not for sums: a request that reads no cost (readings, intervals, the account)
   * answers between two slices of a repricing rather than after all of it.
   */
  async settleData(): Promise<void> {
    if (this.#pending.some((work) => work.kind === 'convert')) await this.settle(undefined);
  }

  async #run(seq: number | undefined): Promise<void> {
    if (seq !== undefined) await this.#catchUp();
    while (this.#pending.length > 0) {
      await this.#sliceOnce();
      if (this.#pending.length > 0) await yieldThread();
    }
  }

  /** Takes the catalogue now in the store, and the repricing its changes cost. */
  async #catchUp(): Promise<void> {
    const before = this.#catalogue;
    let fetched: Awaited<ReturnType<CatalogueStore['changesSince']>>;
    try {
      fetched = await this.#deps.catalogueStore().changesSince(before?.seq ?? 0);
    } catch (error) {
      // Prices stay on the copy until the store answers again.
      console.warn(JSON.stringify({ message: 'catalogue unreadable', error: String(error) }));
      return;
    }
    const { catalogue, changes } = fetched;
    if (catalogue.seq <= (before?.seq ?? 0)) return;
    let pending = this.#pending;
    for (const work of repricingWork(before, catalogue, changes)) {
      pending = addPendingWork(pending, work);
    }
    this.#catalogue = catalogue;
    this.#pending = pending;
    this.#deps.transaction(() => this.#save());
    this.#deps.sums.setCatalogue(catalogue);
  }

  /** Leaves the sums of these days to be computed in slices (inside the caller's transaction). */
  sealLater(days: readonly number[]): void {
    let pending = this.#pending;
    for (const day of days) {
      pending = addPendingWork(pending, { kind: 'seal', firstDay: day, endDay: day + 1 });
    }
    this.#pending = pending;
    this.#save();
  }

  /** Forgets all owed work (inside an erasure's transaction); the catalogue copy stays. */
  clear(): void {
    this.#pending = [];
    this.#deps.legacy.drop();
    this.#save();
  }

  async #sliceOnce(): Promise<void> {
    const work = this.#pending[0];
    if (work === undefined) return;
    const { sums } = this.#deps;
    if (work.kind === 'convert') {
      this.#deps.transaction(() => this.#convertSlice(work.after));
      return;
    }
    if (work.kind === 'seal') {
      // Only days before the last day of data are kept summed.
      const span = sums.span();
      const lastDay = sums.lastDay();
      const first = Math.max(work.firstDay, span === null ? work.endDay : dayOf(span.first));
      const endDay = Math.min(work.endDay, lastDay ?? work.firstDay);
      // Days in a long gap get no row: step over them.
      const days: number[] = [];
      let day = first;
      while (day < endDay && days.length < DAYS_SUMMED_PER_SLICE) {
        const [gap] = sums.gaps.overlapping(day, day + 1);
        if (gap) day = gap.endDay;
        else days.push(day++);
      }
      const end = Math.min(day, endDay);
      if (days.length > 0) await sums.loadRates(days[0] as number, (days.at(-1) as number) + 1);
      this.#deps.transaction(() => {
        sums.sealDays(days);
        this.#replaceFirst(end < endDay ? { ...work, firstDay: end } : null);
      });
      return;
    }
    const ahead = sums.storedDays(work.firstDay, work.endDay, DAYS_OF_RATES_READ_AHEAD);
    const days = ahead.slice(0, DAYS_REPRICED_PER_SLICE);
    if (days.length > 0 && !sums.ratesLoadedFor(days)) {
      await sums.loadRates(ahead[0] as number, (ahead.at(-1) as number) + 1);
    }
    this.#deps.transaction(() => {
      const next = sums.repriceDays(
        work.planId,
        work.firstDay,
        work.endDay,
        DAYS_REPRICED_PER_SLICE,
      );
      this.#replaceFirst(next < work.endDay ? { ...work, firstDay: next } : null);
    });
  }

  /** Moves a slice of one-row-per-reading readings into hour rows; at the end, sums every day. */
  #convertSlice(after: number): void {
    const readings = this.#deps.legacy.after(after, LEGACY_READINGS_PER_SLICE);
    if (readings.length > 0) mergeIntoHours(this.#deps.readings, readings);
    this.#deps.sums.dataChanged();
    if (readings.length === LEGACY_READINGS_PER_SLICE) {
      this.#replaceFirst({ kind: 'convert', after: readings.at(-1)?.time ?? after });
      return;
    }
    this.#deps.legacy.drop();
    this.#deps.sums.gaps.rebuild();
    this.#replaceFirst(null);
    this.#pending = addPendingWork(this.#pending, { kind: 'seal', ...ALL_DAYS });
    this.#save();
  }

  #replaceFirst(work: PendingWork | null): void {
    this.#pending = work === null ? this.#pending.slice(1) : [work, ...this.#pending.slice(1)];
    this.#save();
  }
}
