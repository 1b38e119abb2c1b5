import { DurableObject } from 'cloudflare:workers';
import { nowEpochSeconds } from '../auth/token';
import { type Catalogue, parseCatalogue } from '../catalogue/catalogue';
import { CatalogueStore } from '../catalogue/catalogue-store';
import { trialPricePlanOf } from '../config/accounts';
import { fleetFlushSeconds } from '../config/fleet-settings';
import { currencyOf } from '../config/tariff-settings';
import { type Advice, adviceBasis, advise } from '../energy/advice';
import { Coverage } from '../energy/coverage';
import { type EnergyInterval, latestReadingPerTime, SECONDS_PER_DAY } from '../energy/curve';
import {
  type DashboardFigures,
  type DashboardQuery,
  dashboardFigures,
  dashboardScope,
} from '../energy/dashboard-figures';
import { type LiveFigures, liveFigures, TODAY_REACH_SECONDS } from '../energy/live-figures';
import {
  type AccountSwitch,
  accountCosts,
  annualCost,
  NO_PLAN,
  type PricingInputs,
  priceWindows,
  rankByCost,
  switchAt,
  switchesAsOf,
  type Window,
} from '../energy/prices';
import { ratesBetween } from '../energy/rate-pieces';
import type { Reading, TimeWindow } from '../energy/types';
import {
  currentPlanId,
  isMisplacedStart,
  type MisplacedStart,
  priceWindow,
  type UsageInputs,
  type UsagePage,
  type UsageQuery,
  usagePage,
} from '../energy/usage-pages';
import { windowsSeries } from '../energy/window-series';
import type { CandidateUpdate } from '../fleet/fleet-message';
import type { TextPage } from '../text-page';
import { AccountHistoryTable } from './account-history-table';
import { DaySumsTable } from './day-sums-table';
import { type FleetChange, FleetFeed, type FleetPending } from './fleet-feed';
import { FleetOutboxTable } from './fleet-outbox-table';
import { FleetTailTable } from './fleet-tail-table';
import { GapKeeper } from './gap-keeper';
import { type Channel, dayOf, IntervalDaysTable } from './interval-days-table';
import {
  type IntervalOverlap,
  isIntervalOverlap,
  requestIntervals,
  writeIntervals,
} from './interval-write';
import { LegacyReadingsTable } from './legacy-readings-table';
import { LiveSockets } from './live-sockets';
import { fullUpgrade, liveCallOf, revokedUpgrade } from './live-upgrade';
import { LongGapsTable } from './long-gaps-table';
import {
  type ConflictingSource,
  ERASED,
  type Erased,
  isRevoked,
  type MeterAccess,
  type MeterCall,
  REVOKED,
  type Revoked,
  type StreamPage,
  type SwitchTooEarly,
} from './meter-answers';
import { MeterData } from './meter-data';
import { MeterStateTable } from './meter-state-table';
import { MeterSums } from './meter-sums';
import { applyMigrations } from './migrations';
import { PendingWorkQueue } from './pending-work-queue';
import { RateCache } from './rate-cache';
import { ReadingHoursTable } from './reading-hours-table';
import { type ChangedSpan, writeReadings } from './reading-write';
import { type ReadingsFormat, readingsText } from './readings-text';
import { RevocationsTable } from './revocations-table';
import { CountingSql, type SqlUsage } from './sql-usage';

// Readings per page of a streamed read: about 180 KB of JSON, few round trips for long histories.
const READINGS_PAGE_SIZE = 5000;
// Days a store sums itself; a store that changes more leaves them to work done in slices.
const DAYS_SUMMED_IN_A_STORE = 2;
// How long a meter waits before sending again what the fleet queue did not take.
const OUTBOX_RETRY_MS = 60_000;
// Key-value storage key of the meter's history number (SQLite-backed, in the same transaction).
const HISTORY_KEY = 'history';
// Key-value storage key of the end of the data the last switch candidate sent was priced on.
const CANDIDATE_DATA_KEY = 'candidate-data-end';

