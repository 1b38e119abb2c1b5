/**
 * What a meter costs a year on Cloudflare's price list, measured: two years of a household's data
 * loaded through the API, then a day of its posts and a month of its reads, each counted by the
 * meter's own SQL cursors (`rowsWritten`, `rowsRead`, `sql.databaseSize`), workerd's CPU time, the
 * requests' wall time and, for the fleet view, the queue's messages and D1's own row counters.
 */
import { CLOUDFLARE_PRICES as PRICE, PRICES_AS_OF } from './cloudflare-prices.ts';
import { COST_METER_IDS } from './meters.ts';
import { BATCH_SIZE, readingKw, readingTime, storeBody } from './readings.ts';
import type { BenchServer } from './server.ts';
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

/** What one kind of request cost, on average, measured over a run of them. */
interface PerRequest {
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly cpuMs: number;
  /** CPU the queue's consumer spent on what the request fed the fleet. */
  readonly consumerCpuMs: number;
  readonly wallMs: number;
  readonly queueMessages: number;
  readonly consumerInvocations: number;
  readonly d1RowsRead: number;
  readonly d1RowsWritten: number;
}

/** A household's measured year. */
export interface MeterYear {
  readonly household: string;
  readonly postsPerYear: number;
  readonly readsPerYear: number;
  readonly databaseBytes: number;
  readonly post: PerRequest;
  readonly read: PerRequest;
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

/**
 * Runs `requests` one after another, each on a cold meter (a household posts every 15 minutes and
 * reads once a day: its object has been evicted in between, and starts again for each request),
 * and averages what each cost. Its rows are the object's counters right after it, which count from
 * its start; the queue is drained before and after, so the run carries the fleet work it caused.
 */
async function measurePerRequest(
  server: BenchServer,
  meterId: string,
  requests: readonly (() => Promise<number>)[],
): Promise<PerRequest> {
  const { origin } = server;
  await drainQueue(origin);
  const fleetBefore = await fleetOf(origin);
  let cpuSeconds = 0;
  let wallMs = 0;
  let rowsRead = 0;
  let rowsWritten = 0;
  for (const request of requests) {
    await send(origin, `/__bench/restart/${meterId}`, { method: 'POST' });
    const cpuBefore = server.cpuSeconds();
    wallMs += await request();
    const storage = await storageOf(origin, meterId);
    cpuSeconds += server.cpuSeconds() - cpuBefore;
    rowsRead += storage.rowsRead;
    rowsWritten += storage.rowsWritten;
  }
  const cpuBeforeDrain = server.cpuSeconds();
  await drainQueue(origin);
  // The consumer's work for these requests; the drain's own polls add a little (an upper bound).
  const consumerCpuSeconds = server.cpuSeconds() - cpuBeforeDrain;
  const fleetAfter = await fleetOf(origin);
  const n = requests.length;
  return {
    rowsRead: rowsRead / n,
    rowsWritten: rowsWritten / n,
    cpuMs: (cpuSeconds * 1000) / n,
    consumerCpuMs: (consumerCpuSeconds * 1000) / n,
    wallMs: wallMs / n,
    queueMessages: (fleetAfter.messages - fleetBefore.messages) / n,
    consumerInvocations: (fleetAfter.invocations - fleetBefore.invocations) / n,
    d1RowsRead: (fleetAfter.rowsRead - fleetBefore.rowsRead) / n,
    d1RowsWritten: (fleetAfter.rowsWritten - fleetBefore.rowsWritten) / n,
  };
}

/** A month of a customer's reads: the dashboard, comparison, usage, advice and recommend. */
function monthOfReads(origin: string, meterId: string): (() => Promise<number>)[] {
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
    return () => send(origin, path, { headers });
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
  const post = await measurePerRequest(
    server,
    meterId,
    Array.from(
      { length: postsPerDay },
      (_, i) => () =>
        postReadings(origin, meterId, kept + i * READINGS_PER_POST, READINGS_PER_POST),
    ),
  );
  const read = await measurePerRequest(server, meterId, monthOfReads(origin, meterId));
  return {
    household: `a reading a minute, posted every 15 minutes (${READINGS_HOUSEHOLD_METER_ID})`,
    postsPerYear: postsPerDay * 365,
    readsPerYear: READS_PER_YEAR,
    databaseBytes: databaseSize,
    post,
    read,
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
  const post = await measurePerRequest(
    server,
    meterId,
    Array.from(
      { length: 7 },
      (_, day) => () =>
        uploadIntervals(origin, meterId, kept + day * HALF_HOURS_PER_DAY, HALF_HOURS_PER_DAY),
    ),
  );
  const read = await measurePerRequest(server, meterId, monthOfReads(origin, meterId));
  return {
    household: `half-hourly intervals, uploaded once a day (${INTERVALS_HOUSEHOLD_METER_ID})`,
    postsPerYear: 365,
    readsPerYear: READS_PER_YEAR,
    databaseBytes: databaseSize,
    post,
    read,
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
  const messages = posts * post.queueMessages + reads * read.queueMessages;
  const fleet = [
    line(
      'Queue operations (3 a message)',
      messages * PRICE.queueOperationsPerMessage,
      'operations',
      PRICE.queueOperationsPerMillion,
    ),
    line(
      'Consumer Worker CPU (bench server, upper bound)',
      posts * post.consumerCpuMs + reads * read.consumerCpuMs,
      'ms',
      PRICE.workerCpuMsPerMillion,
    ),
    line(
      'Consumer Worker invocations',
      posts * post.consumerInvocations + reads * read.consumerInvocations,
      'requests',
      PRICE.workerRequestsPerMillion,
    ),
    line(
      'D1 rows written',
      posts * post.d1RowsWritten + reads * read.d1RowsWritten,
      'rows',
      PRICE.d1RowsWrittenPerMillion,
    ),
    line(
      'D1 rows read',
      posts * post.d1RowsRead + reads * read.d1RowsRead,
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
    const { post, read } = year;
    const perRequest = (name: string, figures: PerRequest) =>
      `${name}: ${figures.rowsWritten.toFixed(2)} rows written, ${figures.rowsRead.toFixed(0)} rows read, ` +
      `${figures.cpuMs.toFixed(2)} ms CPU, ${figures.wallMs.toFixed(1)} ms wall, ` +
      `${figures.queueMessages.toFixed(2)} queue messages, ${figures.d1RowsWritten.toFixed(2)} D1 rows written`;
    return `### ${year.household}

${quantityFormat.format(year.postsPerYear)} posts and ${year.readsPerYear} reads a year, two years kept.
- ${perRequest('a post', post)}
- ${perRequest('a read', read)}

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
wall time at the 128 MB every Durable Object is billed at.

${sections.join('\n\n')}
`;
}
