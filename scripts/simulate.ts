/**
 * `npm run simulate -- --meters N --days D`: posts seeded household power curves for N meters over
 * the last D days through the public API, so that usage, costs and recommendations can be tried
 * on realistic data and the API can be loaded with it. `--help` lists the options.
 */
import { type HouseholdProfile, householdProfile, householdReadings } from './household-power.ts';
import { authorizationFor, type Outcome, postReadings } from './post-readings.ts';
import { parseCommandLine, type SimulationOptions, USAGE } from './simulate-options.ts';
import { progressReporter } from './simulate-progress.ts';

// The API contract's limit per POST /readings/store.
const MAX_READINGS_PER_REQUEST = 10_000;
const SECONDS_PER_DAY = 86_400;

/** Which readings each meter gets: the same times for every meter. */
interface ReadingSchedule {
  readonly firstEpochSeconds: number;
  readonly lastEpochSeconds: number;
  readonly readingsPerMeter: number;
  readonly readingsPerRequest: number;
  readonly requestsPerMeter: number;
}

/** One request's worth of readings: a slice of one meter's schedule. */
interface Batch {
  readonly meterIndex: number;
  readonly firstReading: number;
  readonly count: number;
}

/** Running totals for the summary. */
interface Tally {
  requests: number;
  storedReadings: number;
  readonly errors: Map<string, number>;
  readonly firstDetails: Map<string, string>;
}

/** Times aligned to the interval in (now − D days, now]: D days of readings, never after now. */
function readingSchedule(options: SimulationOptions, nowEpochSeconds: number): ReadingSchedule {
  const { intervalSeconds, days } = options;
  const lastEpochSeconds = Math.floor(nowEpochSeconds / intervalSeconds) * intervalSeconds;
  // Open at the start, so that one day at 60 s is 1,440 readings, not a 1,441st in a request of its own.
  const firstEpochSeconds =
    (Math.floor((nowEpochSeconds - days * SECONDS_PER_DAY) / intervalSeconds) + 1) *
    intervalSeconds;
  const readingsPerMeter = Math.max(
    0,
    (lastEpochSeconds - firstEpochSeconds) / intervalSeconds + 1,
  );
  // A day of readings a request keeps requests alike whatever the interval, within the API's cap.
  const readingsPerRequest = Math.min(
    MAX_READINGS_PER_REQUEST,
    Math.max(1, Math.floor(SECONDS_PER_DAY / intervalSeconds)),
  );
  const requestsPerMeter = Math.ceil(readingsPerMeter / readingsPerRequest);
  return {
    firstEpochSeconds,
    lastEpochSeconds,
    readingsPerMeter,
    readingsPerRequest,
    requestsPerMeter,
  };
}

/**
 * Every request, day by day across meters rather than meter by meter: each meter is one Durable
 * Object that stores one batch at a time, so requests in flight together should reach different meters.
 */
function* batches(meters: number, schedule: ReadingSchedule): Generator<Batch> {
  for (let request = 0; request < schedule.requestsPerMeter; request++) {
    const firstReading = request * schedule.readingsPerRequest;
    const count = Math.min(schedule.readingsPerRequest, schedule.readingsPerMeter - firstReading);
    for (let meterIndex = 0; meterIndex < meters; meterIndex++) {
      yield { meterIndex, firstReading, count };
    }
  }
}

function record(tally: Tally, outcome: Outcome, readings: number): void {
  tally.requests += 1;
  if (outcome.kind === 'stored') {
    tally.storedReadings += readings;
    return;
  }
  tally.errors.set(outcome.error, (tally.errors.get(outcome.error) ?? 0) + 1);
  if (!tally.firstDetails.has(outcome.error)) tally.firstDetails.set(outcome.error, outcome.detail);
}

const count = (value: number): string => value.toLocaleString('en-US');
const isoTime = (epochSeconds: number): string =>
  new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');

