/**
 * Every target that is a ratio, measured by interleaving (bench/interleave.ts): the subject and
 * its reference (the no-op floor, the same request at 1,000 readings, or a store of 5 readings)
 * alternate in short blocks on the same connection, three runs, and the table shows the median
 * ratio and the spread of the runs.
 */
import { type Arm, measureInterleaved, type RatioTarget, ratioTarget } from './interleave.ts';
import { count, waitForIdleMeter } from './measure.ts';
import {
  BACKFILL_METER_ID,
  INGEST_READINGS,
  INTERLEAVED_SPREAD_METER_IDS,
  INTERLEAVED_STORE_METER_ID,
  LARGEST_HISTORY_METER_ID,
  NOOP_METER_ID,
  SMALLEST_HISTORY_METER_ID,
  SOLAR_METER_ID,
} from './meters.ts';
import {
  COMPARE_ALL,
  COMPARISON,
  oneDayReadPath,
  type PricingRequest,
  RECOMMEND,
} from './scenarios.ts';
import { nextStore, spanningBatchBody } from './store-scenarios.ts';
import { ratioLine, type TargetLine, type TargetSource } from './targets.ts';
import { authorizationHeader } from './tokens.ts';
import { DASHBOARD_MONTH_QUERY, HTML_ACCEPT, MONTH_BY_DAY } from './usage-scenarios.ts';

const STORE_READINGS = 5;
const SPREAD_CONNECTIONS = 10;

export const FLOOR: Arm = {
  name: 'no-op meter RPC (the floor)',
  next: () => ({ method: 'GET', path: `/__bench/noop-rpc/${NOOP_METER_ID}` }),
};

function getArm(name: string, path: string, meterId: string, headers = {}): Arm {
  const request = {
    method: 'GET',
    path,
    headers: { ...authorizationHeader(meterId), ...headers },
  } as const;
  return { name, next: () => request };
}

/** A store arm: each request's body from `next`, the meters waited on between blocks. */
function storeArm(
  name: string,
  meterIds: readonly string[],
  next: () => { body: string; headers: Record<string, string> },
  origin: string,
): Arm {
  return {
    name,
    next: () => {
      const { body, headers } = next();
      return { method: 'POST', path: '/readings/store', headers, body };
    },
    settle: async () => {
      for (const meterId of meterIds) await waitForIdleMeter(origin, meterId);
    },
  };
}

const SMALL = count.format(1_000);
const LARGE = count.format(INGEST_READINGS);

/** A pricing request at 1,000,000 readings against the same at 1,000 and against the floor. */
async function flatInHistory(
  origin: string,
  label: string,
  pathOf: (meterId: string) => string,
): Promise<RatioTarget[]> {
  const small = getArm(
    `${label}, ${SMALL} readings`,
    pathOf(SMALLEST_HISTORY_METER_ID),
    SMALLEST_HISTORY_METER_ID,
  );
  const large = getArm(
    `${label}, ${LARGE} readings`,
    pathOf(LARGEST_HISTORY_METER_ID),
    LARGEST_HISTORY_METER_ID,
  );
  const figures = await measureInterleaved(origin, [FLOOR, small, large]);
  return [
    ratioTarget(figures, large, small, 1.5, { target: `p50 ≤ 1.5× the same at ${SMALL} readings` }),
    ratioTarget(figures, large, FLOOR, 3, { target: 'p50 ≤ 3× the floor' }),
  ];
}

const pricing = (origin: string, request: PricingRequest) =>
  flatInHistory(origin, request.label, request.pathOf);

/** Advice and the dashboard's month at 1,000,000 readings, against the floor. */
async function adviceAndDashboard(origin: string): Promise<RatioTarget[]> {
  const meterId = LARGEST_HISTORY_METER_ID;
  const advice = getArm(
    `GET /meters/{id}/advice, ${LARGE} readings`,
    `/meters/${meterId}/advice`,
    meterId,
  );
  const dashboard = getArm(
    `GET /meters/{id}/dashboard (HTML, a month), ${LARGE} readings`,
    `/meters/${meterId}/dashboard?${DASHBOARD_MONTH_QUERY}`,
    meterId,
    HTML_ACCEPT,
  );
  const figures = await measureInterleaved(origin, [FLOOR, advice, dashboard]);
  return [
    ratioTarget(figures, advice, FLOOR, 3, { target: 'p50 ≤ 3× the floor' }),
    ratioTarget(figures, dashboard, FLOOR, 5, { target: 'p50 ≤ 5× the floor' }),
  ];
}

