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
  type MeterYear,
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
import { BENCH_METER_IDS, HISTORIES, INGEST_READINGS } from './meters.ts';
import { type ResultRow, renderReport, renderTable } from './report.ts';
import {
  COMPARE_ALL,
  COMPARISON,
  measureAdvice,
  measureFloors,
  measurePricing,
  measureReads,
  measureSolarCompareAll,
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
import { absoluteLine, renderTargets, type TargetLine, targetTally } from './targets.ts';
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
  /** A stage that may fail without ending the run: the Targets table says that it failed and why. */
  const stage = async <T>(name: string, fallback: T, measure: () => Promise<T>): Promise<T> => {
    step(`${name}…`);
    try {
      return await measure();
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 300);
      console.error(`  failed: ${message}`);
      const failed = `failed: ${message.replaceAll('|', '/').replaceAll('\n', ' ')}`;
      targets.push(absoluteLine('–', 'the stage completes', name, failed, false));
      return fallback;
    }
  };
  const noLines = { rows: [] as ResultRow[], targets: [] as TargetLine[] };
  const smallestAndLargest = [HISTORIES[0].readingCount, INGEST_READINGS];
  const pricingRows = await stage(
    'compare-all, recommend and comparison at 1,000, 100,000 and 1,000,000 readings',
    [],
    async () => [
      ...(await measurePricing(origin, COMPARE_ALL)),
      ...(await measurePricing(origin, RECOMMEND)),
      ...(await measurePricing(origin, COMPARISON, smallestAndLargest)),
      ...(await measureSolarCompareAll(origin)),
    ],
  );
  rows.push(...pricingRows);
  const usage = await stage('Usage and the dashboard at 1,000,000 readings', noLines, () =>
    measureUsage(origin),
  );
  rows.push(...usage.rows);
  rows.push(...(await stage('Advice at 1,000,000 readings', [], () => measureAdvice(origin))));
  rows.push(...(await stage('Reads at 1,000,000 readings', [], () => measureReads(origin))));
  await drainFleetQueue(origin);
  const ratioTargets = await stage(
    'Targets, each ratio interleaved with its reference (3 runs)',
    [],
    () => measureRatioTargets(origin),
  );
  targets.unshift(...ratioTargets);
  targets.push(...usage.targets, ...live.targets);
  targets.push(
    ...(await stage('Fleet usage of a month by half hour, interleaved with the floor', [], () =>
      measureFleetUsage(origin),
    )),
    ...fleet.targets,
  );
  const publications = await stage(
    'Publishing a day and a year of rates, and the one-off repricing',
    noLines,
    () => measurePublications(origin),
  );
  rows.push(...publications.rows);
  targets.push(...publications.targets);
  const intervalIngest = await stage(
    `A year of half-hourly intervals into each of 1,000 meters (at most ${INGEST_BUDGET_SECONDS} s)`,
    noLines,
    () => measureIntervalIngest(origin),
  );
  rows.push(...intervalIngest.rows);
  targets.push(...intervalIngest.targets);
  const meterYears = await stage(
    'What a meter costs a year: two years of data, then a day of posts and a month of reads',
    [] as MeterYear[],
    async () => [await measureReadingsHousehold(server), await measureIntervalsHousehold(server)],
  );
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
