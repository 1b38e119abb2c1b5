/**
 * What a meter costs a year on Cloudflare's price list, measured: two years of a household's data
 * loaded through the API, then a day of its posts and a month of its reads, each counted by the
 * meter's own SQL cursors (`rowsWritten`, `rowsRead`, `sql.databaseSize`), workerd's CPU time, the
 * requests' wall time and, for the fleet view, the queue's messages and D1's own row counters.
 */
import { CLOUDFLARE_PRICES as PRICE, PRICES_AS_OF } from './cloudflare-prices.ts';
import { COST_FLEET_METER_IDS, COST_METER_IDS } from './meters.ts';
import { BATCH_SIZE, readingKw, readingTime, storeBody } from './readings.ts';
import { type BenchServer, FLEET_FLUSH_SECONDS } from './server.ts';
import { absoluteLine, type TargetLine } from './targets.ts';
import { authorizationHeader } from './tokens.ts';

/** The simulator's default household: a reading a minute, posted every 15 minutes. */
const READINGS_HOUSEHOLD_METER_ID = COST_METER_IDS[0] ?? '';
/** A half-hourly interval meter, its day of intervals uploaded once a day. */
const INTERVALS_HOUSEHOLD_METER_ID = COST_METER_IDS[1] ?? '';

const DAYS_KEPT = 2 * 365;
const READS_PER_YEAR = 30 * 12;
const MINUTES_PER_DAY = 1440;
const HALF_HOURS_PER_DAY = 48;
const SECONDS_PER_HALF_HOUR = 1800;
const READINGS_PER_POST = 15;
const MAX_INTERVALS_PER_UPLOAD = 20_000;
// The queue hands the consumer a batch within max_batch_timeout (5 s): quiet for longer is drained.
const QUEUE_QUIET_MS = 7_000;

/** The meter's storage counters, as `GET /__bench/storage/{id}` answers them. */
interface StorageUsage {
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly databaseSize: number;
}

/** The fleet consumer's counters, as `GET /__bench/fleet-d1` answers them. */
interface FleetUsage {
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly messages: number;
  readonly invocations: number;
}

/** What one kind of request cost the meter (Worker and Durable Object), on average. */
interface PerRequest {
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly cpuMs: number;
  readonly wallMs: number;
}

/** What the fleet's queue and D1 did for a run of requests, in all. */
interface FleetWork {
  /** CPU the queue's consumer spent on what the run fed the fleet. */
  readonly consumerCpuMs: number;
  readonly queueMessages: number;
  readonly consumerInvocations: number;
  readonly d1RowsRead: number;
  readonly d1RowsWritten: number;
}

/** The fleet's D1 and consumer work per queued message, in a fleet flushing the same hours. */
interface PerMessage {
  readonly d1RowsWritten: number;
  readonly d1RowsRead: number;
  readonly consumerInvocations: number;
}

/** A household's measured year. */
export interface MeterYear {
  readonly household: string;
  readonly postsPerYear: number;
  readonly readsPerYear: number;
  /** The meter's alarm sending what it held back from the fleet (FLEET_FLUSH_SECONDS). */
  readonly flushesPerYear: number;
  readonly databaseBytes: number;
  readonly post: PerRequest;
  readonly read: PerRequest;
  readonly flush: PerRequest;
  /** The fleet's queue and D1 over the year for this meter alone: the runs' totals, scaled. */
  readonly fleet: FleetWork;
  /** The same per message when 100 such meters flush the same hours, as a fleet does. */
  readonly atScale: PerMessage;
}

async function getJson<T>(origin: string, path: string): Promise<T> {
  const response = await fetch(`${origin}${path}`);
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

const storageOf = (origin: string, meterId: string) =>
  getJson<StorageUsage>(origin, `/__bench/storage/${meterId}`);
const fleetOf = (origin: string) => getJson<FleetUsage>(origin, '/__bench/fleet-d1');

/** Waits until the consumer has been given no message for a while: the queue is drained. */
async function drainQueue(origin: string): Promise<void> {
  let last = await fleetOf(origin);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, QUEUE_QUIET_MS));
    const now = await fleetOf(origin);
    if (now.messages === last.messages) return;
    last = now;
  }
}

async function send(origin: string, path: string, init: RequestInit): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${origin}${path}`, init);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: HTTP ${response.status}`);
  return performance.now() - started;
}