/** `make`'s value, made on the first call and kept. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/** Where a revocation made now starts: a second later, so a token issued this very second goes too. */
function revokedBeforeNow(): number {
  return nowEpochSeconds() + 1;
}

/** A page of readings as text (JSON array elements or CSV lines) and where the next one starts. */
export type ReadingsPage = TextPage<number>;

/** A window's prices on every plan, the account's plan now and its cost under its history. */
export interface MeterPrices {
  readonly pricePlanId: string | null;
  readonly hasExport: boolean;
  /** `null` for a meter without data. */
  readonly price: ReturnType<typeof priceWindow>;
  readonly accountCost: { cost: number; exportCredit: number } | null;
}

/** The account as the API shows it. */
export interface AccountView {
  readonly pricePlanId: string | null;
  readonly history: readonly { pricePlanId: string; from: number | null; to: number | null }[];
}

/**
 * One smart meter: owns its readings and intervals in its own SQLite database, keeps them summed
 * per day, and prices them on the catalogue's plans.
 */
export class Meter extends DurableObject<Env> {
  readonly #readings: ReadingHoursTable;
  readonly #intervals: IntervalDaysTable;
  readonly #daySums: DaySumsTable;
  readonly #account: AccountHistoryTable;
  readonly #revocations: RevocationsTable;
  readonly #gaps: LongGapsTable;
  readonly #sums: MeterSums;
  readonly #rates: RateCache;
  readonly #work: PendingWorkQueue;
  readonly #fleet: FleetFeed;
  readonly #sql: CountingSql;
  readonly #data: MeterData;
  readonly #live: LiveSockets;
  #switches: AccountSwitch[] | undefined;
  #revokedBefore: Map<string, number> | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = new CountingSql(ctx.storage.sql);
    this.#sql = sql;
    this.#readings = new ReadingHoursTable(sql);
    this.#intervals = new IntervalDaysTable(sql);
    this.#daySums = new DaySumsTable(sql);
    this.#account = new AccountHistoryTable(sql);
    this.#revocations = new RevocationsTable(sql);
    const catalogueStore = () => new CatalogueStore(env.DB);
    this.#rates = new RateCache((planIds, from, to) =>
      catalogueStore().ratesOverlapping(planIds, from, to),
    );
    this.#data = new MeterData(this.#readings, this.#intervals);
    const data = this.#data;
    this.#live = new LiveSockets(ctx, currencyOf(env));
    this.#gaps = new LongGapsTable(sql);
    const gapKeeper = new GapKeeper(data, this.#gaps, this.#readings, this.#intervals);
    this.#sums = new MeterSums(data, this.#daySums, this.#rates, gapKeeper);
    this.#fleet = new FleetFeed(
      data,
      gapKeeper,
      env.FLEET_QUEUE,
      { outbox: new FleetOutboxTable(sql), tail: new FleetTailTable(sql) },
      fleetFlushSeconds(env) * 1000,
      () => this.#alarmIn(OUTBOX_RETRY_MS),
    );
    this.#work = new PendingWorkQueue({
      transaction: (body) => this.#transaction(body),
      state: new MeterStateTable(sql),
      sums: this.#sums,
      readings: this.#readings,
      legacy: new LegacyReadingsTable(sql),
      catalogueStore,
    });
    void ctx.blockConcurrencyWhile(async () => {
      applyMigrations(ctx.storage);
      this.#work.load();
    });
  }

  /**
   * Runs a storage transaction. When it fails, SQLite rolls back its writes, but what the tables
   * and sums keep in memory may have been read from them inside it: all of it is forgotten.
   */
  #transaction<T>(body: () => T): T {
    try {
      return this.ctx.storage.transactionSync(body);
    } catch (error) {
      this.#readings.forget();
      this.#intervals.forget();
      this.#gaps.forget();
      this.#daySums.forget();
      this.#sums.dataChanged();
      this.#switches = undefined;
      throw error;
    }
  }

  /**
   * Background work left by a store or a catalogue change (done in slices), the data held back
   * from the fleet's totals, and what the fleet queue did not take; then the alarm stops.
   */
  override async alarm(): Promise<void> {
    await this.#work.settle(undefined);
    await this.flushFleet();
    if (!(await this.#fleet.flushOutbox())) await this.#alarmIn(OUTBOX_RETRY_MS);
  }

  /**
   * Sends the fleet's totals what this meter's appended data held back (the alarm does, at most
   * FLEET_FLUSH_SECONDS after a store held some back), with its switch candidate when due.
   */
  async flushFleet(): Promise<void> {
    if (!this.#fleet.enabled) return;
    const source = this.#sums.importSource();
    const change = this.#transaction(() => this.#fleet.takeHeldBack(source));
    if (change !== null) await this.#fleet.send(change, await this.#candidateIfDue());
  }

  /**
   * Sets the alarm `ms` from now, unless it is set to go off sooner already: an outbox retry (a
   * minute) must not wait for a flush hours away, nor a flush push back a retry.
   */
  async #alarmIn(ms: number): Promise<void> {
    const at = Date.now() + ms;
    const set = await this.ctx.storage.getAlarm();
    if (set === null || set > at) await this.ctx.storage.setAlarm(at);
  }

  /**
   * What this meter has cost in storage since it started: rows read and written (counted from
   * every statement's cursor) and the database's size in bytes, the units Cloudflare bills.
   */
  storageUsage(): SqlUsage & { readonly databaseSize: number } {
    return { ...this.#sql.usage(), databaseSize: this.#sql.databaseSize };
  }

  // Access.

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
   * Which history the meter holds: a number that each erasure moves on. A stream's pages carry
   * the one its first page was read from, so a page asked after an erasure answers ERASED and the
   * stream breaks off rather than end as if complete.
   */
  #history(): number {
    return this.ctx.storage.kv.get<number>(HISTORY_KEY) ?? 0;
  }

  /**
   * Revokes every token of the scope issued until now: they fail from the next request on, and
   * tokens issued from the returned epoch second on hold. Other meters' tokens are untouched.
   */
  revokeTokens(scope: 'device' | 'viewer'): number {
    const revokedBefore = revokedBeforeNow();
    this.#revocations.revoke(scope, revokedBefore);
    this.#revokedBefore = undefined;
    this.#live.closeRevoked(scope, revokedBefore);
    return revokedBefore;
  }

  /**
   * Catches up with the catalogue and finishes owed work, then checks the token. A call that reads
   * no sums (`'data'`) waits only for work on the data itself: a repricing owed to a publication
   * must not hold up the answers that do not depend on prices.
   */
  async #enter(call: MeterCall, reads: 'sums' | 'data' = 'sums'): Promise<boolean> {
    if (reads === 'sums') await this.#work.settle(call.catalogueSeq);
    else await this.#work.settleData();
    return this.#admits(call.access);
  }

  // Storing.

  /** Stores readings atomically; a time already stored is replaced. */
  async storeReadings(
    call: MeterCall,
    readings: readonly Reading[],
  ): Promise<{ stored: number } | Revoked | ConflictingSource> {
    if (!(await this.#enter(call))) return REVOKED;
    if (readings.length === 0) return { stored: 0 };
    if (this.#sums.importSource() === 'intervals') return { conflictingSource: 'intervals' };
    const sorted = latestReadingPerTime(readings);
    await this.#loadRatesAround(sorted[0]?.time ?? 0, sorted.at(-1)?.time ?? 0);
    const sourceBefore = this.#sums.importSource();
    const fleetChange = this.#transaction(() => {
      const lastDayBefore = this.#sums.lastDay();
      let pending: FleetPending | undefined;
      const changed = writeReadings(this.#readings, sorted, (spans) => {
        if (this.#fleet.enabled) pending = this.#fleet.beforeWrite(spans, sourceBefore);
      });
      this.#sums.gaps.readingsChanged(changed);
      this.#keepSums(lastDayBefore, changed);
      return pending && this.#fleet.afterWrite(pending, 'readings');
    });
    await this.#work.settle(undefined);
    await this.#afterStore(fleetChange);
    return { stored: readings.length };
  }

  /** Stores a channel's intervals atomically, or refuses all of them. */
  async storeIntervals(
    call: MeterCall,
    channel: Channel,
    intervals: readonly EnergyInterval[],
  ): Promise<{ stored: number } | Revoked | ConflictingSource | IntervalOverlap> {
    if (!(await this.#enter(call))) return REVOKED;
    if (channel === 'import' && this.#sums.importSource() === 'readings') {
      return { conflictingSource: 'readings' };
    }
    const sorted = requestIntervals(intervals);
    if (!Array.isArray(sorted)) return sorted;
    if (sorted.length === 0) return { stored: 0 };
    await this.#loadRatesAround(sorted[0]?.start ?? 0, sorted.at(-1)?.end ?? 0);
    const sourceBefore = this.#sums.importSource();
    const sourceAfter = channel === 'import' ? 'intervals' : sourceBefore;
    const outcome = this.#transaction(() => {
      const lastDayBefore = this.#sums.lastDay();
      let pending: FleetPending | undefined;
      const changed = writeIntervals(this.#intervals, channel, sorted, (spans) => {
        if (this.#fleet.enabled) pending = this.#fleet.beforeWrite(spans, sourceBefore);
      });
      if (!Array.isArray(changed)) return changed;
      if (channel === 'export') this.#sums.gaps.exportChanged(changed);
      this.#keepSums(lastDayBefore, changed);
      return { fleetChange: pending && this.#fleet.afterWrite(pending, sourceAfter) };
    });
    if (isIntervalOverlap(outcome)) return outcome;
    await this.#work.settle(undefined);
    await this.#afterStore(outcome.fleetChange);
    return { stored: sorted.length };
  }

  /**
   * What a stored batch tells those watching the meter: its live sockets (an update), and the
   * fleet's totals: the change of its energy per half hour and its switch candidate, queued now,
   * or held back for the alarm to send.
   */
  async #afterStore(fleetChange: FleetChange | 'held' | undefined): Promise<void> {
    this.#live.changed(() => this.#liveFigures());
    if (fleetChange === undefined) return;
    if (fleetChange === 'held') await this.#alarmIn(this.#fleet.flushDelayMs);
    else await this.#fleet.send(fleetChange, await this.#candidateIfDue());
  }

  /**
   * The switch candidate, when the data has moved on a day since the last one was sent (or none
   * was): a candidate prices a year of data on every plan, far more than a store's own work, and
   * a day more of data barely moves it. Account changes send theirs at once.
   */
  async #candidateIfDue(): Promise<CandidateUpdate | undefined> {
    const last = this.#sums.span()?.last;
    const sentFor = this.ctx.storage.kv.get<number>(CANDIDATE_DATA_KEY);
    if (last !== undefined && sentFor !== undefined && last - sentFor < SECONDS_PER_DAY) {
      return undefined;
    }
    const candidate = await this.#candidate();
    if (last !== undefined) this.ctx.storage.kv.put(CANDIDATE_DATA_KEY, last);
    return candidate;
  }

  /** The meter's switch candidate now: its plan, the cheapest one, what switching saves a year. */
  async #candidate(): Promise<CandidateUpdate> {
    const smartMeterId = this.ctx.id.name ?? '';
    const version = Date.now();
    const span = this.#sums.span();
    if (span === null) return { smartMeterId, version, candidate: null };
    const basis = adviceBasis(span);
    const inputs = await this.#pricingInputs([[basis.from, basis.to]]);
    const current = currentPlanId(inputs, inputs.now);
    const [price] = priceWindows(inputs, [[basis.from, basis.to]]);
    const plans = rankByCost(price?.plans ?? []);
    const currentPrice = plans.find((plan) => plan.pricePlanId === current);
    const cheapest = plans[0];
    if (!currentPrice || !cheapest || basis.days <= 0)
      return { smartMeterId, version, candidate: null };
    // The difference of advice's own annual costs, so the saving is advice's to the last digit.
    const annualOf = (cost: number) => annualCost(cost, basis.from, basis.to);
    return {
      smartMeterId,
      version,
      candidate: {
        pricePlanId: currentPrice.pricePlanId,
        recommendation: cheapest.pricePlanId,
        annualSaving: annualOf(currentPrice.cost) - annualOf(cheapest.cost),
      },
    };
  }

  /** Reads the published rates the days around a store are summed with. */
  async #loadRatesAround(from: number, to: number): Promise<void> {
    const lastDay = this.#sums.lastDay() ?? dayOf(from);
    await this.#sums.loadRates(Math.min(dayOf(from), lastDay), Math.max(dayOf(to), lastDay) + 1);
  }

  /**
   * Keeps the day sums true after a write (inside its transaction): sums the days before the last
   * day of data whose curve changed, and the former last day once data starts a later one. A few
   * days are summed now; more are left as work for slices.
   */
  #keepSums(lastDayBefore: number | null, changed: readonly ChangedSpan[]): void {
    this.#sums.dataChanged();
    const lastDay = this.#sums.lastDay();
    if (lastDay === null) return;
    const days = new Set<number>();
    for (const [from, to] of changed) {
      for (let day = dayOf(from); day <= Math.min(dayOf(to), lastDay - 1); day++) days.add(day);
    }
    if (lastDayBefore !== null && lastDayBefore < lastDay) days.add(lastDayBefore);
    const inGaps = this.#sums.gaps.gapDays([...days]);
    const sorted = [...days].filter((day) => !inGaps.has(day)).sort((a, b) => a - b);
    if (sorted.length <= DAYS_SUMMED_IN_A_STORE && this.#sums.ratesLoadedFor(sorted)) {
      this.#sums.sealDays(sorted);
    } else {
      this.#work.sealLater(sorted);
    }
  }

  // Reading back.

  /**
   * One page of the stored readings with from <= time < to, ascending by time (those after
   * `after.time` when given), as JSON array elements or CSV lines; `next` is the time to continue
   * after, `null` on the last page. A later page names the history its first page was read from.
   */
  async readingsPage(
    call: MeterCall,
    format: ReadingsFormat,
    window: TimeWindow,
    after?: { readonly time: number; readonly history: number },
  ): Promise<StreamPage<ReadingsPage> | Revoked | Erased> {
    if (!(await this.#enter(call, 'data'))) return REVOKED;
    const history = this.#history();
    if (after !== undefined && after.history !== history) return ERASED;
    const from = Math.max(window.from ?? 0, after === undefined ? 0 : after.time + 1);
    const to = window.to ?? Number.MAX_SAFE_INTEGER;
    const readings = from < to ? this.#readings.readingsFrom(from, to, READINGS_PAGE_SIZE) : [];
    const isLast = readings.length < READINGS_PAGE_SIZE;
    return {
      text: readingsText(readings, format),
      next: isLast ? null : (readings.at(-1)?.time ?? null),
      history,
    };
  }

  /** The first and last instant of the meter's data (`null` without any): what a request is sized by. */
  async dataSpan(call: MeterCall): Promise<{ first: number; last: number } | null | Revoked> {
    if (!(await this.#enter(call))) return REVOKED;
    return this.#sums.span();
  }

  /** Up to `limit` stored intervals of a channel starting in the window at or after `startAt`. */
  async intervalsPage(
    call: MeterCall,
    channel: Channel,
    window: { from: number; to: number },
    startAt: number,
    limit: number,
  ): Promise<{ intervals: EnergyInterval[]; next: number | null } | Revoked> {
    if (!(await this.#enter(call, 'data'))) return REVOKED;
    const from = Math.max(window.from, startAt);
    const found = this.#intervals.startingFrom(channel, from, window.to, limit + 1);
    const intervals = found.slice(0, limit);
    return { intervals, next: found[limit]?.start ?? null };
  }

  // Pricing.

  /** The account's switches: the stored ones, else a trial meter's trial plan since the beginning. */
  #accountHistory(): AccountSwitch[] {
    if (this.#switches === undefined) {
      const stored = this.#account.switches();
      const trial = trialPricePlanOf(this.ctx.id.name);
      this.#switches =
        stored.length > 0 ? stored : trial === null ? [] : [{ pricePlanId: trial, from: null }];
    }
    return this.#switches;
  }

  /** The switches prices read now: no plan before a first switch still to come. */
  #pricedHistory(): AccountSwitch[] {
    return switchesAsOf(this.#accountHistory(), nowEpochSeconds());
  }

  /** What prices are computed from, once the sums are current and the rates read. */
  async #pricingInputs(windows: readonly Window[]): Promise<UsageInputs> {
    const days = this.#sums.daysPriced(windows);
    if (days) await this.#sums.loadRates(days[0], days[1]);
    const span = this.#sums.span();
    const inputs: PricingInputs = {
      plans: this.#sums.pricedPlans,
      history: this.#pricedHistory(),
      series: (seriesWindows, plans) => windowsSeries(seriesWindows, this.#sums, plans),
    };
    return {
      ...inputs,
      span,
      // An interval meter's coverage reads every interval of the windows: only usage needs it.
      coverage: once(() => this.#coverage(windows)),
      hasExport: this.#intervals.hasAny('export'),
      now: nowEpochSeconds(),
    };
  }

  /** Where the meter has data inside the windows' extent. */
  #coverage(windows: readonly Window[]): Coverage {
    const span = this.#sums.span();
    if (span === null || windows.length === 0) return new Coverage([]);
    const from = Math.min(...windows.map((window) => window[0]));
    const to = Math.max(...windows.map((window) => window[1]));
    const spans: [number, number][] = [];
    if (this.#sums.importSource() === 'readings') {
      const ends = this.#readings.ends();
      if (ends) spans.push([ends.first.time, ends.last.time]);
    }
    for (const channel of ['import', 'export'] as const) {
      for (const interval of this.#intervals.overlapping(channel, from, to)) {
        spans.push([interval.start, interval.end]);
      }
    }
    return new Coverage(spans);
  }

  /** A window's usage priced on every plan, with the account's plan and its cost to the account. */
  async prices(call: MeterCall, window: TimeWindow): Promise<MeterPrices | Revoked> {
    if (!(await this.#enter(call))) return REVOKED;
    const span = this.#sums.span();
    const resolved: Window = span
      ? [window.from ?? span.first, Math.max(window.to ?? span.last, window.from ?? span.first)]
      : [0, 0];
    const inputs = await this.#pricingInputs([resolved]);
    const price = priceWindow(inputs, window);
    const [accountCost] = price ? accountCosts(inputs, [[price.from, price.to]]) : [null];
    return {
      pricePlanId: currentPlanId(inputs, inputs.now),
      hasExport: inputs.hasExport,
      price,
      accountCost: accountCost ?? null,
    };
  }

  /**
   * One page of usage over calendar intervals; `null` when the meter has no data at all. A later
   * page of a stream names the history of its first one.
   */
  async usagePage(
    call: MeterCall,
    query: UsageQuery,
    history?: number,
  ): Promise<StreamPage<UsagePage> | null | Revoked | MisplacedStart | Erased> {
    if (!(await this.#enter(call))) return REVOKED;
    const current = this.#history();
    if (history !== undefined && history !== current) return ERASED;
    const span = this.#sums.span();
    if (span === null) return null;
    const from = query.startAt ?? query.from ?? span.first;
    const inputs = await this.#pricingInputs([[from, query.to ?? span.last]]);
    const page = usagePage(inputs, query);
    return page === null || isMisplacedStart(page) ? page : { ...page, history: current };
  }

  /**
   * Everything a customer's page shows, in one call whatever the history: the period's slots and
   * every plan's price, the previous period's and today's totals, the latest power, and the
   * yearly figures of advice.
   */
  async dashboard(call: MeterCall, query: DashboardQuery): Promise<DashboardFigures | Revoked> {
    // The page's advice: a fifth of the use moved to cheap hours, the next cheap three hours.
    const advice = await this.advice(call, { flexibleShare: 0.2, hours: 3 });
    if (isRevoked(advice)) return REVOKED;
    const inputs = await this.#pricingInputs([]);
    const scope = dashboardScope(inputs, query);
    const windows = [scope.window, scope.previous, scope.today].filter((w) => w !== null);
    const days = this.#sums.daysPriced(windows);
    if (days) await this.#sums.loadRates(days[0], days[1]);
    const span = this.#sums.span();
    const source = this.#sums.importSource();
    // The latest reading, or the mean power of the latest import interval.
    const lastInterval =
      source === 'intervals' && span
        ? this.#intervals.overlapping('import', span.last - SECONDS_PER_DAY, span.last).at(-1)
        : undefined;
    const powerKw =
      source === 'readings'
        ? (this.#readings.ends()?.last.reading ?? null)
        : lastInterval
          ? (lastInterval.kwh * 3600) / (lastInterval.end - lastInterval.start)
          : null;
    return dashboardFigures(
      { ...inputs, coverage: once(() => this.#coverage(scope.window ? [scope.window] : [])) },
      scope,
      {
        advice,
        latest: span && { time: span.last, powerKw },
      },
    );
  }

  // Advice.

  /**
   * Advice over the last year of data: every plan's annual cost as used now and with the flexible
   * share moved to each day's cheapest rate, when to move it, and the next cheap window of plans
   * with published rates; `null` for a meter without data.
   */
  async advice(
    call: MeterCall,
    query: { readonly flexibleShare: number; readonly hours: number },
  ): Promise<Advice | null | Revoked> {
    if (!(await this.#enter(call))) return REVOKED;
    const span = this.#sums.span();
    if (span === null) return null;
    const basis = adviceBasis(span);
    const inputs = await this.#pricingInputs([[basis.from, basis.to]]);
    const now = nowEpochSeconds();
    const ahead = now + (24 + query.hours) * 3600;
    await this.#sums.loadRatesBetween(now, ahead);
    return advise(inputs, {
      basis,
      ...query,
      now,
      dynamicRates: (planId) => this.#sums.dynamicRates(planId),
      upcomingRates: (planId) => {
        const plan = this.#sums.catalogue.plans.find((candidate) => candidate.id === planId);
        if (!plan?.hasDynamicRates) return null;
        return ratesBetween(this.#sums.dynamicRates(planId).import, now, ahead);
      },
    });
  }

  // The account.

  /** The plan in force now and the account's switches, each with where it ends. */
  async account(call: MeterCall): Promise<AccountView | Revoked> {
    if (!(await this.#enter(call, 'data'))) return REVOKED;
    const history = this.#accountHistory();
    const current = switchAt(this.#pricedHistory(), nowEpochSeconds())?.pricePlanId;
    return {
      // As stored, even a plan the catalogue no longer offers (prices treat it as no account);
      // none before a first switch still to come.
      pricePlanId: current === undefined || current === NO_PLAN ? null : current,
      history: history.map((entry, index) => ({
        pricePlanId: entry.pricePlanId,
        from: entry.from,
        to: history[index + 1]?.from ?? null,
      })),
    };
  }

  /**
   * Switches the account onto a plan from an instant (the caller has checked the plan exists); a
   * switch earlier than the latest one is refused, one at the same instant replaces it.
   */
  async switchAccount(
    pricePlanId: string,
    from: number,
  ): Promise<{ switched: true } | SwitchTooEarly> {
    const stored = this.#account.switches();
    const latest = stored.at(-1)?.from ?? null;
    if (latest !== null && from < latest) return { latestSwitch: latest };
    // A trial meter's trial plan holds until its first stored switch.
    const trial = trialPricePlanOf(this.ctx.id.name);
    this.#transaction(() => {
      if (stored.length === 0 && trial !== null && trial !== pricePlanId) {
        this.#account.add({ pricePlanId: trial, from: null });
      }
      this.#account.add({ pricePlanId, from });
    });
    this.#switches = undefined;
    // The fleet's switch candidates follow the account.
    if (this.#fleet.enabled) await this.#fleet.sendCandidate(await this.#candidate());
    return { switched: true };
  }

  // Live.

  /**
   * Opens a live socket: the one request that is not RPC, as RPC cannot carry a WebSocket. The
   * Worker has checked the token and forwards the upgrade; the meter checks it is not revoked.
   */
  override async fetch(request: Request): Promise<Response> {
    const call = liveCallOf(request);
    if (!(await this.#enter(call))) return revokedUpgrade();
    if (this.#live.full) return fullUpgrade();
    return this.#live.accept(call, await this.#liveFigures());
  }

  /** The runtime answers pings (LIVE_PING) itself; a client has nothing else to say. */
  override webSocketMessage(): void {}

  override webSocketClose(socket: WebSocket, code: number, reason: string): void {
    this.#live.closedByClient(socket, code, reason);
  }

  override webSocketError(_socket: WebSocket, error: unknown): void {
    console.warn(JSON.stringify({ type: 'live-socket-error', message: String(error) }));
  }

  /** What live sockets are told now: the latest power, today's energy and cost so far. */
  async #liveFigures(): Promise<LiveFigures> {
    await this.#work.settle(undefined);
    const now = nowEpochSeconds();
    const inputs = await this.#pricingInputs([[now - TODAY_REACH_SECONDS, now]]);
    return liveFigures(inputs, this.#data.latestImport());
  }

  // Erasure.

  /**
   * Erases the meter in one transaction: readings, intervals, sums and account. Afterwards it
   * answers as a meter that never existed, and a store starts afresh. Revocations stay, and the
   * viewer tokens issued until now are revoked: the household whose data was erased must not read
   * the data of the next one on this meter. Device tokens, the meter's own, still hold.
   */
  async erase(): Promise<void> {
    const viewersRevokedBefore = revokedBeforeNow();
    const source = this.#sums.importSource();
    const heldBack = this.#transaction(() => {
      // The fleet's totals keep the meter's energy, what was held back of it included.
      const change = this.#fleet.enabled ? this.#fleet.takeHeldBack(source) : null;
      this.#fleet.forgetTail();
      this.ctx.storage.kv.put(HISTORY_KEY, this.#history() + 1);
      this.ctx.storage.kv.delete(CANDIDATE_DATA_KEY);
      this.#readings.deleteAll();
      this.#intervals.deleteAll();
      this.#daySums.deleteAll();
      this.#gaps.deleteAll();
      this.#account.deleteAll();
      this.#work.clear();
      this.#revocations.revoke('viewer', viewersRevokedBefore);
      return change;
    });
    this.#sums.dataChanged();
    this.#switches = undefined;
    this.#revokedBefore = undefined;
    this.#live.closeErased();
    if (heldBack !== null) await this.#fleet.send(heldBack);
    // The meter leaves the switch candidates; the fleet's totals hold no meter and keep its energy.
    await this.#fleet.sendCandidate({
      smartMeterId: this.ctx.id.name ?? '',
      version: Date.now(),
      candidate: null,
    });
  }

  /** The catalogue this meter prices with (for tests and diagnostics). */
  catalogue(): Catalogue {
    return this.#sums.catalogue;
  }
}

export { parseCatalogue };
