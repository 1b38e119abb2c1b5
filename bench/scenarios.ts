/**
 * The scenarios of `npm run bench`, each measured against the running server and returned as
 * rows of the results table.
 */
import {
  type LoadFigures,
  type LoadRequest,
  measureLoad,
  median,
  type PostContent,
  percentile,
} from './load.ts';
import { BATCH_SIZE, batchBodies, postSequentially, readingTime, storeBody } from './readings.ts';
import { type Floors, type ResultRow, targetNote } from './report.ts';
import { authorizationHeader } from './tokens.ts';

const CONCURRENT_CONNECTIONS = 10;
const NOOP_METER_ID = 'bench-noop';
/** Meters the store-5 scenario spreads its requests over (objects are single-threaded). */
const STORE_METER_COUNT = 10;
const READINGS_PER_STORE = 5;
const INGEST_READINGS = 1_000_000;
const LARGEST_HISTORY_METER_ID = 'smart-meter-2';
/** Only smart-meter-0..4 have accounts, which compare-all needs. */
const HISTORIES = [
  { smartMeterId: 'smart-meter-0', readingCount: 1_000 },
  { smartMeterId: 'smart-meter-1', readingCount: 100_000 },
  { smartMeterId: LARGEST_HISTORY_METER_ID, readingCount: INGEST_READINGS },
] as const;
/** The first ingest run fills the 1M history; two more meters give the median of three. */
const INGEST_METER_IDS = [LARGEST_HISTORY_METER_ID, 'bench-ingest-2', 'bench-ingest-3'];
const INGEST_WARM_UP_METER_ID = 'bench-ingest-warm-up';
const FULL_READ_REQUESTS = 3;
const MINUTES_PER_DAY = 1440;

const count = new Intl.NumberFormat('en-US');

export type PricingEndpoint = 'compare-all' | 'recommend';

/** Measures a GET or POST at 1 and 10 connections, waiting for the meter to go idle after each run. */
async function measureAtBothConnectionCounts(
  origin: string,
  request: LoadRequest,
  meterId: string,
): Promise<[LoadFigures, LoadFigures]> {
  // A meter object runs one request at a time: a ping queues behind whatever the run left in flight.
  const waitForIdleMeter = async (): Promise<void> => {
    await (await fetch(`${origin}/__bench/noop-rpc/${meterId}`)).arrayBuffer();
  };
  const oneConnection = await measureLoad({ origin, connections: 1, request }, waitForIdleMeter);
  const tenConnections = await measureLoad(
    { origin, connections: CONCURRENT_CONNECTIONS, request },
    waitForIdleMeter,
  );
  return [oneConnection, tenConnections];
}

/** The 1-connection row (service time) and the 10-connection row (throughput) of one request. */
function loadRows(
  measurement: string,
  [one, ten]: [LoadFigures, LoadFigures],
  oneConnectionNote?: string,
): ResultRow[] {
  return [
    { measurement, connections: 1, p50Ms: one.p50Ms, p99Ms: one.p99Ms, note: oneConnectionNote },
    throughputRow(measurement, ten),
  ];
}

function throughputRow(measurement: string, figures: LoadFigures, note?: string): ResultRow {
  return {
    measurement,
    connections: CONCURRENT_CONNECTIONS,
    p50Ms: figures.p50Ms,
    p99Ms: figures.p99Ms,
    perSecond: figures.requestsPerSecond,
    perSecondUnit: 'req/s',
    note,
  };
}

const STORE_METER_IDS = Array.from({ length: STORE_METER_COUNT }, (_, i) => `bench-store-${i}`);

/** Every meter a scenario sends to, so their tokens can be derived before the clock starts. */
export const BENCH_METER_IDS = [
  ...HISTORIES.map((history) => history.smartMeterId),
  ...INGEST_METER_IDS,
  ...STORE_METER_IDS,
  INGEST_WARM_UP_METER_ID,
];