type RequestKind = 'post' | 'read' | 'flush';

/** One request of a run, and what kind it is. */
interface Step {
  readonly kind: RequestKind;
  readonly run: () => Promise<number>;
}

const NO_REQUEST: PerRequest = { rowsRead: 0, rowsWritten: 0, cpuMs: 0, wallMs: 0 };

/**
 * Runs the steps one after another, each on a cold meter (a household posts every 15 minutes and
 * reads once a day, and its alarm fires hours later: its object has been evicted in between, and
 * starts again for each request), and averages what each kind cost. Its rows are the object's
 * counters right after it, which count from its start; the queue is drained before and after, so
 * the run carries all the fleet work it caused.
 */
async function measureRun(
  server: BenchServer,
  meterId: string,
  steps: readonly Step[],
): Promise<{ perRequest: Record<RequestKind, PerRequest>; fleet: FleetWork }> {
  const { origin } = server;
  await drainQueue(origin);
  const fleetBefore = await fleetOf(origin);
  const totals = new Map<RequestKind, { n: number; sum: PerRequest }>();
  for (const step of steps) {
    await send(origin, `/__bench/restart/${meterId}`, { method: 'POST' });
    const cpuBefore = server.cpuSeconds();
    const wallMs = await step.run();
    const storage = await storageOf(origin, meterId);
    const cpuMs = (server.cpuSeconds() - cpuBefore) * 1000;
    const total = totals.get(step.kind) ?? { n: 0, sum: NO_REQUEST };
    totals.set(step.kind, {
      n: total.n + 1,
      sum: {
        rowsRead: total.sum.rowsRead + storage.rowsRead,
        rowsWritten: total.sum.rowsWritten + storage.rowsWritten,
        cpuMs: total.sum.cpuMs + cpuMs,
        wallMs: total.sum.wallMs + wallMs,
      },
    });
  }
  const cpuBeforeDrain = server.cpuSeconds();
  await drainQueue(origin);
  // The consumer's work for these requests; the drain's own polls add a little (an upper bound).
  const consumerCpuSeconds = server.cpuSeconds() - cpuBeforeDrain;
  const fleetAfter = await fleetOf(origin);
  const average = (kind: RequestKind): PerRequest => {
    const total = totals.get(kind);
    if (total === undefined) return NO_REQUEST;
    const { n, sum } = total;
    return {
      rowsRead: sum.rowsRead / n,
      rowsWritten: sum.rowsWritten / n,
      cpuMs: sum.cpuMs / n,
      wallMs: sum.wallMs / n,
    };
  };
  return {
    perRequest: { post: average('post'), read: average('read'), flush: average('flush') },
    fleet: {
      consumerCpuMs: consumerCpuSeconds * 1000,
      queueMessages: fleetAfter.messages - fleetBefore.messages,
      consumerInvocations: fleetAfter.invocations - fleetBefore.invocations,
      d1RowsRead: fleetAfter.rowsRead - fleetBefore.rowsRead,
      d1RowsWritten: fleetAfter.rowsWritten - fleetBefore.rowsWritten,
    },
  };
}

/** Fleet work over `runs` measured runs, each to count `timesAYear` times. */
function fleetPerYear(runs: readonly [FleetWork, number][]): FleetWork {
  const over = (pick: (work: FleetWork) => number) =>
    runs.reduce((total, [work, timesAYear]) => total + pick(work) * timesAYear, 0);
  return {
    consumerCpuMs: over((work) => work.consumerCpuMs),
    queueMessages: over((work) => work.queueMessages),
    consumerInvocations: over((work) => work.consumerInvocations),
    d1RowsRead: over((work) => work.d1RowsRead),
    d1RowsWritten: over((work) => work.d1RowsWritten),
  };
}

/** The flush the meter's alarm makes, FLEET_FLUSH_SECONDS after a store it held back. */
function flushStep(origin: string, meterId: string): Step {
  return {
    kind: 'flush',
    run: () => send(origin, `/__bench/fleet-flush/${meterId}`, { method: 'POST' }),
  };
}

// Meters set up, or flushed, at once while measuring the fleet at scale.
const FLEET_SETUP_IN_FLIGHT = 10;

async function eachAtOnce<T>(items: readonly T[], work: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: FLEET_SETUP_IN_FLIGHT }, worker));
}

