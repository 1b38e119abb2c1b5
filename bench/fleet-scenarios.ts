/**
 * Operators at scale (issue 20): 1,000 meters posting while the fleet queue's consumer drains, how
 * late each message reached the consumer, and a month of the fleet's load by half hour from D1.
 */
import { type Arm, measureInterleaved } from './interleave.ts';
import { drainFleetQueue } from './interval-scenarios.ts';
import { count } from './measure.ts';
import { FLEET_METER_IDS } from './meters.ts';
import { latencyPercentiles, summarizeRuns } from './ratio-math.ts';
import type { ResultRow } from './report.ts';
import { measureFleet } from './store-scenarios.ts';
import { FLOOR } from './target-scenarios.ts';
import { absoluteLine, type TargetLine } from './targets.ts';
import { operatorAuthorizationHeader } from './tokens.ts';

/** January 2024 in UTC half hours: every history the bench loads has data there. */
const MONTH_FROM = Date.parse('2024-01-01T00:00:00Z') / 1000;
const MONTH_TO = Date.parse('2024-02-01T00:00:00Z') / 1000;
const MONTH_HALF_HOURS = 31 * 48;
const FLEET_USAGE_PATH = `/fleet/usage?from=${MONTH_FROM}&to=${MONTH_TO}&groupBy=half_hour&pageSize=2000`;
const FLEET_USAGE_TARGET_MS = 50;
/** As wrangler.toml configures the consumer: the queue hands it a batch within 5 s. */
const MAX_BATCH_TIMEOUT_SECONDS = 5;

/** The queue lags (ms) the bench worker recorded since it was last asked, and forgets them. */
async function takeQueueLags(origin: string): Promise<number[]> {
  const response = await fetch(`${origin}/__bench/queue-lags`, { method: 'POST' });
  return ((await response.json()) as { lagsMs: number[] }).lagsMs;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** 1,000 meters posting at once, then the queue drained: throughput, and each message's lag. */
export async function measureFleetPosting(
  origin: string,
): Promise<{ rows: ResultRow[]; targets: TargetLine[] }> {
  await drainFleetQueue(origin);
  await takeQueueLags(origin);
  const rows = await measureFleet(origin);
  const drainSeconds = await drainFleetQueue(origin);
  const lagsMs = await takeQueueLags(origin);
  const { p50, p99 } = latencyPercentiles(lagsMs);
  const subject = `fleet queue lag of ${count.format(lagsMs.length)} messages (ms from a meter's send to the consumer call given it), ${count.format(FLEET_METER_IDS.length)} meters posting while the consumer drains`;
  rows.push({
    measurement: subject,
    connections: 1,
    p50Ms: p50,
    p99Ms: p99,
    note: `the consumer was given its last message ${drainSeconds.toFixed(1)} s after the posts ended; max_batch_timeout is ${MAX_BATCH_TIMEOUT_SECONDS} s`,
  });
  const targets = [
    absoluteLine(
      '20',
      `lag p50/p99 reported (batches wait at most ${MAX_BATCH_TIMEOUT_SECONDS} s)`,
      subject,
      `p50 ${seconds(p50)}, p99 ${seconds(p99)}`,
      undefined,
      `max ${seconds(Math.max(...lagsMs))}`,
    ),
  ];
  return { rows, targets };
}

/** A month of the fleet's load by half hour (one page), interleaved with the floor. */
export async function measureFleetUsage(origin: string): Promise<TargetLine[]> {
  const headers = operatorAuthorizationHeader();
  const check = await fetch(`${origin}${FLEET_USAGE_PATH}`, { headers });
  const page = (await check.json()) as { intervals?: unknown[]; next?: unknown };
  if (!check.ok) throw new Error(`GET ${FLEET_USAGE_PATH}: HTTP ${check.status}`);
  const intervals = page.intervals?.length ?? 0;
  const usage: Arm = {
    name: `GET /fleet/usage, a month by half hour (${count.format(intervals)} of ${count.format(MONTH_HALF_HOURS)} intervals with data, one page)`,
    next: () => ({ method: 'GET', path: FLEET_USAGE_PATH, headers }),
  };
  const figures = await measureInterleaved(origin, [FLOOR, usage]);
  const p50 = summarizeRuns(figures.get(usage.name)?.p50Ms ?? []);
  const floorP50 = summarizeRuns(figures.get(FLOOR.name)?.p50Ms ?? []);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return [
    absoluteLine(
      '20',
      `p50 ≤ ${FLEET_USAGE_TARGET_MS} ms locally`,
      `${usage.name}, interleaved with the floor (its p50 ${floorP50.median.toFixed(2)} ms)`,
      ms(p50.median),
      p50.median <= FLEET_USAGE_TARGET_MS,
      `${ms(p50.min)}–${ms(p50.max)} (${p50.runs.map(ms).join(', ')})`,
    ),
  ];
}