/** Each request stores 5 readings on one of a few meters, its times after the previous ones. */
function nextStoreFive(): () => PostContent {
  let sent = 0;
  return () => {
    const meterId = STORE_METER_IDS[sent % STORE_METER_COUNT] ?? 'bench-store-0';
    const round = Math.floor(sent / STORE_METER_COUNT);
    sent += 1;
    return {
      body: storeBody(meterId, round * READINGS_PER_STORE, READINGS_PER_STORE),
      headers: authorizationHeader(meterId),
    };
  };
}

/** Sequential 10,000-reading batches: a warm-up meter, then three meters of 1,000,000 readings. */
export async function measureIngest(origin: string): Promise<ResultRow[]> {
  await postSequentially(
    origin,
    INGEST_WARM_UP_METER_ID,
    batchBodies(INGEST_WARM_UP_METER_ID, 10 * BATCH_SIZE),
  );
  const runs: { readingsPerSecond: number; batchP50Ms: number; batchP99Ms: number }[] = [];
  for (const smartMeterId of INGEST_METER_IDS) {
    // Bodies are built before the clock starts: the figure is the server's, not JSON.stringify's.
    const bodies = batchBodies(smartMeterId, INGEST_READINGS);
    const started = performance.now();
    const batchMs = await postSequentially(origin, smartMeterId, bodies);
    const elapsedSeconds = (performance.now() - started) / 1000;
    batchMs.sort((a, b) => a - b);
    runs.push({
      readingsPerSecond: INGEST_READINGS / elapsedSeconds,
      batchP50Ms: percentile(batchMs, 0.5),
      batchP99Ms: percentile(batchMs, 0.99),
    });
  }
  const readingsPerSecond = median(runs.map((run) => run.readingsPerSecond));
  return [
    {
      measurement: `ingest ${count.format(INGEST_READINGS)} readings into one meter, sequential ${count.format(BATCH_SIZE)}-reading batches (ms per batch)`,
      connections: 1,
      p50Ms: median(runs.map((run) => run.batchP50Ms)),
      p99Ms: median(runs.map((run) => run.batchP99Ms)),
      perSecond: readingsPerSecond,
      perSecondUnit: 'readings/s',
      note: targetNote('≥ 100,000 readings/s', readingsPerSecond >= 100_000),
    },
  ];
}

/** Times whole single requests (body read to the end): a warm-up, then the median of a few. */
async function timeSingleRequests(
  origin: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ ms: number; bytes: number; status: number }> {
  const timed: { ms: number; bytes: number; status: number }[] = [];
  for (let request = 0; request <= FULL_READ_REQUESTS; request++) {
    const started = performance.now();
    const response = await fetch(`${origin}${path}`, { headers });
    const bytes = (await response.arrayBuffer()).byteLength;
    const ms = performance.now() - started;
    if (request > 0) timed.push({ ms, bytes, status: response.status });
  }
  const last = timed[timed.length - 1] ?? { bytes: 0, status: 0 };
  return { ms: median(timed.map((t) => t.ms)), bytes: last.bytes, status: last.status };
}

async function responseBytes(
  origin: string,
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  const response = await fetch(`${origin}${path}`, { headers });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return (await response.arrayBuffer()).byteLength;
}

/** compare-all or recommend on each history, with the targets at 1,000,000 readings. */
export async function measurePricing(
  origin: string,
  endpoint: PricingEndpoint,
  floors: Floors,
): Promise<ResultRow[]> {
  const figures: [LoadFigures, LoadFigures][] = [];
  for (const { smartMeterId } of HISTORIES) {
    const request = {
      path: `/price-plans/${endpoint}/${smartMeterId}`,
      headers: authorizationHeader(smartMeterId),
    };
    figures.push(await measureAtBothConnectionCounts(origin, request, smartMeterId));
  }
  return pricingRows(endpoint, figures, floors);
}

function pricingRows(
  endpoint: PricingEndpoint,
  figures: readonly [LoadFigures, LoadFigures][],
  floors: Floors,
): ResultRow[] {
  const p50AtFewestReadingsMs = figures[0]?.[0].p50Ms ?? Number.NaN;
  return HISTORIES.flatMap(({ readingCount }, index) => {
    const measured = figures[index];
    if (measured === undefined) throw new Error(`${endpoint}: no figures for history ${index}`);
    const p50Ms = measured[0].p50Ms;
    const note =
      readingCount === INGEST_READINGS
        ? [
            targetNote('p50 ≤ 1.5× its p50 at 1,000', p50Ms <= 1.5 * p50AtFewestReadingsMs),
            targetNote('p50 ≤ 2× floor p50', p50Ms <= 2 * floors.oneConnectionP50Ms),
          ].join('; ')
        : undefined;
    return loadRows(
      `GET /price-plans/${endpoint}, ${count.format(readingCount)} readings`,
      measured,
      note,
    );
  });
}