/**
 * D1's and the consumer's work per message when many meters flush the same hours, as a fleet
 * does: the consumer sums a batch's messages into one row per half hour, so the rows a meter's
 * message costs shrink with the meters sharing its batch. `prepare` gives each meter a sent first
 * store and then held-back data; all of them are then flushed, as their alarms would.
 */
async function measureAtScale(
  server: BenchServer,
  meterIds: readonly string[],
  prepare: (meterId: string) => Promise<unknown>,
): Promise<PerMessage> {
  const { origin } = server;
  await eachAtOnce(meterIds, prepare);
  await drainQueue(origin);
  const before = await fleetOf(origin);
  await eachAtOnce(meterIds, (meterId) =>
    send(origin, `/__bench/fleet-flush/${meterId}`, { method: 'POST' }),
  );
  await drainQueue(origin);
  const after = await fleetOf(origin);
  const messages = Math.max(1, after.messages - before.messages);
  return {
    d1RowsWritten: (after.rowsWritten - before.rowsWritten) / messages,
    d1RowsRead: (after.rowsRead - before.rowsRead) / messages,
    consumerInvocations: (after.invocations - before.invocations) / messages,
  };
}

/** A month of a customer's reads: the dashboard, comparison, usage, advice and recommend. */
function monthOfReads(origin: string, meterId: string): Step[] {
  const headers = authorizationHeader(meterId);
  const paths = [
    `/meters/${meterId}/dashboard?period=month`,
    `/meters/${meterId}/comparison`,
    `/meters/${meterId}/usage?groupBy=day`,
    `/meters/${meterId}/advice`,
    `/price-plans/recommend/${meterId}`,
  ];
  return Array.from({ length: READS_PER_YEAR / 12 }, (_, i) => {
    const path = paths[i % paths.length] ?? '';
    return { kind: 'read', run: () => send(origin, path, { headers }) };
  });
}

function postReadings(origin: string, meterId: string, firstIndex: number, count: number) {
  return send(origin, '/readings/store', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authorizationHeader(meterId) },
    body: storeBody(meterId, firstIndex, count),
  });
}

/** The minute household: two years loaded in full batches, then a day of 15-minute posts. */
export async function measureReadingsHousehold(server: BenchServer): Promise<MeterYear> {
  const { origin } = server;
  const meterId = READINGS_HOUSEHOLD_METER_ID;
  const kept = DAYS_KEPT * MINUTES_PER_DAY;
  for (let first = 0; first < kept; first += BATCH_SIZE) {
    await postReadings(origin, meterId, first, Math.min(BATCH_SIZE, kept - first));
  }
  // A read first does whatever summing the bulk load left for later.
  await send(origin, `/meters/${meterId}/comparison`, { headers: authorizationHeader(meterId) });
  const { databaseSize } = await storageOf(origin, meterId);
  const postsPerDay = MINUTES_PER_DAY / READINGS_PER_POST;
  // The alarm fires FLEET_FLUSH_SECONDS after the first post it holds back: a flush every so many
  // posts (none without a delay: each post sends its own change).
  const postsPerFlush = FLEET_FLUSH_SECONDS / (READINGS_PER_POST * 60);
  const day: Step[] = [];
  for (let i = 0; i < postsPerDay; i++) {
    day.push({
      kind: 'post',
      run: () => postReadings(origin, meterId, kept + i * READINGS_PER_POST, READINGS_PER_POST),
    });
    if (postsPerFlush > 0 && (i + 1) % postsPerFlush === 0) day.push(flushStep(origin, meterId));
  }
  const posting = await measureRun(server, meterId, day);
  const reading = await measureRun(server, meterId, monthOfReads(origin, meterId));
  return {
    household: `a reading a minute, posted every 15 minutes (${READINGS_HOUSEHOLD_METER_ID})`,
    postsPerYear: postsPerDay * 365,
    readsPerYear: READS_PER_YEAR,
    flushesPerYear: day.filter((step) => step.kind === 'flush').length * 365,
    databaseBytes: databaseSize,
    post: posting.perRequest.post,
    read: reading.perRequest.read,
    flush: posting.perRequest.flush,
    fleet: fleetPerYear([
      [posting.fleet, 365],
      [reading.fleet, 12],
    ]),
    atScale: await measureAtScale(server, COST_FLEET_METER_IDS.readings, async (fleetMeterId) => {
      await postReadings(origin, fleetMeterId, 0, READINGS_PER_POST);
      for (let i = 1; i <= Math.max(1, postsPerFlush); i++) {
        await postReadings(origin, fleetMeterId, i * READINGS_PER_POST, READINGS_PER_POST);
      }
    }),
  };
}

