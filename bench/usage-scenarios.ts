/** The usage-over-time scenarios of `npm run bench`, on the 1,000,000-reading history. */
import { count, loadRows, measureAtBothConnectionCounts, timeSingleRequests } from './measure.ts';
import { INGEST_READINGS, LARGEST_HISTORY_METER_ID } from './meters.ts';
import { type Floors, type ResultRow, targetNote } from './report.ts';
import { authorizationHeader } from './tokens.ts';

const at = (iso: string) => Date.parse(iso) / 1000;

/** March 2025 in London: 31 local days, one of them 23 hours long. */
const MONTH_BY_DAY =
  `groupBy=day&timeZone=Europe/London` +
  `&from=${at('2025-03-01T00:00:00Z')}&to=${at('2025-03-31T23:00:00Z')}`;
/** June 2024 to June 2025 in London: 17,520 half hours. */
const YEAR_BY_HALF_HOUR =
  `groupBy=half_hour&timeZone=Europe/London&pageSize=10000` +
  `&from=${at('2024-05-31T23:00:00Z')}&to=${at('2025-05-31T23:00:00Z')}`;

/** Rows of a CSV download, header left out: what the timed request carried. */
async function csvIntervals(
  origin: string,
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  const response = await fetch(`${origin}${path}`, { headers: { ...headers, accept: 'text/csv' } });
  return (await response.text()).trimEnd().split('\n').length - 1;
}

/** A month of daily usage (JSON), and a year of half-hourly usage downloaded as CSV. */
export async function measureUsage(origin: string, floors: Floors): Promise<ResultRow[]> {
  const meterId = LARGEST_HISTORY_METER_ID;
  const headers = authorizationHeader(meterId);
  const monthPath = `/meters/${meterId}/usage?${MONTH_BY_DAY}`;
  const month = await measureAtBothConnectionCounts(origin, { path: monthPath, headers }, meterId);
  const dashboardPath = `/meters/${meterId}/dashboard?period=month&date=2025-03-01`;
  const dashboard = await measureAtBothConnectionCounts(
    origin,
    { path: dashboardPath, headers },
    meterId,
  );
  const csv = await timeSingleRequests(origin, `/meters/${meterId}/usage?${YEAR_BY_HALF_HOUR}`, {
    ...headers,
    accept: 'text/csv',
  });
  const intervals = await csvIntervals(
    origin,
    `/meters/${meterId}/usage?${YEAR_BY_HALF_HOUR}`,
    headers,
  );
  return [
    ...loadRows(
      `GET /meters/{id}/usage, a month by day (31 intervals, London) of ${count.format(INGEST_READINGS)} readings`,
      month,
      targetNote('p50 ≤ 3× floor p50', month[0].p50Ms <= 3 * floors.oneConnectionP50Ms),
    ),
    ...loadRows(
      `GET /meters/{id}/dashboard, a month (HTML, 31 daily bars) of ${count.format(INGEST_READINGS)} readings`,
      dashboard,
      targetNote('p50 ≤ 5× floor p50', dashboard[0].p50Ms <= 5 * floors.oneConnectionP50Ms),
    ),
    {
      measurement: `GET /meters/{id}/usage as CSV, a year by half hour (17,520 intervals) of ${count.format(INGEST_READINGS)} readings (one request, streamed)`,
      connections: 1,
      p50Ms: csv.ms,
      responseBytes: csv.bytes,
      note:
        csv.status === 200
          ? `${count.format(intervals)} intervals; ratio to the floor p50`
          : `failed: HTTP ${csv.status}`,
    },
  ];
}
