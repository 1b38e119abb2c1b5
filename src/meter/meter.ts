import { DurableObject } from 'cloudflare:workers';
import { trialPricePlanOf } from '../config/accounts';
import { PRICE_PLANS } from '../config/price-plans';
import { kwhFromAggregates } from '../energy/aggregates';
import { costsInWindow } from '../energy/cost';
import type { PlanCost, Reading, TimeWindow } from '../energy/types';
import type { JsonPage } from '../json-array-stream';
import { AccountTable } from './account-table';
import { AggregateTables } from './aggregate-tables';
import { MeterEnergy } from './meter-energy';
import { applyMigrations } from './migrations';
import { ReadingsTable } from './readings-table';
import { type MeterTables, storeBatch } from './store-batch';

// Readings per page of a streamed read: about 180 KB of JSON, few round trips for long histories.
const READINGS_PAGE_SIZE = 5000;

/** One smart meter: owns its readings in its own SQLite database and prices its usage. */
export class Meter extends DurableObject<Env> {
  readonly #tables: MeterTables;
  readonly #energy: MeterEnergy;
  readonly #account: AccountTable;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#tables = {
      readings: new ReadingsTable(ctx.storage.sql),
      aggregates: new AggregateTables(ctx.storage.sql),
    };
    this.#energy = new MeterEnergy(this.#tables);
    this.#account = new AccountTable(ctx.storage.sql);
    void ctx.blockConcurrencyWhile(async () => applyMigrations(ctx.storage));
  }

  /**
   * The price plan on the meter's account: the one stored with the meter, else the trial plan of
   * a trial meter, else `null` (no account).
   */
  pricePlanId(): string | null {
    return this.#account.pricePlanId() ?? trialPricePlanOf(this.ctx.id.name);
  }

  /** Puts the meter's account on a plan (the caller has checked the plan exists). */
  setPricePlanId(pricePlanId: string): void {
    this.#account.setPricePlanId(pricePlanId);
  }

  /** Stores the batch atomically; a time already stored is replaced. */
  storeReadings(readings: readonly Reading[]): void {
    this.ctx.storage.transactionSync(() => storeBatch(this.#tables, readings));
  }

  /**
   * One page of the stored readings with from <= time < to, ascending by time (those after
   * `afterTime` when given), as JSON array elements; `next` is the time to continue after.
   */
  readingsPage(window: TimeWindow, afterTime?: number): JsonPage<number> {
    const page = this.#tables.readings.jsonPage(window, afterTime, READINGS_PAGE_SIZE);
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
    const span = this.#tables.readings.span();
    if (span === null) return null;
    const kwhBetween = (from: number, to: number) => kwhFromAggregates(from, to, this.#energy);
    return costsInWindow(kwhBetween, span, PRICE_PLANS, window);
  }
}
