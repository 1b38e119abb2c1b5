/**
 * The scenarios of `npm run bench`, each measured against the running server and returned as
 * rows of the results table.
 */
import type { LoadFigures } from './load.ts';
import {
  count,
  loadRows,
  measureAtBothConnectionCounts,
  responseBytes,
  SINGLE_REQUEST_RUNS,
  timeSingleRequests,
} from './measure.ts';
import { HISTORIES, INGEST_READINGS, LARGEST_HISTORY_METER_ID, NOOP_METER_ID } from './meters.ts';
import { readingTime } from './readings.ts';
import { type Floors, type ResultRow, targetNote } from './report.ts';
import { authorizationHeader } from './tokens.ts';

const MINUTES_PER_DAY = 1440;

export type PricingEndpoint = 'compare-all' | 'recommend';

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
            targetNote('p50 ≤ 3× floor p50', p50Ms <= 3 * floors.oneConnectionP50Ms),
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

/** A one-day window and the full history of the 1,000,000-reading meter. */
export async function measureReads(origin: string, floors: Floors): Promise<ResultRow[]> {
  const meterId = LARGEST_HISTORY_METER_ID;
  // A day in the middle of the history, midnight to midnight: 1,440 minute readings.
  const dayFrom = readingTime(MINUTES_PER_DAY * 347);
  const dayPath = `/readings/read/${meterId}?from=${dayFrom}&to=${dayFrom + 86_400}`;
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
      note: targetNote('p50 ≤ 3× floor p50', oneDay.p50Ms <= 3 * floors.oneConnectionP50Ms),
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
