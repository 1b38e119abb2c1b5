/**
 * Meter data as real meters send it: a year of half-hourly intervals uploaded to many meters at
 * once, and a solar household with a year of import and export intervals on the dynamic plan.
 */
import { DYNAMIC_PLAN_ID, YEAR_START } from './catalogue.ts';
import { HALF_HOURS_PER_YEAR } from './dynamic-rates.ts';
import { exportKwh, halfHourIntervals, importKwh, intervalsBody } from './intervals.ts';
import { count } from './measure.ts';
import { INTERVAL_METER_IDS, SOLAR_METER_ID } from './meters.ts';
import { putAccount } from './operator.ts';
import { latencyPercentiles } from './ratio-math.ts';
import type { ResultRow } from './report.ts';
import { absoluteLine, type TargetLine } from './targets.ts';
import { authorizationHeader } from './tokens.ts';

/** Uploads started after this long are not sent: the scenario stays within a few minutes. */
export const INGEST_BUDGET_SECONDS = 30;
/** Uploads in flight at once: one a core of this machine's two. */
const INGEST_CONCURRENCY = 2;
// The queue hands the consumer a batch within max_batch_timeout (5 s): quiet for longer is drained.
const QUEUE_QUIET_MS = 7_000;

/** A year of the household's import, the same for every meter (the meter id is in the path). */
const IMPORT_YEAR_BODY = intervalsBody(
  'import',
  halfHourIntervals(YEAR_START, HALF_HOURS_PER_YEAR, importKwh),
);

/** Uploads one body of intervals; the request's time in ms, failing on an error status. */
async function uploadIntervals(origin: string, meterId: string, body: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${origin}/meters/${meterId}/intervals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authorizationHeader(meterId) },
    body,
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`POST /meters/${meterId}/intervals: HTTP ${response.status} ${text}`);
  return performance.now() - started;
}

/** Messages the fleet consumer has been given so far. */
async function fleetMessages(origin: string): Promise<number> {
  const response = await fetch(`${origin}/__bench/fleet-d1`);
  return ((await response.json()) as { messages: number }).messages;
}

/** Waits until the consumer has been given no message for a while; the seconds it took. */
export async function drainFleetQueue(origin: string): Promise<number> {
  const started = performance.now();
  let last = await fleetMessages(origin);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, QUEUE_QUIET_MS));
    const now = await fleetMessages(origin);
    if (now === last) return (performance.now() - started - QUEUE_QUIET_MS) / 1000;
    last = now;
  }
}

/** The solar household: a year of import and of export, its account on the dynamic plan. */
export async function prepareSolarMeter(origin: string): Promise<void> {
  await uploadIntervals(origin, SOLAR_METER_ID, IMPORT_YEAR_BODY);
  const exported = halfHourIntervals(YEAR_START, HALF_HOURS_PER_YEAR, (halfHour) =>
    exportKwh(YEAR_START, halfHour),
  );
  await uploadIntervals(origin, SOLAR_METER_ID, intervalsBody('export', exported));
  await putAccount(origin, SOLAR_METER_ID, DYNAMIC_PLAN_ID);
}

/**
 * A year of half hours (17,520 intervals, one upload) to each of the 1,000 interval meters,
 * INGEST_CONCURRENCY at a time, until they are all done or INGEST_BUDGET_SECONDS have passed;
 * then the fleet queue is left to drain, so that its work does not weigh on what follows.
 */
export async function measureIntervalIngest(
  origin: string,
  budgetSeconds = INGEST_BUDGET_SECONDS,
): Promise<{ rows: ResultRow[]; targets: TargetLine[] }> {
  const [warmUpMeterId, ...meterIds] = INTERVAL_METER_IDS;
  if (warmUpMeterId === undefined) throw new Error('no interval meters');
  await uploadIntervals(origin, warmUpMeterId, IMPORT_YEAR_BODY);
  await drainFleetQueue(origin);

  const waiting = [...meterIds];
  const uploadMs: number[] = [];
  const started = performance.now();
  const deadline = started + budgetSeconds * 1000;
  await Promise.all(
    Array.from({ length: INGEST_CONCURRENCY }, async () => {
      for (let meterId = waiting.shift(); meterId !== undefined; meterId = waiting.shift()) {
        if (performance.now() >= deadline) return;
        uploadMs.push(await uploadIntervals(origin, meterId, IMPORT_YEAR_BODY));
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  const drainSeconds = await drainFleetQueue(origin);

  const meters = uploadMs.length;
  const intervalsPerSecond = (meters * HALF_HOURS_PER_YEAR) / elapsedSeconds;
  const { p50, p99 } = latencyPercentiles(uploadMs);
  const allMeters = meterIds.length;
  const scope =
    meters === allMeters
      ? `all ${count.format(allMeters)} meters`
      : `${count.format(meters)} of ${count.format(allMeters)} meters (stopped at the ${budgetSeconds} s budget; all of them would take ≈ ${count.format(Math.round((allMeters * HALF_HOURS_PER_YEAR) / intervalsPerSecond))} s at this rate)`;
  const measurement = `ingest a year of half-hourly intervals (${count.format(HALF_HOURS_PER_YEAR)} a meter, one JSON upload of ${count.format(IMPORT_YEAR_BODY.length)} bytes) into ${scope}, ${INGEST_CONCURRENCY} uploads in flight`;
  const rows: ResultRow[] = [
    {
      measurement: `${measurement} (ms per upload)`,
      connections: INGEST_CONCURRENCY,
      p50Ms: p50,
      p99Ms: p99,
      perSecond: intervalsPerSecond,
      perSecondUnit: 'intervals/s',
      note: `${count.format(meters * HALF_HOURS_PER_YEAR)} intervals in ${elapsedSeconds.toFixed(1)} s; the fleet queue drained ${drainSeconds.toFixed(1)} s after the last upload`,
    },
  ];
  const rate = `${count.format(Math.round(intervalsPerSecond))} intervals/s`;
  const perUpload = `p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms an upload`;
  const targets = [absoluteLine('17', 'reported', measurement, rate, undefined, perUpload)];
  return { rows, targets };
}