/** The floors: a route that does nothing, and a meter RPC that does nothing. */
export async function measureFloors(
  origin: string,
): Promise<{ rows: ResultRow[]; floors: Floors }> {
  const trivial = await measureAtBothConnectionCounts(
    origin,
    { path: '/__bench/trivial' },
    NOOP_METER_ID,
  );
  const noopRpc = await measureAtBothConnectionCounts(
    origin,
    { path: `/__bench/noop-rpc/${NOOP_METER_ID}` },
    NOOP_METER_ID,
  );
  const floors: Floors = {
    oneConnectionP50Ms: noopRpc[0].p50Ms,
    tenConnectionsP50Ms: noopRpc[1].p50Ms,
    tenConnectionsRequestsPerSecond: noopRpc[1].requestsPerSecond,
  };
  const rows = [
    ...loadRows('floor: trivial route (no meter)', trivial),
    ...loadRows('floor: no-op meter RPC', noopRpc),
  ];
  return { rows, floors };
}

/** Small writes at 10 connections, spread over a few meters. */
export async function measureStoreFive(origin: string, floors: Floors): Promise<ResultRow[]> {
  const figures = await measureLoad({
    origin,
    connections: CONCURRENT_CONNECTIONS,
    request: { method: 'POST', path: '/readings/store', next: nextStoreFive() },
  });
  const target = targetNote(
    'req/s ≥ 60% of floor req/s',
    figures.requestsPerSecond >= 0.6 * floors.tenConnectionsRequestsPerSecond,
  );
  return [
    throughputRow(
      `POST /readings/store, ${READINGS_PER_STORE} readings a request`,
      figures,
      target,
    ),
  ];
}

/** The 1,000 and 100,000 histories; the 1,000,000 one is the first ingest run. */
export async function loadSmallerHistories(origin: string): Promise<void> {
  for (const { smartMeterId, readingCount } of HISTORIES) {
    if (readingCount !== INGEST_READINGS) {
      await postSequentially(origin, smartMeterId, batchBodies(smartMeterId, readingCount));
    }
  }
}

/** A one-day window and the full history of the 1,000,000-reading meter. */
export async function measureReads(origin: string, floors: Floors): Promise<ResultRow[]> {
  const meterId = LARGEST_HISTORY_METER_ID;
  // A day in the middle of the history, midnight to midnight: 1,440 minute readings.
  const dayFrom = readingTime(MINUTES_PER_DAY * 347);
  const dayPath = `/readings/read/${meterId}?from=${dayFrom}&to=${dayFrom + 86_400}`;
  const headers = authorizationHeader(meterId);
  const [oneDay] = await measureAtBothConnectionCounts(origin, { path: dayPath, headers }, meterId);
  const fullRead = await timeSingleRequests(origin, `/readings/read/${meterId}`, headers);
  return [
    {
      measurement: `GET /readings/read, one-day window (${count.format(MINUTES_PER_DAY)} readings) of ${count.format(INGEST_READINGS)}`,
      connections: 1,
      p50Ms: oneDay.p50Ms,
      p99Ms: oneDay.p99Ms,
      responseBytes: await responseBytes(origin, dayPath, headers),
      note: targetNote('p50 ≤ 3× floor p50', oneDay.p50Ms <= 3 * floors.oneConnectionP50Ms),
    },
    {
      measurement: `GET /readings/read, all ${count.format(INGEST_READINGS)} readings (one request, median of ${FULL_READ_REQUESTS})`,
      connections: 1,
      p50Ms: fullRead.ms,
      responseBytes: fullRead.bytes,
      note: fullRead.status === 200 ? undefined : `failed: HTTP ${fullRead.status}`,
    },
  ];
}
