/**
 * `npm run bench`: serves the built Worker with Miniflare, publishes the catalogue's dynamic rates
 * and loads meter histories through the public API, measures every scenario against the same
 * server, and prints two tables (latency and throughput; targets, with every ratio interleaved)
 * and the cost of a meter-year, also written to bench/RESULTS.md.
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  costTargets,
  measureIntervalsHousehold,
  measureReadingsHousehold,
  renderCosts,
} from './cost-scenarios.ts';
import { measureFleetPosting, measureFleetUsage } from './fleet-scenarios.ts';
import {
  drainFleetQueue,
  INGEST_BUDGET_SECONDS,
  measureIntervalIngest,
  prepareSolarMeter,
} from './interval-scenarios.ts';
import { measureLive } from './live-scenarios.ts';
import { BENCH_METER_IDS, HISTORIES, INGEST_READINGS, SOLAR_METER_ID } from './meters.ts';
import { type ResultRow, renderReport, renderTable } from './report.ts';
import {
  COMPARE_ALL,
  COMPARISON,
  measureAdvice,
  measureFloors,
  measurePricing,
  measureReads,
  RECOMMEND,
} from './scenarios.ts';
import { startBenchServer, workerdVersion } from './server.ts';
import { serverErrorSummary } from './server-errors.ts';
import {
  loadSmallerHistories,
  measureIngest,
  measureSpanningBatch,
  measureStoreFive,
} from './store-scenarios.ts';
import { measureRatioTargets } from './target-scenarios.ts';
import { renderTargets, type TargetLine, targetTally } from './targets.ts';
import { measurePublications, prepareCatalogue, prepareYearMeter } from './tariff-scenarios.ts';
import { prepareTokens } from './tokens.ts';
import { measureUsage } from './usage-scenarios.ts';

const RESULTS_PATH = join(import.meta.dirname, 'RESULTS.md');

const startedAt = performance.now();
const loadAtStart = loadavg();
await prepareTokens(BENCH_METER_IDS);
const server = await startBenchServer();
// Ctrl-C or a kill still stops workerd and removes the storage directory.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void server.stop().finally(() => process.exit(130));
  });
}
const elapsed = () => `${Math.round((performance.now() - startedAt) / 1000)} s`;
const step = (text: string) => console.log(`[${elapsed()}] ${text}`);
try {
  const { origin } = server;
  console.log(`workerd on ${origin}, Durable Object storage on ${server.storageDescription}`);
  step('Catalogue: three versions of every plan, a year of dynamic rates published…');
  const rows: ResultRow[] = [...(await prepareCatalogue(origin))];
  const targets: TargetLine[] = [];
  step('Floors…');
  const { rows: floorRows, floors } = await measureFloors(origin);
  rows.push(...floorRows);
  step('Store of 5 readings…');
  const storeFive = await measureStoreFive(origin);
  rows.push(...storeFive.rows);
  step('Live: 1,000 sockets on one meter, stores interleaved with a meter without (3 runs)…');
  const live = await measureLive(origin);
  rows.push(...live.rows);
  step('A fleet of 1,000 meters posting while the queue drains…');
  const fleet = await measureFleetPosting(origin);
  rows.push(...fleet.rows);
  step('Loading histories, ingest of 1,000,000 readings (3 runs)…');
  await loadSmallerHistories(origin);
  const ingest = await measureIngest(origin);
  rows.push(...ingest.rows);
  targets.push(...ingest.targets);
  step('A batch spanning a 1,000,000-reading history…');
  rows.push(...(await measureSpanningBatch(origin, storeFive.oneConnection)));
  step('A year of minute readings, and a solar household of a year of intervals…');
  await prepareYearMeter(origin);
  await prepareSolarMeter(origin);
  // The fleet consumer's catch-up after the loads would otherwise weigh on the reads measured next.
  await drainFleetQueue(origin);
  step('compare-all, recommend and comparison at 1,000, 100,000 and 1,000,000 readings…');
  rows.push(...(await measurePricing(origin, COMPARE_ALL)));
  rows.push(...(await measurePricing(origin, RECOMMEND)));
  const smallestAndLargest = [HISTORIES[0].readingCount, INGEST_READINGS];
  rows.push(...(await measurePricing(origin, COMPARISON, smallestAndLargest)));
  rows.push(
    ...(await measurePricing(
      origin,
      {
        label: 'GET /price-plans/compare-all, a year of half-hourly import and export intervals',
        pathOf: () => `/price-plans/compare-all/${SOLAR_METER_ID}`,
      },
      [INGEST_READINGS],
    )),
  );
  step('Usage, the dashboard and advice at 1,000,000 readings…');
  const usage = await measureUsage(origin);
  rows.push(...usage.rows);
  rows.push(...(await measureAdvice(origin)));
  step('Reads at 1,000,000 readings…');
  rows.push(...(await measureReads(origin)));
  step('Targets, each ratio interleaved with its reference (3 runs)…');
  await drainFleetQueue(origin);
  targets.unshift(...(await measureRatioTargets(origin)));
  targets.push(...usage.targets, ...live.targets);
  step('Fleet usage of a month by half hour, interleaved with the floor (3 runs)…');
  targets.push(...(await measureFleetUsage(origin)), ...fleet.targets);
  step('Publishing a day and a year of rates, and the one-off repricing…');
  const publications = await measurePublications(origin);
  rows.push(...publications.rows);
  targets.push(...publications.targets);
  step(
    `A year of half-hourly intervals into each of 1,000 meters (at most ${INGEST_BUDGET_SECONDS} s)…`,
  );
  const intervalIngest = await measureIntervalIngest(origin);
  rows.push(...intervalIngest.rows);
  targets.push(...intervalIngest.targets);
  step('What a meter costs a year: two years of data, then a day of posts and a month of reads…');
  const meterYears = [
    await measureReadingsHousehold(server),
    await measureIntervalsHousehold(server),
  ];
  targets.push(...costTargets(meterYears));

  const report = renderReport(
    renderTable(rows, floors),
    renderTargets(targets),
    renderCosts(meterYears),
    {
      workerdVersion: workerdVersion(),
      storageDescription: server.storageDescription,
      elapsedSeconds: (performance.now() - startedAt) / 1000,
      serverErrors: serverErrorSummary(),
      loadAtStart,
      loadAtEnd: loadavg(),
    },
  );
  await writeFile(RESULTS_PATH, report);
  console.log(`\n${report}\nWritten to ${RESULTS_PATH}`);
  step(`Targets: ${targetTally(targets)}`);
} finally {
  await server.stop();
}
