/**
 * The live scenario of `npm run bench`: 1,000 sockets open on one meter, how soon a store's
 * update reaches every one of them, and what holding them costs the store itself.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { INTERLEAVED_RUNS } from './interleave.ts';
import type { WatchersCommand, WatchersReport, WatchersSetup } from './live-watchers.ts';
import { percentile } from './load.ts';
import { count } from './measure.ts';
import { ratiosPerRun, summarizeRuns } from './ratio-math.ts';
import { readingKw } from './readings.ts';
import { type ResultRow, TARGETS_ARE_INTERLEAVED } from './report.ts';
import { absoluteLine, type TargetLine } from './targets.ts';
import { authorizationHeader, prepareTokens } from './tokens.ts';

/** The meter the sockets are opened on; no other scenario writes to it. */
export const LIVE_METER_ID = 'bench-live';
/** The same stores with no socket open: the reference the live meter's stores are compared with. */
const QUIET_METER_ID = 'bench-live-quiet';
const SOCKETS = 1_000;
/** Threads holding the sockets (one a core, up to 4), none the one that times the stores. */
const THREADS = Math.min(4, availableParallelism());
/** Sockets being opened at once (a crowd of pages loading, not one burst of 1,000). */
const OPENING_AT_ONCE = 50;
const READINGS_PER_STORE = 5;
const WARM_UP_STORES = 5;
/** Stores of one meter in a row, before the other meter's turn (an interleaved block). */
const STORES_PER_BLOCK = 5;
/** Blocks of each meter in a run, in the order quiet, live, live, quiet, … */
const BLOCKS_PER_RUN = 4;
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

/** The store body of the `store`th batch of a meter. */
function storeBody(meterId: string, store: number): string {
  const electricityReadings = Array.from({ length: READINGS_PER_STORE }, (_, offset) => {
    const index = store * READINGS_PER_STORE + offset;
    return { time: FIRST_READING_TIME + index, reading: readingKw(index) };
  });
  return JSON.stringify({ smartMeterId: meterId, electricityReadings });
}

