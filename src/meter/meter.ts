import { DurableObject } from 'cloudflare:workers';
import { nowEpochSeconds, type TokenScope } from '../auth/token';
import { trialPricePlanOf } from '../config/accounts';
import { PRICE_PLANS, pricePlanById } from '../config/price-plans';
import type { Period } from '../energy/calendar';
import type { ReadingSpan, UsagePrice } from '../energy/cost';
import type { LocalDate } from '../energy/time-zone';
import type { Reading, TimeWindow } from '../energy/types';
import {
  type DashboardFigures,
  dashboardFigures,
  isMisplacedStart,
  type MeterUsage,
  type MisplacedStart,
  priceWindow,
  type UsagePage,
  type UsageQuery,
  usagePage,
} from '../energy/usage-over-time';
import type { RatedPlan } from '../energy/window-energy';
import type { TextPage } from '../text-page';
import { AccountTable } from './account-table';
import { AggregateTables } from './aggregate-tables';
import { MeterEnergy } from './meter-energy';
import { applyMigrations } from './migrations';
import { type ReadingsFormat, ReadingsTable } from './readings-table';
import { RevocationsTable } from './revocations-table';
import { type MeterTables, storeBatch } from './store-batch';
import { syncTariffSeries } from './tariff-series';
import { TariffTables } from './tariff-tables';

// Readings per page of a streamed read: about 180 KB of JSON, few round trips for long histories.
const READINGS_PAGE_SIZE = 5000;

/** The token a request acts with, as the meter checks it against its revocations. */
export interface MeterAccess {
  readonly scope: TokenScope;
  readonly issuedAt: number;
}

/** The answer of a meter to a request whose token it has revoked. */
export const REVOKED = { revoked: true } as const;
export type Revoked = typeof REVOKED;

export function isRevoked(answer: unknown): answer is Revoked {
  return typeof answer === 'object' && answer !== null && 'revoked' in answer;
}

/** The answer to a page of a stream whose history the meter has erased since the stream began. */
export const ERASED = { erased: true } as const;
export type Erased = typeof ERASED;

export function isErased(answer: unknown): answer is Erased {
  return typeof answer === 'object' && answer !== null && 'erased' in answer;
}

/** A page of a streamed answer, with the history it was read from (see `Meter#history`). */
export type StreamPage<Page> = Page & { readonly history: number };

// Key-value storage key of the meter's history number (SQLite-backed, in the same transaction).
const HISTORY_KEY = 'history';

/** A meter's usage in a window priced on every plan, and the plan on its account. */
export interface MeterPrice {
  readonly pricePlanId: string | null;
  /** `null` when the meter has no readings at all. */
  readonly price: UsagePrice | null;
}

/** Where a revocation made now starts: a second later, so a token issued this very second goes too. */
function revokedBeforeNow(): number {
  return nowEpochSeconds() + 1;
}

