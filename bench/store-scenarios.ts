/**
 * The write scenarios of `npm run bench`: small stores, bulk ingest, a batch that spans a whole
 * history, and a fleet of meters posting at once.
 */
import { type LoadFigures, measureLoad, median, type PostContent, percentile } from './load.ts';
import { count, throughputRow, waitForIdleMeter } from './measure.ts';
import {
  BACKFILL_METER_ID,
  FLEET_METER_IDS,
  HISTORIES,
  INGEST_METER_IDS,
  INGEST_READINGS,
  INGEST_WARM_UP_METER_ID,
  SINGLE_STORE_METER_ID,
  STORE_METER_IDS,
} from './meters.ts';
import { summarizeRuns } from './ratio-math.ts';
import {
  BATCH_SIZE,
  batchBodies,
  postSequentially,
  readingKw,
  readingTime,
  storeBody,
} from './readings.ts';
import { type ResultRow, TARGETS_ARE_INTERLEAVED } from './report.ts';
import { absoluteLine, type TargetLine } from './targets.ts';
import { authorizationHeader } from './tokens.ts';

const READINGS_PER_STORE = 5;
/** A fleet meter posts a quarter hour of minute readings at a time. */
const FLEET_READINGS_PER_STORE = 15;
const FLEET_CONNECTIONS = 64;
const FLEET_RUN_SECONDS = 4;
const INGEST_TARGET_READINGS_PER_SECOND = 100_000;

/** Each request stores `size` readings on the next of `meterIds`, after its previous ones. */
export function nextStore(meterIds: readonly string[], size: number): () => PostContent {
  let sent = 0;
  return () => {
    const meterId = meterIds[sent % meterIds.length] ?? '';
    const round = Math.floor(sent / meterIds.length);
    sent += 1;
    return { body: storeBody(meterId, round * size, size), headers: authorizationHeader(meterId) };
  };
}

/** Small writes: service time on one meter, throughput at 10 connections over 10 meters. */
export async function measureStoreFive(
  origin: string,
): Promise<{ rows: ResultRow[]; oneConnection: LoadFigures }> {
  const measurement = `POST /readings/store, ${READINGS_PER_STORE} readings a request`;
  const oneConnection = await measureLoad(
    {
      origin,
      connections: 1,
      request: {
        method: 'POST',
        path: '/readings/store',
        next: nextStore([SINGLE_STORE_METER_ID], READINGS_PER_STORE),
      },
    },
    () => waitForIdleMeter(origin, SINGLE_STORE_METER_ID),
  );
  const spread = await measureLoad({
    origin,
    connections: 10,
    request: {
      method: 'POST',
      path: '/readings/store',
      next: nextStore(STORE_METER_IDS, READINGS_PER_STORE),
    },
  });
  return {
    rows: [
      { measurement, connections: 1, p50Ms: oneConnection.p50Ms, p99Ms: oneConnection.p99Ms },
      throughputRow(`${measurement}, over 10 meters`, spread, TARGETS_ARE_INTERLEAVED),
    ],
    oneConnection,
  };
}

/** Sequential 10,000-reading batches: a warm-up meter, then three meters of 1,000,000 readings. */
export async function measureIngest(
  origin: string,
): Promise<{ rows: ResultRow[]; targets: TargetLine[] }> {
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
  const rates = summarizeRuns(runs.map((run) => run.readingsPerSecond));
  const measurement = `ingest ${count.format(INGEST_READINGS)} readings into one meter, sequential ${count.format(BATCH_SIZE)}-reading batches (ms per batch)`;
  const target = `≥ ${count.format(INGEST_TARGET_READINGS_PER_SECOND)} readings/s`;
  const perSecond = (value: number) => `${count.format(Math.round(value))}/s`;
  return {
    rows: [
      {
        measurement,
        connections: 1,
        p50Ms: median(runs.map((run) => run.batchP50Ms)),
        p99Ms: median(runs.map((run) => run.batchP99Ms)),
        perSecond: rates.median,
        perSecondUnit: 'readings/s',
        note: `target ${target}: see Targets`,
      },
    ],
    targets: [
      absoluteLine(
        'seed',
        target,
        `${measurement.replace(' (ms per batch)', '')}, median of ${runs.length} meters`,
        `${perSecond(rates.median)}`,
        rates.median >= INGEST_TARGET_READINGS_PER_SECOND,
        `${perSecond(rates.min)}–${perSecond(rates.max)}`,
      ),
    ],
  };
}

/** The 1,000 and 100,000 histories; the 1,000,000 one is the first ingest run. */
export async function loadSmallerHistories(origin: string): Promise<void> {
  for (const { smartMeterId, readingCount, firstIndex, everyMinutes } of HISTORIES) {
    if (readingCount !== INGEST_READINGS) {
      const bodies = batchBodies(smartMeterId, readingCount, firstIndex, everyMinutes);
      await postSequentially(origin, smartMeterId, bodies);
    }
  }
}

/** The body of two readings `[first + 30 s, last + 180 s]` of the backfill meter's history. */
export function spanningBatchBody(): string {
  const first = readingTime(0);
  const last = readingTime(INGEST_READINGS - 1);
  return JSON.stringify({
    smartMeterId: BACKFILL_METER_ID,
    electricityReadings: [
      { time: first + 30, reading: readingKw(0) },
      { time: last + 180, reading: readingKw(INGEST_READINGS - 1) },
    ],
  });
}

/**
 * Two readings that span a whole 1,000,000-reading history, `[first + 30 s, last + 180 s]` (a
 * clock glitch or a backfill): the store's work must follow the batch, not the history.
 */
export async function measureSpanningBatch(
  origin: string,
  storeFiveOneConnection: LoadFigures,
): Promise<ResultRow[]> {
  const body = spanningBatchBody();
  const headers = authorizationHeader(BACKFILL_METER_ID);
  const figures = await measureLoad(
    {
      origin,
      connections: 1,
      request: { method: 'POST', path: '/readings/store', next: () => ({ body, headers }) },
    },
    () => waitForIdleMeter(origin, BACKFILL_METER_ID),
  );
  return [
    {
      measurement: `POST /readings/store, 2 readings spanning a history of ${count.format(INGEST_READINGS)} ([first + 30 s, last + 180 s])`,
      connections: 1,
      p50Ms: figures.p50Ms,
      p99Ms: figures.p99Ms,
      note: `${(figures.p50Ms / storeFiveOneConnection.p50Ms).toFixed(2)}× the store of 5's p50; ${TARGETS_ARE_INTERLEAVED}`,
    },
  ];
}

/** 1,000 meters, each posting a quarter hour of minute readings, 64 requests in flight. */
export async function measureFleet(origin: string): Promise<ResultRow[]> {
  const figures = await measureLoad({
    origin,
    connections: FLEET_CONNECTIONS,
    // A request waits behind 63 others here (over a second on this machine): runs of several.
    runSeconds: FLEET_RUN_SECONDS,
    request: {
      method: 'POST',
      path: '/readings/store',
      next: nextStore(FLEET_METER_IDS, FLEET_READINGS_PER_STORE),
    },
  });
  return [
    throughputRow(
      `fleet: ${count.format(FLEET_METER_IDS.length)} meters, each POSTing ${FLEET_READINGS_PER_STORE} readings a request`,
      figures,
      `${count.format(Math.round(figures.requestsPerSecond * FLEET_READINGS_PER_STORE))} readings/s`,
      FLEET_CONNECTIONS,
    ),
  ];
}
