/**
 * The live scenario of `npm run bench`: 1,000 sockets open on one meter, how soon a store's
 * update reaches every one of them, and what holding them costs the store itself.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WatchersCommand, WatchersReport, WatchersSetup } from './live-watchers.ts';
import { percentile } from './load.ts';
import { count } from './measure.ts';
import { readingKw } from './readings.ts';
import { type ResultRow, targetNote } from './report.ts';
import { authorizationHeader, prepareTokens } from './tokens.ts';

/** The meter the sockets are opened on; no other scenario writes to it. */
export const LIVE_METER_ID = 'bench-live';
const SOCKETS = 1_000;
/** Threads holding the sockets (one a core, up to 4), none the one that times the stores. */
const THREADS = Math.min(4, availableParallelism());
/** Sockets being opened at once (a crowd of pages loading, not one burst of 1,000). */
const OPENING_AT_ONCE = 50;
const READINGS_PER_STORE = 5;
const WARM_UP_STORES = 5;
const MEASURED_STORES = 40;
/**
 * Pause between stores: a busy meter's pace (real ones post every few seconds or minutes), so
 * each store meets the meter idle, as it would in production.
 */
const STORE_GAP_MS = 100;
const UPDATE_TIMEOUT_MS = 10_000;
const OPEN_TIMEOUT_MS = 120_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Wall-clock milliseconds that compare across threads. */
const now = () => performance.timeOrigin + performance.now();

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/**
 * Readings one a second, ending a little before the scenario starts: today's figures, which
 * every update carries, have data to sum.
 */
const FIRST_READING_TIME = Math.floor(Date.now() / 1000) - 1_000;

/** The store body of the `store`th batch. */
function storeBody(store: number): string {
  const electricityReadings = Array.from({ length: READINGS_PER_STORE }, (_, offset) => {
    const index = store * READINGS_PER_STORE + offset;
    return { time: FIRST_READING_TIME + index, reading: readingKw(index) };
  });
  return JSON.stringify({ smartMeterId: LIVE_METER_ID, electricityReadings });
}

/** Each store's time, from sending it to its whole answer; `afterStore` runs after each. */
async function timeStores(
  origin: string,
  firstStore: number,
  stores: number,
  afterStore: (sentAt: number) => Promise<void> = async () => {},
): Promise<number[]> {
  const storeMs: number[] = [];
  for (let store = firstStore; store < firstStore + stores; store++) {
    const body = storeBody(store);
    const sentAt = now();
    const response = await fetch(`${origin}/readings/store`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authorizationHeader(LIVE_METER_ID) },
      body,
    });
    await response.arrayBuffer();
    storeMs.push(now() - sentAt);
    if (!response.ok) throw new Error(`POST /readings/store: HTTP ${response.status}`);
    await afterStore(sentAt);
    await pause(STORE_GAP_MS);
  }
  return storeMs;
}

/** The threads holding the sockets, and how to ask them all at once. */
class WatcherThreads {
  readonly #threads: Worker[];

  private constructor(threads: Worker[]) {
    this.#threads = threads;
  }

  /** Starts the threads, each opening its share of the sockets; each one's time to its snapshot. */
  static async open(origin: string): Promise<{ threads: WatcherThreads; openMs: number[] }> {
    const url = `${origin.replace(/^http/, 'ws')}/meters/${LIVE_METER_ID}/live`;
    const threads = Array.from({ length: THREADS }, (_, index) => {
      const setup: WatchersSetup = {
        url,
        headers: authorizationHeader(LIVE_METER_ID),
        sockets: Math.floor(SOCKETS / THREADS) + (index < SOCKETS % THREADS ? 1 : 0),
        openingAtOnce: Math.ceil(OPENING_AT_ONCE / THREADS),
      };
      return new Worker(new URL('./live-watchers.ts', import.meta.url), { workerData: setup });
    });
    const watcherThreads = new WatcherThreads(threads);
    const opened = await watcherThreads.#answers(undefined, 'opened', OPEN_TIMEOUT_MS);
    return { threads: watcherThreads, openMs: opened.flatMap((report) => report.openMs) };
  }

