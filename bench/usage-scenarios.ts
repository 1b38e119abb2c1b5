/** The usage-over-time and dashboard scenarios of `npm run bench`, on the 1,000,000-reading history. */
import { gzipSync } from 'node:zlib';
import { count, loadRows, measureAtBothConnectionCounts, timeSingleRequests } from './measure.ts';
import { INGEST_READINGS, LARGEST_HISTORY_METER_ID } from './meters.ts';
import { type ResultRow, TARGETS_ARE_INTERLEAVED } from './report.ts';
import { absoluteLine, type TargetLine } from './targets.ts';
import { authorizationHeader } from './tokens.ts';

const at = (iso: string) => Date.parse(iso) / 1000;

/** March 2025 in London: 31 local days, one of them 23 hours long. */
export const MONTH_BY_DAY =
  `groupBy=day&timeZone=Europe/London` +
  `&from=${at('2025-03-01T00:00:00Z')}&to=${at('2025-03-31T23:00:00Z')}`;
/** June 2024 to June 2025 in London: 17,520 half hours. */
const YEAR_BY_HALF_HOUR =
  `groupBy=half_hour&timeZone=Europe/London&pageSize=10000` +
  `&from=${at('2024-05-31T23:00:00Z')}&to=${at('2025-05-31T23:00:00Z')}`;
/** The dashboard's month view of March 2025: 31 daily bars, the year's figures from advice. */
export const DASHBOARD_MONTH_QUERY = 'period=month&date=2025-03-01';
/** The customer's page asked for as a browser asks for it. */
export const HTML_ACCEPT = { accept: 'text/html' };
const DASHBOARD_GZIP_TARGET_BYTES = 30 * 1024;

/** Rows of a CSV download, header left out: what the timed request carried. */
async function csvIntervals(
  origin: string,
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  const response = await fetch(`${origin}${path}`, { headers: { ...headers, accept: 'text/csv' } });
  return (await response.text()).trimEnd().split('\n').length - 1;
}

/** The dashboard's HTML as served, and its size gzipped (zlib's default level, as a CDN would). */
async function dashboardSize(
  origin: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ bytes: number; gzipBytes: number }> {
  const response = await fetch(`${origin}${path}`, { headers: { ...headers, ...HTML_ACCEPT } });
  const html = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return { bytes: html.length, gzipBytes: gzipSync(html).length };
}

/** A month of daily usage (JSON), the dashboard's month, and a year of half hours as CSV. */
export async function measureUsage(
  origin: string,
): Promise<{ rows: ResultRow[]; targets: TargetLine[] }> {
  const meterId = LARGEST_HISTORY_METER_ID;
  const headers = authorizationHeader(meterId);
  const monthPath = `/meters/${meterId}/usage?${MONTH_BY_DAY}`;
  const month = await measureAtBothConnectionCounts(origin, { path: monthPath, headers }, meterId);
  const dashboardPath = `/meters/${meterId}/dashboard?${DASHBOARD_MONTH_QUERY}`;
  const dashboard = await measureAtBothConnectionCounts(
    origin,
    { path: dashboardPath, headers: { ...headers, ...HTML_ACCEPT } },
    meterId,
  );
  const size = await dashboardSize(origin, dashboardPath, headers);
  const csv = await timeSingleRequests(origin, `/meters/${meterId}/usage?${YEAR_BY_HALF_HOUR}`, {
    ...headers,
    accept: 'text/csv',
  });
  const intervals = await csvIntervals(
    origin,
    `/meters/${meterId}/usage?${YEAR_BY_HALF_HOUR}`,
    headers,
  );
  const dashboardName = `GET /meters/{id}/dashboard, a month (HTML, 31 daily bars) of ${count.format(INGEST_READINGS)} readings`;
  const gzipKiB = `${(size.gzipBytes / 1024).toFixed(1)} KiB`;
  const [oneConnection, ...dashboardRest] = loadRows(
    dashboardName,
    dashboard,
    TARGETS_ARE_INTERLEAVED,
  );
  return {
    rows: [
      ...loadRows(
        `GET /meters/{id}/usage, a month by day (31 intervals, London) of ${count.format(INGEST_READINGS)} readings`,
        month,
        TARGETS_ARE_INTERLEAVED,
      ),
      ...(oneConnection === undefined
        ? []
        : [
            {
              ...oneConnection,
              responseBytes: size.bytes,
              note: `${gzipKiB} gzipped; ${TARGETS_ARE_INTERLEAVED}`,
            },
          ]),
      ...dashboardRest,
      {
        measurement: `GET /meters/{id}/usage as CSV, a year by half hour (17,520 intervals) of ${count.format(INGEST_READINGS)} readings (one request, streamed)`,
        connections: 1,
        p50Ms: csv.ms,
        responseBytes: csv.bytes,
        note:
          csv.status === 200
            ? `${count.format(intervals)} intervals`
            : `failed: HTTP ${csv.status}`,
      },
    ],
    targets: [
      absoluteLine(
        '18',
        `gzipped HTML ≤ ${DASHBOARD_GZIP_TARGET_BYTES / 1024} KiB`,
        `${dashboardName} (${count.format(size.bytes)} bytes as served)`,
        gzipKiB,
        size.gzipBytes <= DASHBOARD_GZIP_TARGET_BYTES,
      ),
    ],
  };
}