/** One smart meter: owns its readings in its own SQLite database and prices its usage. */
export class Meter extends DurableObject<Env> {
  readonly #tables: MeterTables;
  readonly #energy: MeterEnergy;
  readonly #account: AccountTable;
  readonly #revocations: RevocationsTable;
  #ratedPlans: RatedPlan[] = [];
  // Kept in memory once read: this object is the only writer of its storage.
  #span: ReadingSpan | null | undefined;
  #storedPricePlanId: string | null | undefined;
  #revokedBefore: Map<string, number> | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    this.#tables = {
      readings: new ReadingsTable(sql),
      aggregates: new AggregateTables(sql),
      tariffs: new TariffTables(sql),
    };
    this.#energy = new MeterEnergy(this.#tables);
    this.#account = new AccountTable(sql);
    this.#revocations = new RevocationsTable(sql);
    void ctx.blockConcurrencyWhile(async () => {
      applyMigrations(ctx.storage);
      this.#ratedPlans = syncTariffSeries(ctx.storage, this.#tables, PRICE_PLANS);
    });
  }

  /**
   * Erases the meter in one transaction: every reading, aggregate and account setting. Afterwards
   * it answers as a meter that never existed, and a store starts afresh. Revocations stay, and
   * the viewer tokens issued until now are revoked: the household whose data was erased must not
   * read the data of the next one on this meter. Device tokens, the meter's own, still hold.
   */
  erase(): void {
    const viewersRevokedBefore = revokedBeforeNow();
    this.ctx.storage.transactionSync(() => {
      this.ctx.storage.kv.put(HISTORY_KEY, this.#history() + 1);
      this.#tables.readings.deleteAll();
      this.#tables.aggregates.clear();
      this.#tables.tariffs.clearBuckets();
      this.#account.delete();
      this.#revocations.revoke('viewer', viewersRevokedBefore);
    });
    this.#span = undefined;
    this.#storedPricePlanId = undefined;
    this.#revokedBefore = undefined;
  }

  /**
   * Which history the meter holds: a number that each erasure moves on. A stream's pages carry
   * the one its first page was read from, so a page asked after an erasure answers ERASED and the
   * stream breaks off rather than end as if complete.
   */
  #history(): number {
    return this.ctx.storage.kv.get<number>(HISTORY_KEY) ?? 0;
  }

  /** The plan on the meter's account, or `null` when it has none. */
  account(access: MeterAccess): { pricePlanId: string | null } | Revoked {
    if (!this.#admits(access)) return REVOKED;
    return { pricePlanId: this.#pricePlanId() };
  }

  /**
   * The price plan on the meter's account: the one stored with the meter, else the trial plan of
   * a trial meter, else `null` (no account).
   */
  #pricePlanId(): string | null {
    if (this.#storedPricePlanId === undefined) {
      this.#storedPricePlanId = this.#account.pricePlanId();
    }
    return this.#storedPricePlanId ?? trialPricePlanOf(this.ctx.id.name);
  }

  /** Puts the meter's account on a plan (the caller has checked the plan exists). */
  setPricePlanId(pricePlanId: string): void {
    this.#account.setPricePlanId(pricePlanId);
    this.#storedPricePlanId = pricePlanId;
  }

  /**
   * Whether a token still holds: the operator's always; a meter's unless it was issued before the
   * meter revoked its scope. Checked within the request's own call, so it costs no round trip.
   */
  #admits(access: MeterAccess): boolean {
    if (access.scope === 'operator') return true;
    this.#revokedBefore ??= this.#revocations.revokedBefore();
    return access.issuedAt >= (this.#revokedBefore.get(access.scope) ?? 0);
  }

  /** Whether a token still holds here (not revoked): a sign-in link asks before its cookie is set. */
  admits(access: MeterAccess): boolean {
    return this.#admits(access);
  }

  /**
   * Revokes every token of the scope issued until now: they fail from the next request on, and
   * tokens issued from the returned epoch second on hold. Other meters' tokens are untouched.
   */
  revokeTokens(scope: 'device' | 'viewer'): number {
    const revokedBefore = revokedBeforeNow();
    this.#revocations.revoke(scope, revokedBefore);
    this.#revokedBefore = undefined;
    return revokedBefore;
  }

  /** Stores the batch atomically; a time already stored is replaced. */
  storeReadings(access: MeterAccess, readings: readonly Reading[]): { stored: number } | Revoked {
    if (!this.#admits(access)) return REVOKED;
    if (readings.length > 0) {
      this.ctx.storage.transactionSync(() => storeBatch(this.#tables, readings, this.#ratedPlans));
      this.#span = undefined;
    }
    return { stored: readings.length };
  }

  /** The first and last reading times (`null` without readings): what a request is sized by. */
  readingSpan(access: MeterAccess): ReadingSpan | null | Revoked {
    if (!this.#admits(access)) return REVOKED;
    return this.#readingSpan();
  }

  /** The first and last reading times, or `null` for a meter without readings. */
  #readingSpan(): ReadingSpan | null {
    if (this.#span === undefined) this.#span = this.#tables.readings.span();
    return this.#span;
  }

  /**
   * One page of the stored readings with from <= time < to, ascending by time (those after
   * `after.time` when given), as JSON array elements or CSV lines; `next` is the time to continue
   * after, `null` on the last page. A later page names the history its first page was read from.
   */
  readingsPage(
    access: MeterAccess,
    format: ReadingsFormat,
    window: TimeWindow,
    after?: { readonly time: number; readonly history: number },
  ): StreamPage<TextPage<number>> | Revoked | Erased {
    if (!this.#admits(access)) return REVOKED;
    const history = this.#history();
    if (after !== undefined && after.history !== history) return ERASED;
    const page = this.#tables.readings.page(format, window, after?.time, READINGS_PAGE_SIZE);
    const isLast = page.count < READINGS_PAGE_SIZE || page.lastTime === null;
    return { text: page.text, next: isLast ? null : page.lastTime, history };
  }

  /** What the meter's usage over time depends on, as the pure pricing functions take it. */
  #usage(): MeterUsage {
    const pricePlanId = this.#pricePlanId();
    return {
      source: this.#energy,
      span: this.#readingSpan(),
      plans: PRICE_PLANS,
      ratedPlans: this.#ratedPlans,
      // A plan withdrawn from the catalogue cannot be priced: every price treats it as no account.
      pricePlanId: pricePlanId !== null && pricePlanById(pricePlanId) ? pricePlanId : null,
    };
  }

  /**
   * The usage inside the window priced on every plan (energy and standing charge), with the
   * account's plan. Reads aggregates, not readings: the work does not grow with the history.
   */
  priceUsage(access: MeterAccess, window: TimeWindow): MeterPrice | Revoked {
    if (!this.#admits(access)) return REVOKED;
    const usage = this.#usage();
    return { pricePlanId: usage.pricePlanId, price: priceWindow(usage, window) };
  }

  /**
   * One page of usage over calendar intervals, each with its kWh and its cost on the account's
   * plan; `null` when the meter has no readings at all.
   */
  usagePage(
    access: MeterAccess,
    query: UsageQuery,
    history?: number,
  ): StreamPage<UsagePage> | null | Revoked | MisplacedStart | Erased {
    if (!this.#admits(access)) return REVOKED;
    const current = this.#history();
    if (history !== undefined && history !== current) return ERASED;
    const page = usagePage(this.#usage(), query);
    return page === null || isMisplacedStart(page) ? page : { ...page, history: current };
  }

  /** Everything a customer's page shows for a period, in one call whatever the history. */
  dashboard(
    access: MeterAccess,
    query: { readonly period: Period; readonly date?: LocalDate | undefined },
  ): DashboardFigures | Revoked {
    if (!this.#admits(access)) return REVOKED;
    return dashboardFigures(this.#usage(), query, nowEpochSeconds());
  }
}
