import { DurableObject } from 'cloudflare:workers';
import { PRICE_PLANS } from '../config/price-plans';
import { kwhFromAggregates } from '../energy/aggregates';
import { costsInWindow } from '../energy/cost';
import type { PlanCost, Reading, TimeWindow } from '../energy/types';
import type { JsonPage } from '../json-array-stream';
import { MeterStore } from './meter-store';

// Readings per page of a streamed read: about 180 KB of JSON, few round trips for long histories.
const READINGS_PAGE_SIZE = 5000;

/** One smart meter: owns its readings in its own SQLite database and prices its usage. */
export class Meter extends DurableObject<Env> {
  readonly #store: MeterStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#store = new MeterStore(ctx.storage);
    void ctx.blockConcurrencyWhile(async () => this.#store.migrate());
  }

  /** Stores the batch atomically; a time already stored is replaced. */
  storeReadings(readings: readonly Reading[]): void {
    this.#store.upsertReadings(readings);
  }

  /**
   * One page of the stored readings with from <= time < to, ascending by time (those after
   * `afterTime` when given), as JSON array elements; `next` is the time to continue after.
   */
  readingsPage(window: TimeWindow, afterTime?: number): JsonPage<number> {
    const page = this.#store.readingsJson(window, afterTime, READINGS_PAGE_SIZE);
    const isLast = page.count < READINGS_PAGE_SIZE || page.lastTime === null;
    return {
      elementsJson: page.elementsJson,
      next: isLast ? undefined : (page.lastTime ?? undefined),
    };
  }

  /**
   * Cost of the usage inside the window on every price plan, or `null` when the meter has no
   * readings at all. Reads aggregates, not readings: the cost does not grow with the history.
   */
  costsOfUsage(window: TimeWindow): PlanCost[] | null {
    const span = this.#store.readingSpan();
    if (span === null) return null;
    const kwhBetween = (from: number, to: number) => kwhFromAggregates(from, to, this.#store);
    return costsInWindow(kwhBetween, span, PRICE_PLANS, window);
  }
}