  /** Sends every thread a command (if any) and waits for each one's report of that kind. */
  #answers<Kind extends WatchersReport['kind']>(
    command: WatchersCommand | undefined,
    kind: Kind,
    timeoutMs: number,
  ): Promise<Extract<WatchersReport, { kind: Kind }>[]> {
    return Promise.all(
      this.#threads.map(
        (thread) =>
          new Promise<Extract<WatchersReport, { kind: Kind }>>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`live: no ${kind} report within ${timeoutMs} ms`)),
              timeoutMs,
            );
            thread.once('message', (report: WatchersReport) => {
              clearTimeout(timer);
              if (report.kind === kind) resolve(report as Extract<WatchersReport, { kind: Kind }>);
              else reject(new Error(`live: ${JSON.stringify(report)} instead of ${kind}`));
            });
            if (command !== undefined) thread.postMessage(command);
          }),
      ),
    );
  }

  /** Each socket's delay from `sentAt` to its first update after it. */
  async updateDelays(sentAt: number): Promise<number[]> {
    const reports = await this.#answers(
      { kind: 'updates-after', time: sentAt },
      'updates',
      UPDATE_TIMEOUT_MS,
    );
    return reports.flatMap((report) => report.at.map((at) => at - sentAt));
  }

  async close(): Promise<void> {
    await this.#answers({ kind: 'close' }, 'closed', UPDATE_TIMEOUT_MS);
    await Promise.all(this.#threads.map((thread) => thread.terminate()));
  }
}

/**
 * 1,000 sockets on one meter: the delay from a store's request to its update at each socket
 * (p99 ≤ 250 ms), and the store's own latency with them open against without (≤ 2×), stores
 * paced STORE_GAP_MS apart. Rows in the shape of the results table.
 */
export async function measureLive(origin: string): Promise<ResultRow[]> {
  await prepareTokens([LIVE_METER_ID]);
  await timeStores(origin, 0, WARM_UP_STORES);
  const withoutMs = sorted(await timeStores(origin, WARM_UP_STORES, MEASURED_STORES));

  const opening = now();
  const { threads, openMs } = await WatcherThreads.open(origin);
  const openingSeconds = (now() - opening) / 1000;
  const delaysMs: number[] = [];
  const firstStore = WARM_UP_STORES + MEASURED_STORES;
  let withMs: number[];
  try {
    await timeStores(origin, firstStore, WARM_UP_STORES);
    withMs = sorted(
      await timeStores(origin, firstStore + WARM_UP_STORES, MEASURED_STORES, async (sentAt) => {
        delaysMs.push(...(await threads.updateDelays(sentAt)));
      }),
    );
  } finally {
    await threads.close();
  }

  const delays = sorted(delaysMs);
  const stores = `${count.format(MEASURED_STORES)} stores of ${READINGS_PER_STORE} readings, ${STORE_GAP_MS} ms apart`;
  const withoutP50 = percentile(withoutMs, 0.5);
  const withP50 = percentile(withMs, 0.5);
  return [
    {
      measurement: `live: opening ${count.format(SOCKETS)} sockets on one meter, ${OPENING_AT_ONCE} at a time (ms to each snapshot)`,
      connections: SOCKETS,
      p50Ms: percentile(sorted(openMs), 0.5),
      p99Ms: percentile(sorted(openMs), 0.99),
      note: `all open in ${openingSeconds.toFixed(1)} s`,
    },
    {
      measurement: `live: a store's update reaching each of ${count.format(SOCKETS)} sockets (ms from the store's request; ${stores})`,
      connections: SOCKETS,
      p50Ms: percentile(delays, 0.5),
      p99Ms: percentile(delays, 0.99),
      note: targetNote('p99 ≤ 250 ms', percentile(delays, 0.99) <= 250),
    },
    {
      measurement: `live: POST /readings/store without sockets (${stores})`,
      connections: 1,
      p50Ms: withoutP50,
      p99Ms: percentile(withoutMs, 0.99),
    },
    {
      measurement: `live: POST /readings/store with ${count.format(SOCKETS)} sockets open on its meter (${stores})`,
      connections: 1,
      p50Ms: withP50,
      p99Ms: percentile(withMs, 0.99),
      note: targetNote(
        `p50 ≤ 2× without (${(withP50 / withoutP50).toFixed(2)}×)`,
        withP50 <= 2 * withoutP50,
      ),
    },
  ];
}