/** Half-hourly import intervals from `firstHalfHour`, energy from the minute household's curve. */
function intervalsBody(firstHalfHour: number, count: number): string {
  const start = readingTime(0);
  const intervals = Array.from({ length: count }, (_, i) => {
    const halfHour = firstHalfHour + i;
    return {
      start: start + halfHour * SECONDS_PER_HALF_HOUR,
      end: start + (halfHour + 1) * SECONDS_PER_HALF_HOUR,
      kwh: Math.round(readingKw(halfHour * 30) * 500) / 1000,
    };
  });
  return JSON.stringify({ channel: 'import', intervals });
}

function uploadIntervals(origin: string, meterId: string, firstHalfHour: number, count: number) {
  return send(origin, `/meters/${meterId}/intervals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authorizationHeader(meterId) },
    body: intervalsBody(firstHalfHour, count),
  });
}

/** The interval meter: two years loaded, then a week of daily uploads of 48 half hours. */
export async function measureIntervalsHousehold(server: BenchServer): Promise<MeterYear> {
  const { origin } = server;
  const meterId = INTERVALS_HOUSEHOLD_METER_ID;
  const kept = DAYS_KEPT * HALF_HOURS_PER_DAY;
  for (let first = 0; first < kept; first += MAX_INTERVALS_PER_UPLOAD) {
    await uploadIntervals(origin, meterId, first, Math.min(MAX_INTERVALS_PER_UPLOAD, kept - first));
  }
  await send(origin, `/meters/${meterId}/comparison`, { headers: authorizationHeader(meterId) });
  const { databaseSize } = await storageOf(origin, meterId);
  // A day's upload is held back and sent by the alarm hours later, before the next day's.
  const week = Array.from({ length: 7 }, (_, day): Step[] => [
    {
      kind: 'post',
      run: () =>
        uploadIntervals(origin, meterId, kept + day * HALF_HOURS_PER_DAY, HALF_HOURS_PER_DAY),
    },
    ...(FLEET_FLUSH_SECONDS > 0 ? [flushStep(origin, meterId)] : []),
  ]).flat();
  const posting = await measureRun(server, meterId, week);
  const reading = await measureRun(server, meterId, monthOfReads(origin, meterId));
  return {
    household: `half-hourly intervals, uploaded once a day (${INTERVALS_HOUSEHOLD_METER_ID})`,
    postsPerYear: 365,
    readsPerYear: READS_PER_YEAR,
    flushesPerYear: FLEET_FLUSH_SECONDS > 0 ? 365 : 0,
    databaseBytes: databaseSize,
    post: posting.perRequest.post,
    read: reading.perRequest.read,
    flush: posting.perRequest.flush,
    fleet: fleetPerYear([
      [posting.fleet, 365 / 7],
      [reading.fleet, 12],
    ]),
    atScale: await measureAtScale(server, COST_FLEET_METER_IDS.intervals, async (fleetMeterId) => {
      await uploadIntervals(origin, fleetMeterId, 0, HALF_HOURS_PER_DAY);
      await uploadIntervals(origin, fleetMeterId, HALF_HOURS_PER_DAY, HALF_HOURS_PER_DAY);
    }),
  };
}

/** One line of the cost table: a quantity a meter uses in a year, and its price. */
interface CostLine {
  readonly component: string;
  readonly quantity: number;
  readonly unit: string;
  readonly pricePerMillion?: number;
  readonly dollars: number;
}

function line(component: string, quantity: number, unit: string, perMillion: number): CostLine {
  return {
    component,
    quantity,
    unit,
    pricePerMillion: perMillion,
    dollars: (quantity * perMillion) / 1e6,
  };
}

/** The meter's own lines (Workers and its Durable Object), then the fleet view's. */
export function costLines(year: MeterYear): { meter: CostLine[]; fleet: CostLine[] } {
  const { postsPerYear: posts, readsPerYear: reads, post, read } = year;
  const requests = posts + reads;
  const storedGbMonths = (year.databaseBytes / 1e9) * 12;
  const meter = [
    line('Worker requests', requests, 'requests', PRICE.workerRequestsPerMillion),
    line(
      'Worker CPU (bench server, upper bound)',
      posts * post.cpuMs + reads * read.cpuMs,
      'ms',
      PRICE.workerCpuMsPerMillion,
    ),
    line('Durable Object requests', requests, 'requests', PRICE.durableObjectRequestsPerMillion),
    line(
      'Durable Object duration (request wall time)',
      ((posts * post.wallMs + reads * read.wallMs) / 1000) * PRICE.durableObjectMemoryGb,
      'GB-s',
      PRICE.durableObjectGbSecondsPerMillion,
    ),
    line(
      'SQLite rows written',
      posts * post.rowsWritten + reads * read.rowsWritten,
      'rows',
      PRICE.sqlRowsWrittenPerMillion,
    ),
    line(
      'SQLite rows read',
      posts * post.rowsRead + reads * read.rowsRead,
      'rows',
      PRICE.sqlRowsReadPerMillion,
    ),
    {
      component: `SQLite storage (${(year.databaseBytes / 1e6).toFixed(1)} MB kept all year)`,
      quantity: storedGbMonths,
      unit: 'GB-months',
      dollars: storedGbMonths * PRICE.sqlStoredGbMonth,
    },
  ];
  const { flushesPerYear: flushes, flush } = year;
  const messages = year.fleet.queueMessages;
  const fleet = [
    line(
      'Durable Object alarms (the flushes of held-back data)',
      flushes,
      'requests',
      PRICE.durableObjectRequestsPerMillion,
    ),
    line(
      'Durable Object duration of the flushes',
      ((flushes * flush.wallMs) / 1000) * PRICE.durableObjectMemoryGb,
      'GB-s',
      PRICE.durableObjectGbSecondsPerMillion,
    ),
    line(
      'SQLite rows written by the flushes (the tail)',
      flushes * flush.rowsWritten,
      'rows',
      PRICE.sqlRowsWrittenPerMillion,
    ),
    line(
      'SQLite rows read by the flushes',
      flushes * flush.rowsRead,
      'rows',
      PRICE.sqlRowsReadPerMillion,
    ),
    line(
      'Queue operations (3 a message)',
      messages * PRICE.queueOperationsPerMessage,
      'operations',
      PRICE.queueOperationsPerMillion,
    ),
    line(
      'Flush and consumer Worker CPU (bench server, upper bound)',
      flushes * flush.cpuMs + year.fleet.consumerCpuMs,
      'ms',
      PRICE.workerCpuMsPerMillion,
    ),
    line(
      'Consumer Worker invocations (a fleet of 100 meters)',
      messages * year.atScale.consumerInvocations,
      'requests',
      PRICE.workerRequestsPerMillion,
    ),
    line(
      'D1 rows written (a fleet of 100 meters)',
      messages * year.atScale.d1RowsWritten,
      'rows',
      PRICE.d1RowsWrittenPerMillion,
    ),
    // The consumer forgets a message's id 14 days on: one more row written, after the bench ends.
    line(
      'D1 rows deleted when message ids are forgotten (14 days on)',
      messages,
      'rows',
      PRICE.d1RowsWrittenPerMillion,
    ),
    line(
      'D1 rows read (a fleet of 100 meters)',
      messages * year.atScale.d1RowsRead,
      'rows',
      PRICE.d1RowsReadPerMillion,
    ),
  ];
  return { meter, fleet };
}

const sum = (lines: readonly CostLine[]) =>
  lines.reduce((total, { dollars }) => total + dollars, 0);
const quantityFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

function dollarsText(dollars: number): string {
  return `$${dollars < 0.001 ? dollars.toPrecision(2) : dollars.toFixed(4)}`;
}

/** The meter's total (Workers + Durable Object), the fleet view's, and both. */
export function meterYearTotals(year: MeterYear): { meter: number; fleet: number } {
  const { meter, fleet } = costLines(year);
  return { meter: sum(meter), fleet: sum(fleet) };
}

/** Issue 21's target: a meter-year of the default household, all components, under $0.10. */
const METER_YEAR_TARGET_DOLLARS = 0.1;

/** The Targets table's lines: the default household judged, the interval meter reported. */
export function costTargets(years: readonly MeterYear[]): TargetLine[] {
  return years.map((year, index) => {
    const { meter, fleet } = meterYearTotals(year);
    const total = meter + fleet;
    const value = `${dollarsText(total)} a meter-year`;
    const parts = `meter ${dollarsText(meter)} + fleet view ${dollarsText(fleet)}`;
    return index === 0
      ? absoluteLine(
          '21',
          `< $${METER_YEAR_TARGET_DOLLARS} a meter-year, all components`,
          year.household,
          value,
          total < METER_YEAR_TARGET_DOLLARS,
          parts,
        )
      : absoluteLine('21', 'reported', year.household, value, undefined, parts);
  });
}

/** A markdown section: per household, what it did per request, and its year's cost line by line. */
export function renderCosts(years: readonly MeterYear[]): string {
  const sections = years.map((year) => {
    const { meter, fleet } = costLines(year);
    const rows = (lines: readonly CostLine[]) =>
      lines.map(
        ({ component, quantity, unit, pricePerMillion, dollars }) =>
          `| ${component} | ${quantityFormat.format(quantity)} ${unit} | ${
            pricePerMillion === undefined
              ? `$${PRICE.sqlStoredGbMonth}/GB-month`
              : `$${pricePerMillion}/M`
          } | ${dollarsText(dollars)} |`,
      );
    const { post, read, flush, fleet: fleetWork } = year;
    const perRequest = (name: string, figures: PerRequest) =>
      `${name}: ${figures.rowsWritten.toFixed(2)} rows written, ${figures.rowsRead.toFixed(0)} rows read, ` +
      `${figures.cpuMs.toFixed(2)} ms CPU, ${figures.wallMs.toFixed(1)} ms wall`;
    const flushes =
      year.flushesPerYear === 0
        ? '- no flush: FLEET_FLUSH_SECONDS is 0, each post queues its own change'
        : `- ${perRequest(`a flush of held-back data (${quantityFormat.format(year.flushesPerYear)} a year)`, flush)}`;
    return `### ${year.household}

${quantityFormat.format(year.postsPerYear)} posts and ${year.readsPerYear} reads a year, two years kept; FLEET_FLUSH_SECONDS ${FLEET_FLUSH_SECONDS}.
- ${perRequest('a post', post)}
- ${perRequest('a read', read)}
${flushes}
- the fleet in a year: ${quantityFormat.format(fleetWork.queueMessages)} queue messages; D1 rows written a message ${year.atScale.d1RowsWritten.toFixed(2)} when 100 such meters flush the same hours (priced below), ${(fleetWork.d1RowsWritten / Math.max(1, fleetWork.queueMessages)).toFixed(2)} for this meter alone (a fleet of one: ${dollarsText((fleetWork.d1RowsWritten * PRICE.d1RowsWrittenPerMillion) / 1e6)} a year instead)

| component | per meter-year | list price | $ per meter-year |
| --- | --- | --- | --- |
${rows(meter).join('\n')}
| **the meter (Workers + its Durable Object)** | | | **${dollarsText(sum(meter))}** |
${rows(fleet).join('\n')}
| **the fleet view (Queues + D1)** | | | **${dollarsText(sum(fleet))}** |
| **all components** | | | **${dollarsText(sum(meter) + sum(fleet))}** |`;
  });
  return `## What a meter costs a year

At Cloudflare's list prices of ${PRICES_AS_OF} (bench/cloudflare-prices.ts), without the amounts
the Workers Paid plan includes. Rows and bytes are the meter's own SQL counters; CPU is workerd's
process time on this machine divided by the requests (Worker, Durable Object and local D1 and
Queues together: an upper bound of what Cloudflare bills as Worker CPU); duration is the requests'
wall time at the 128 MB every Durable Object is billed at. The fleet view's lines are what it
adds: a meter holds back what it appends and its alarm sends it in one message, at most
FLEET_FLUSH_SECONDS later (the bench makes that flush itself, as the alarm would after that time);
the queue's messages are counted over the measured posts, flushes and reads and scaled to a year.
The consumer sums a batch's messages into one D1 row per half hour, so D1's rows per message
depend on how many meters share a batch: they are measured with 100 such meters flushing the same
hours (a retailer's fleet shares far more), and the meter alone is shown beside them.

${sections.join('\n\n')}
`;
}
