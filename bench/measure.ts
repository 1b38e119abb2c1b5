/** Measuring one request against the bench server, and turning figures into table rows. */
import { type LoadFigures, type LoadRequest, measureLoad, median } from './load.ts';
import type { ResultRow } from './report.ts';

export const CONCURRENT_CONNECTIONS = 10;
const SINGLE_REQUEST_RUNS = 3;

export const count = new Intl.NumberFormat('en-US');

/** Waits until a meter object has finished whatever a run left in flight (it runs one at a time). */
export async function waitForIdleMeter(origin: string, meterId: string): Promise<void> {
  await (await fetch(`${origin}/__bench/noop-rpc/${meterId}`)).arrayBuffer();
}

/** Measures a GET or POST at 1 and 10 connections, waiting for the meter to go idle after each run. */
export async function measureAtBothConnectionCounts(
  origin: string,
  request: LoadRequest,
  meterId: string,
): Promise<[LoadFigures, LoadFigures]> {
  const idle = () => waitForIdleMeter(origin, meterId);
  const oneConnection = await measureLoad({ origin, connections: 1, request }, idle);
  const tenConnections = await measureLoad(
    { origin, connections: CONCURRENT_CONNECTIONS, request },
    idle,
  );
  return [oneConnection, tenConnections];
}

/** The 1-connection row (service time) and the 10-connection row (throughput) of one request. */
export function loadRows(
  measurement: string,
  [one, ten]: [LoadFigures, LoadFigures],
  oneConnectionNote?: string,
): ResultRow[] {
  return [
    { measurement, connections: 1, p50Ms: one.p50Ms, p99Ms: one.p99Ms, note: oneConnectionNote },
    throughputRow(measurement, ten),
  ];
}

export function throughputRow(
  measurement: string,
  figures: LoadFigures,
  note?: string,
  connections = CONCURRENT_CONNECTIONS,
): ResultRow {
  return {
    measurement,
    connections,
    p50Ms: figures.p50Ms,
    p99Ms: figures.p99Ms,
    perSecond: figures.requestsPerSecond,
    perSecondUnit: 'req/s',
    note,
  };
}

/** A whole single request, its body read to the end: a warm-up, then the median of a few. */
export async function timeSingleRequests(
  origin: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ ms: number; bytes: number; status: number }> {
  const timed: { ms: number; bytes: number; status: number }[] = [];
  for (let request = 0; request <= SINGLE_REQUEST_RUNS; request++) {
    const started = performance.now();
    const response = await fetch(`${origin}${path}`, { headers });
    const bytes = (await response.arrayBuffer()).byteLength;
    const ms = performance.now() - started;
    if (request > 0) timed.push({ ms, bytes, status: response.status });
  }
  const last = timed[timed.length - 1] ?? { bytes: 0, status: 0 };
  return { ms: median(timed.map((t) => t.ms)), bytes: last.bytes, status: last.status };
}

/** The length of a GET's body, failing the bench on an error status. */
export async function responseBytes(
  origin: string,
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  const response = await fetch(`${origin}${path}`, { headers });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return (await response.arrayBuffer()).byteLength;
}

export { SINGLE_REQUEST_RUNS };
