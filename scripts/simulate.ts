/**
 * `npm run simulate -- --meters N --days D`: posts seeded household power curves for N meters over
 * the last D days through the public API, so that usage, costs and recommendations can be tried
 * on realistic data and the API can be loaded with it. Solar households (--solar) also post their
 * export; --source intervals posts import as half-hourly kWh; --live measures the meters' live
 * feeds while posting. `--help` lists the options.
 */
import { awaitUpdates, type LiveFeeds, openLiveFeeds } from './live-feeds.ts';
import { authorizationFor, type Outcome, postJson } from './post-json.ts';
import { parseCommandLine, type SimulationOptions, USAGE } from './simulate-options.ts';
import { progressReporter } from './simulate-progress.ts';
import {
  batchRequests,
  type SimulatedHousehold,
  type StoreRequest,
  simulatedHouseholds,
} from './simulate-requests.ts';
import {
  type Batch,
  batches,
  halfHoursPerMeter,
  type ReadingSchedule,
  readingSchedule,
} from './simulate-schedule.ts';
import {
  emptyTally,
  liveFeedsHeardEverything,
  printSummary,
  type Tally,
} from './simulate-summary.ts';

// How long the live clients may take, after the last answer, to hear of the last stores.
const TRAILING_UPDATES_MS = 5_000;

function record(tally: Tally, smartMeterId: string, request: StoreRequest, outcome: Outcome): void {
  tally.requests += 1;
  if (outcome.kind === 'stored') {
    tally.stored[request.kind] += request.count;
    tally.exportedKwh += request.exportKwh;
    if (request.kind !== 'export') {
      const stores = tally.importStores.get(smartMeterId) ?? [];
      stores.push({ answeredAtMs: outcome.answeredAtMs, latestDataTime: request.latestDataTime });
      tally.importStores.set(smartMeterId, stores);
    }
    return;
  }
  tally.errors.set(outcome.error, (tally.errors.get(outcome.error) ?? 0) + 1);
  if (!tally.firstDetails.has(outcome.error)) tally.firstDetails.set(outcome.error, outcome.detail);
}

/** The latest data time a meter's import stores reached, or `null` before any. */
function latestStoredTime(tally: Tally, smartMeterId: string): number | null {
  const stores = tally.importStores.get(smartMeterId) ?? [];
  return stores.reduce<number | null>(
    (latest, store) => Math.max(latest ?? store.latestDataTime, store.latestDataTime),
    null,
  );
}

/** Runs a meter's work: at once, or after the work handed in before for the same meter. */
type MeterWork = (smartMeterId: string, work: () => Promise<void>) => Promise<void>;

const inParallel: MeterWork = (_smartMeterId, work) => work();

/**
 * Each meter's batches one after another, in the order they were handed in (time order): with
 * --live, an update's `time` then tells which of the meter's stores it holds.
 */
function meterTurns(): MeterWork {
  const lastTurn = new Map<string, Promise<void>>();
  return (smartMeterId, work) => {
    const turn = (lastTurn.get(smartMeterId) ?? Promise.resolve()).then(work);
    lastTurn.set(smartMeterId, turn);
    return turn;
  };
}

/** What the progress bar counts: the import's readings or half-hourly intervals. */
function progressUnits(options: SimulationOptions, schedule: ReadingSchedule) {
  return options.source === 'readings'
    ? { unit: 'readings', perMeter: schedule.readingsPerMeter }
    : { unit: 'intervals', perMeter: halfHoursPerMeter(schedule) };
}