/** compare-all of the solar household (issue 17) and a one-day read (seed), against the floor. */
async function solarAndOneDay(origin: string): Promise<TargetLine[]> {
  const solar = getArm(
    'GET /price-plans/compare-all, a year of half-hourly import and export intervals',
    `/price-plans/compare-all/${SOLAR_METER_ID}`,
    SOLAR_METER_ID,
  );
  const oneDay = getArm(
    `GET /readings/read, a day (1,440 readings) of ${LARGE}`,
    oneDayReadPath(),
    LARGEST_HISTORY_METER_ID,
  );
  const figures = await measureInterleaved(origin, [FLOOR, solar, oneDay]);
  return [
    ratioLine('17', ratioTarget(figures, solar, FLOOR, 3, { target: 'p50 ≤ 3× the floor' })),
    ratioLine('seed', ratioTarget(figures, oneDay, FLOOR, 3, { target: 'p50 ≤ 3× the floor' })),
  ];
}

/** Two readings spanning a 1,000,000-reading history, against a store of 5 on a fresh meter. */
async function spanningStore(origin: string): Promise<RatioTarget[]> {
  const storeFive = storeArm(
    `POST /readings/store, ${STORE_READINGS} readings`,
    [INTERLEAVED_STORE_METER_ID],
    nextStore([INTERLEAVED_STORE_METER_ID], STORE_READINGS),
    origin,
  );
  const body = spanningBatchBody();
  const headers = authorizationHeader(BACKFILL_METER_ID);
  const spanning = storeArm(
    `POST /readings/store, 2 readings spanning a history of ${LARGE}`,
    [BACKFILL_METER_ID],
    () => ({ body, headers }),
    origin,
  );
  const figures = await measureInterleaved(origin, [storeFive, spanning]);
  return [ratioTarget(figures, spanning, storeFive, 3, { target: 'p50 ≤ 3× a store of 5' })];
}

/** Stores of 5 over 10 meters at 10 connections: req/s against the floor's at 10 connections. */
async function storeThroughput(origin: string): Promise<RatioTarget[]> {
  const spread = storeArm(
    `POST /readings/store, ${STORE_READINGS} readings, over 10 meters, ${SPREAD_CONNECTIONS} connections`,
    INTERLEAVED_SPREAD_METER_IDS,
    nextStore(INTERLEAVED_SPREAD_METER_IDS, STORE_READINGS),
    origin,
  );
  const floor = { ...FLOOR, name: `${FLOOR.name}, ${SPREAD_CONNECTIONS} connections` };
  const figures = await measureInterleaved(origin, [floor, spread], {
    connections: SPREAD_CONNECTIONS,
  });
  return [
    ratioTarget(figures, spread, floor, 0.6, {
      figure: 'req/s',
      target: 'req/s ≥ 60% of the floor',
    }),
  ];
}

/** The lines of targets that all come from one source. */
const from = async (source: TargetSource, targets: Promise<RatioTarget[]>) =>
  (await targets).map((target) => ratioLine(source, target));

/** Every interleaved target, group by group (each group's floor measured with it). */
export async function measureRatioTargets(origin: string): Promise<TargetLine[]> {
  const groups: [string, () => Promise<TargetLine[]>][] = [
    ['compare-all', () => from('seed, 16', pricing(origin, COMPARE_ALL))],
    ['comparison', () => from('16', pricing(origin, COMPARISON))],
    [
      'usage, a month by day',
      () =>
        from(
          '16',
          flatInHistory(
            origin,
            'GET /meters/{id}/usage, a month by day',
            (id) => `/meters/${id}/usage?${MONTH_BY_DAY}`,
          ),
        ),
    ],
    ['recommend', () => from('seed', pricing(origin, RECOMMEND))],
    ['advice and the dashboard', () => from('18', adviceAndDashboard(origin))],
    ['compare-all with export, a one-day read', () => solarAndOneDay(origin)],
    ['a batch spanning the history', () => from('seed', spanningStore(origin))],
    ['store throughput', () => from('seed', storeThroughput(origin))],
  ];
  const lines: TargetLine[] = [];
  for (const [name, measure] of groups) {
    console.log(`  interleaved: ${name}…`);
    lines.push(...(await measure()));
  }
  return lines;
}