function printSummary(
  options: SimulationOptions,
  schedule: ReadingSchedule,
  profiles: readonly HouseholdProfile[],
  tally: Tally,
  elapsedSeconds: number,
): void {
  const totalReadings = schedule.readingsPerMeter * options.meters;
  const evMeters = profiles.filter((profile) => profile.ev !== null).length;
  const errors = [...tally.errors].map(([error, times]) => `${error}: ${count(times)}`);
  const perSecond = (value: number) => count(Math.round(value / elapsedSeconds));
  console.log(
    [
      `meters:          ${count(options.meters)} (${options.prefix}-0 … ${options.prefix}-${options.meters - 1}; ${evMeters} charging an EV)`,
      `days:            ${options.days} (${isoTime(schedule.firstEpochSeconds)} … ${isoTime(schedule.lastEpochSeconds)})`,
      `interval:        ${options.intervalSeconds} s (seed ${options.seed})`,
      `requests:        ${count(tally.requests)} (up to ${count(schedule.readingsPerRequest)} readings each, ${options.concurrency} at once)`,
      `readings stored: ${count(tally.storedReadings)} of ${count(totalReadings)}`,
      `errors:          ${errors.length === 0 ? 'none' : errors.join(', ')}`,
      `elapsed:         ${elapsedSeconds.toFixed(2)} s`,
      `throughput:      ${perSecond(tally.storedReadings)} readings/s, ${(tally.requests / elapsedSeconds).toFixed(1)} requests/s`,
    ].join('\n'),
  );
  for (const [error, detail] of tally.firstDetails) console.error(`first ${error}: ${detail}`);
}

/** Where and how every batch is sent, shared by the workers. */
interface Sender {
  readonly storeUrl: URL;
  readonly authorization: (smartMeterId: string) => Promise<Record<string, string>>;
  readonly profiles: readonly HouseholdProfile[];
  readonly tally: Tally;
}

async function sendBatch(
  sender: Sender,
  options: SimulationOptions,
  schedule: ReadingSchedule,
  batch: Batch,
): Promise<void> {
  const smartMeterId = `${options.prefix}-${batch.meterIndex}`;
  const profile = sender.profiles[batch.meterIndex] as HouseholdProfile;
  const fromEpochSeconds =
    schedule.firstEpochSeconds + batch.firstReading * options.intervalSeconds;
  const electricityReadings = householdReadings(
    profile,
    fromEpochSeconds,
    options.intervalSeconds,
    batch.count,
  );
  const body = JSON.stringify({ smartMeterId, electricityReadings });
  const authorization = await sender.authorization(smartMeterId);
  record(sender.tally, await postReadings(sender.storeUrl, body, authorization), batch.count);
}

/** Posts every batch with `options.concurrency` requests in flight; returns the totals. */
async function simulate(options: SimulationOptions, schedule: ReadingSchedule): Promise<Tally> {
  const sender: Sender = {
    // A relative path keeps any path prefix of --url (an API behind /energy/, say).
    storeUrl: new URL('readings/store', options.baseUrl.href.replace(/\/?$/, '/')),
    authorization: authorizationFor(process.env.METER_TOKEN_KEY),
    profiles: Array.from({ length: options.meters }, (_, i) => householdProfile(options.seed, i)),
    tally: { requests: 0, storedReadings: 0, errors: new Map(), firstDetails: new Map() },
  };
  const totalReadings = schedule.readingsPerMeter * options.meters;
  console.error(
    `Posting ${count(totalReadings)} readings for ${count(options.meters)} meters to ` +
      `${sender.storeUrl.href} ${process.env.METER_TOKEN_KEY ? 'with' : 'without'} meter tokens`,
  );
  const progress = progressReporter(totalReadings, process.stderr);
  const startMs = performance.now();
  const jobs = batches(options.meters, schedule);
  // The workers share one generator, so a batch is built only when a request slot is free.
  const worker = async (): Promise<void> => {
    for (const batch of jobs) {
      await sendBatch(sender, options, schedule, batch);
      progress.advance(batch.count);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  progress.finish();
  const elapsedSeconds = (performance.now() - startMs) / 1000;
  printSummary(options, schedule, sender.profiles, sender.tally, elapsedSeconds);
  return sender.tally;
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
  } else {
    const tally = await simulate(options, schedule);
    if (tally.errors.size > 0) process.exitCode = 1;
  }
}