/** Posts every batch with `options.concurrency` requests in flight; returns the totals. */
async function postEverything(
  options: SimulationOptions,
  schedule: ReadingSchedule,
  households: readonly SimulatedHousehold[],
  tally: Tally,
): Promise<void> {
  const authorization = authorizationFor(process.env.METER_TOKEN_KEY);
  const { unit, perMeter } = progressUnits(options, schedule);
  const total = perMeter * options.meters;
  const solarMeters = households.filter(({ solar }) => solar !== null).length;
  const base = options.baseUrl.href.replace(/\/?$/, '/');
  const target = options.source === 'readings' ? 'readings/store' : 'meters/…/intervals';
  console.error(
    `Posting ${total.toLocaleString('en-US')} ${unit} for ${options.meters.toLocaleString('en-US')} meters` +
      `${solarMeters > 0 ? ` (and the export of ${solarMeters} with solar panels)` : ''} to ` +
      `${base}${target} ${process.env.METER_TOKEN_KEY ? 'with' : 'without'} meter tokens`,
  );
  const progress = progressReporter(total, process.stderr, unit);
  const jobs = batches(options.meters, schedule);
  const inTurn = options.liveClients > 0 ? meterTurns() : inParallel;
  const send = async (household: SimulatedHousehold, batch: Batch): Promise<void> => {
    const headers = await authorization(household.smartMeterId);
    for (const request of batchRequests(options, schedule, household, batch)) {
      const outcome = await postJson(request.url, request.body, headers);
      record(tally, household.smartMeterId, request, outcome);
      if (request.kind !== 'export') progress.advance(request.count);
    }
  };
  // The workers share one generator, so a batch is built only when a request slot is free.
  const worker = async (): Promise<void> => {
    for (const batch of jobs) {
      const household = households[batch.meterIndex] as SimulatedHousehold;
      await inTurn(household.smartMeterId, () => send(household, batch));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  progress.finish();
}

/** Runs the simulation; answers whether everything was stored (and heard, with --live). */
async function simulate(options: SimulationOptions, schedule: ReadingSchedule): Promise<boolean> {
  const households = simulatedHouseholds(options);
  const opened =
    options.liveClients > 0
      ? await openLiveFeeds(
          options.baseUrl,
          households.map(({ smartMeterId }) => smartMeterId),
          options.liveClients,
          authorizationFor(process.env.METER_TOKEN_KEY, 'viewer'),
        )
      : null;
  const feeds: LiveFeeds | null = opened?.feeds ?? null;
  if (feeds?.kind === 'unavailable') console.error(`No live clients: ${feeds.reason}`);
  const tally = emptyTally();
  const startMs = performance.now();
  await postEverything(options, schedule, households, tally);
  const elapsedSeconds = (performance.now() - startMs) / 1000;
  if (feeds?.kind === 'open') {
    await awaitUpdates(
      feeds.sockets,
      (smartMeterId) => latestStoredTime(tally, smartMeterId),
      TRAILING_UPDATES_MS,
    );
  }
  opened?.close();
  printSummary(options, schedule, households, tally, feeds, elapsedSeconds);
  return tally.errors.size === 0 && (feeds === null || liveFeedsHeardEverything(feeds, tally));
}

const nowEpochSeconds = Math.floor(Date.now() / 1000);
const parsed = parseCommandLine(process.argv.slice(2), nowEpochSeconds);
if (parsed.kind === 'help') {
  console.log(USAGE);
} else if (parsed.kind === 'invalid') {
  for (const problem of parsed.problems) console.error(problem);
  console.error('Run with --help for usage.');
  process.exitCode = 2;
} else {
  const { options } = parsed;
  const schedule = readingSchedule(options, nowEpochSeconds);
  if (schedule.readingsPerMeter === 0) {
    console.error(
      `--days ${options.days} is shorter than --interval ${options.intervalSeconds}: no reading falls in it`,
    );
    process.exitCode = 2;
  } else if (options.source === 'intervals' && halfHoursPerMeter(schedule) === 0) {
    console.error(`--days ${options.days} holds no whole half hour: no interval falls in it`);
    process.exitCode = 2;
  } else {
    const succeeded = await simulate(options, schedule);
    // Live clients wait for the server to answer their close frame; a server that never does
    // (wrangler dev's proxy, seen here) would hold the finished run for 10 s more.
    if (options.liveClients > 0) process.exit(succeeded ? 0 : 1);
    if (!succeeded) process.exitCode = 1;
  }
}
