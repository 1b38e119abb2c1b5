/**
 * The scenarios of `npm run bench`, each measured against the running server and returned as
 * rows of the results table.
 */
import {
  count,
  loadRows,
  measureAtBothConnectionCounts,
  responseBytes,
  SINGLE_REQUEST_RUNS,
  timeSingleRequests,
} from './measure.ts';
import {
  HISTORIES,
  INGEST_READINGS,
  LARGEST_HISTORY_METER_ID,
  NOOP_METER_ID,
  SOLAR_METER_ID,
} from './meters.ts';
import { readingTime } from './readings.ts';
import { type Floors, type ResultRow, TARGETS_ARE_INTERLEAVED } from './report.ts';
import { authorizationHeader } from './tokens.ts';

const MINUTES_PER_DAY = 1440;

/** A pricing GET measured on every history, by the path it takes for a meter. */
export interface PricingRequest {
  readonly label: string;
  readonly pathOf: (smartMeterId: string) => string;
}

export const COMPARE_ALL: PricingRequest = {
  label: 'GET /price-plans/compare-all',
  pathOf: (id) => `/price-plans/compare-all/${id}`,
};
export const RECOMMEND: PricingRequest = {
  label: 'GET /price-plans/recommend',
  pathOf: (id) => `/price-plans/recommend/${id}`,
};
export const COMPARISON: PricingRequest = {
  label: 'GET /meters/{id}/comparison',
  pathOf: (id) => `/meters/${id}/comparison`,
};

/** A pricing request on the histories of these sizes (all of them by default). */
export async function measurePricing(
  origin: string,
  pricing: PricingRequest,
  readingCounts: readonly number[] = HISTORIES.map((history) => history.readingCount),
): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const { smartMeterId, readingCount } of HISTORIES) {
    if (!readingCounts.includes(readingCount)) continue;
    const request = {
      path: pricing.pathOf(smartMeterId),
      headers: authorizationHeader(smartMeterId),
    };
    const figures = await measureAtBothConnectionCounts(origin, request, smartMeterId);
    const note = readingCount === INGEST_READINGS ? TARGETS_ARE_INTERLEAVED : undefined;
    rows.push(
      ...loadRows(`${pricing.label}, ${count.format(readingCount)} readings`, figures, note),
    );
  }
  return rows;
}

/** compare-all of the solar household: a year of half-hourly import and export intervals. */
export async function measureSolarCompareAll(origin: string): Promise<ResultRow[]> {
  const request = {
    path: `/price-plans/compare-all/${SOLAR_METER_ID}`,
    headers: authorizationHeader(SOLAR_METER_ID),
  };
  const figures = await measureAtBothConnectionCounts(origin, request, SOLAR_METER_ID);
  return loadRows(
    'GET /price-plans/compare-all, a year of half-hourly import and export intervals (solar household)',
    figures,
    TARGETS_ARE_INTERLEAVED,
  );
}

/** Advice on the 1,000,000-reading history. */
export async function measureAdvice(origin: string): Promise<ResultRow[]> {
  const meterId = LARGEST_HISTORY_METER_ID;
  const request = { path: `/meters/${meterId}/advice`, headers: authorizationHeader(meterId) };
  const figures = await measureAtBothConnectionCounts(origin, request, meterId);
  return loadRows(
    `GET /meters/{id}/advice, ${count.format(INGEST_READINGS)} readings`,
    figures,
    TARGETS_ARE_INTERLEAVED,
  );
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

/** A day in the middle of the 1,000,000-reading history, midnight to midnight: 1,440 readings. */
export function oneDayReadPath(): string {
  const dayFrom = readingTime(MINUTES_PER_DAY * 347);
  return `/readings/read/${LARGEST_HISTORY_METER_ID}?from=${dayFrom}&to=${dayFrom + 86_400}`;
}

/** A one-day window and the full history of the 1,000,000-reading meter. */
export async function measureReads(origin: string): Promise<ResultRow[]> {
  const meterId = LARGEST_HISTORY_METER_ID;
  const dayPath = oneDayReadPath();
  const headers = authorizationHeader(meterId);
  const [oneDay] = await measureAtBothConnectionCounts(origin, { path: dayPath, headers }, meterId);
  const fullRead = await timeSingleRequests(origin, `/readings/read/${meterId}`, headers);
  const csvExport = await timeSingleRequests(origin, `/readings/read/${meterId}`, {
    ...headers,
    accept: 'text/csv',
  });
  return [
    {
      measurement: `GET /readings/read, one-day window (${count.format(MINUTES_PER_DAY)} readings) of ${count.format(INGEST_READINGS)}`,
      connections: 1,
      p50Ms: oneDay.p50Ms,
      p99Ms: oneDay.p99Ms,
      responseBytes: await responseBytes(origin, dayPath, headers),
      note: TARGETS_ARE_INTERLEAVED,
    },
    {
      measurement: `GET /readings/read, all ${count.format(INGEST_READINGS)} readings (one request, median of ${SINGLE_REQUEST_RUNS})`,
      connections: 1,
      p50Ms: fullRead.ms,
      responseBytes: fullRead.bytes,
      note: fullRead.status === 200 ? undefined : `failed: HTTP ${fullRead.status}`,
    },
    {
      measurement: `GET /readings/read as CSV (the export), all ${count.format(INGEST_READINGS)} readings (one request, median of ${SINGLE_REQUEST_RUNS})`,
      connections: 1,
      p50Ms: csvExport.ms,
      responseBytes: csvExport.bytes,
      note:
        csvExport.status === 200
          ? `${(csvExport.ms / fullRead.ms).toFixed(2)}× the JSON read's time`
          : `failed: HTTP ${csvExport.status}`,
    },
  ];
}