/** Each store's time, from sending it to its whole answer; `afterStore` runs after each. */
async function timeStores(
  origin: string,
  meterId: string,
  firstStore: number,
  stores: number,
  afterStore: (sentAt: number) => Promise<void> = async () => {},
): Promise<number[]> {
  const storeMs: number[] = [];
  for (let store = firstStore; store < firstStore + stores; store++) {
    const body = storeBody(meterId, store);
    const sentAt = now();
    const response = await fetch(`${origin}/readings/store`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authorizationHeader(meterId) },
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

/** One run's figures: each meter's stores (ms) and the live sockets' update delays (ms). */
interface LiveRun {
  readonly quietMs: number[];
  readonly liveMs: number[];
  readonly delaysMs: number[];
}

/**
 * One run: blocks of STORES_PER_BLOCK stores on the quiet meter and on the live one, in the
 * order quiet, live, live, quiet, … so that the machine's drift weighs on both alike.
 */
async function interleavedRun(
  origin: string,
  threads: WatcherThreads,
  next: { quiet: number; live: number },
): Promise<LiveRun> {
  const run: LiveRun = { quietMs: [], liveMs: [], delaysMs: [] };
  for (let block = 0; block < 2 * BLOCKS_PER_RUN; block++) {
    const live = block % 4 === 1 || block % 4 === 2;
    if (live) {
      const ms = await timeStores(
        origin,
        LIVE_METER_ID,
        next.live,
        STORES_PER_BLOCK,
        async (at) => {
          run.delaysMs.push(...(await threads.updateDelays(at)));
        },
      );
      run.liveMs.push(...ms);
      next.live += STORES_PER_BLOCK;
    } else {
      run.quietMs.push(...(await timeStores(origin, QUIET_METER_ID, next.quiet, STORES_PER_BLOCK)));
      next.quiet += STORES_PER_BLOCK;
    }
  }
  return run;
}

/**
 * 1,000 sockets on one meter: the delay from a store's request to its update at each socket
 * (p99 ≤ 250 ms), and the store's own latency with them open against the same stores on a meter
 * with none (p50 ≤ 2×), interleaved in blocks, three runs; stores paced STORE_GAP_MS apart.
 */
export async function measureLive(
  origin: string,
): Promise<{ rows: ResultRow[]; targets: TargetLine[] }> {
  await prepareTokens([LIVE_METER_ID, QUIET_METER_ID]);
  await timeStores(origin, LIVE_METER_ID, 0, WARM_UP_STORES);
  await timeStores(origin, QUIET_METER_ID, 0, WARM_UP_STORES);

  const opening = now();
  const { threads, openMs } = await WatcherThreads.open(origin);
  const openingSeconds = (now() - opening) / 1000;
  const runs: LiveRun[] = [];
  try {
    const next = { quiet: WARM_UP_STORES, live: WARM_UP_STORES };
    // A warm-up block of each meter with the sockets open, discarded.
    await timeStores(origin, QUIET_METER_ID, next.quiet, STORES_PER_BLOCK);
    await timeStores(origin, LIVE_METER_ID, next.live, STORES_PER_BLOCK, async (at) => {
      await threads.updateDelays(at);
    });
    next.quiet += STORES_PER_BLOCK;
    next.live += STORES_PER_BLOCK;
    for (let run = 0; run < INTERLEAVED_RUNS; run++) {
      runs.push(await interleavedRun(origin, threads, next));
    }
  } finally {
    await threads.close();
  }
  return liveFigures(runs, openMs, openingSeconds);
}

function liveFigures(
  runs: readonly LiveRun[],
  openMs: readonly number[],
  openingSeconds: number,
): { rows: ResultRow[]; targets: TargetLine[] } {
  const storesPerRun = STORES_PER_BLOCK * BLOCKS_PER_RUN;
  const stores = `${count.format(storesPerRun * runs.length)} stores of ${READINGS_PER_STORE} readings, ${STORE_GAP_MS} ms apart, in blocks of ${STORES_PER_BLOCK} alternating with the other meter`;
  const all = (pick: (run: LiveRun) => number[]) => sorted(runs.flatMap(pick));
  const delays = all((run) => run.delaysMs);
  const quiet = all((run) => run.quietMs);
  const live = all((run) => run.liveMs);
  const p99Runs = summarizeRuns(runs.map((run) => percentile(sorted(run.delaysMs), 0.99)));
  const p50 = (values: number[]) => percentile(sorted(values), 0.5);
  const ratio = summarizeRuns(
    ratiosPerRun(
      runs.map((run) => p50(run.liveMs)),
      runs.map((run) => p50(run.quietMs)),
    ),
  );
  const delaySubject = `live: a store's update reaching each of ${count.format(SOCKETS)} sockets on one meter (ms from the store's request; ${stores})`;
  const storeSubject = `live: POST /readings/store with ${count.format(SOCKETS)} sockets open on its meter`;
  const quietSubject = 'the same stores on a meter with no socket';
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const ratioText = (value: number) => `${value.toFixed(2)}×`;
  const rows: ResultRow[] = [
    {
      measurement: `live: opening ${count.format(SOCKETS)} sockets on one meter, ${OPENING_AT_ONCE} at a time (ms to each snapshot)`,
      connections: SOCKETS,
      p50Ms: percentile(sorted(openMs), 0.5),
      p99Ms: percentile(sorted(openMs), 0.99),
      note: `all open in ${openingSeconds.toFixed(1)} s`,
    },
    {
      measurement: delaySubject,
      connections: SOCKETS,
      p50Ms: percentile(delays, 0.5),
      p99Ms: percentile(delays, 0.99),
      note: TARGETS_ARE_INTERLEAVED,
    },
    {
      measurement: `live: POST /readings/store on a meter with no socket (${stores})`,
      connections: 1,
      p50Ms: percentile(quiet, 0.5),
      p99Ms: percentile(quiet, 0.99),
    },
    {
      measurement: `${storeSubject} (${stores})`,
      connections: 1,
      p50Ms: percentile(live, 0.5),
      p99Ms: percentile(live, 0.99),
      note: TARGETS_ARE_INTERLEAVED,
    },
  ];
  const targets: TargetLine[] = [
    absoluteLine(
      '19',
      'p99 ≤ 250 ms on local workerd',
      delaySubject,
      `p99 ${ms(percentile(delays, 0.99))} (all runs)`,
      percentile(delays, 0.99) <= 250,
      `p99 per run ${ms(p99Runs.min)}–${ms(p99Runs.max)} (${p99Runs.runs.map(ms).join(', ')})`,
    ),
    {
      source: '19',
      target: 'p50 ≤ 2× without sockets',
      subject: `${storeSubject} (p50 ${ms(percentile(live, 0.5))})`,
      reference: `${quietSubject} (p50 ${ms(percentile(quiet, 0.5))})`,
      value: ratioText(ratio.median),
      spread: `${ratioText(ratio.min)}–${ratioText(ratio.max)} (${ratio.runs.map(ratioText).join(', ')})`,
      met: ratio.median <= 2,
    },
  ];
  return { rows, targets };
}
