/**
 * `npm run bench`: serves the built Worker in workerd, loads meter histories through the public
 * API, measures every scenario against the same server and prints one table, also written to
 * bench/RESULTS.md.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  measureIntervalsHousehold,
  measureReadingsHousehold,
  renderCosts,
} from './cost-scenarios.ts';
import { measureLive } from './live-scenarios.ts';
import { BENCH_METER_IDS } from './meters.ts';
import { type ResultRow, renderReport, renderTable } from './report.ts';
import { measureFloors, measurePricing, measureReads } from './scenarios.ts';
import { startBenchServer, workerdVersion } from './server.ts';
import {
  loadSmallerHistories,
  measureFleet,
  measureIngest,
  measureSpanningBatch,
  measureStoreFive,
} from './store-scenarios.ts';
import { prepareTokens } from './tokens.ts';
import { measureUsage } from './usage-scenarios.ts';

const RESULTS_PATH = join(import.meta.dirname, 'RESULTS.md');

const startedAt = performance.now();
await prepareTokens(BENCH_METER_IDS);
const server = await startBenchServer();
// Ctrl-C or a kill still stops workerd and removes the storage directory.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void server.stop().finally(() => process.exit(130));
  });
}
try {
  const { origin } = server;
  console.log(`workerd on ${origin}, Durable Object storage on ${server.storageDescription}`);
  console.log('Floors…');
  const { rows: floorRows, floors } = await measureFloors(origin);
  const rows: ResultRow[] = [...floorRows];
  console.log('Store of 5 readings…');
  const storeFive = await measureStoreFive(origin, floors);
  rows.push(...storeFive.rows);
  console.log('Live: 1,000 sockets on one meter…');
  rows.push(...(await measureLive(origin)));
  console.log('A fleet of 1,000 meters…');
  rows.push(...(await measureFleet(origin)));
  console.log('Loading histories, ingest of 1,000,000 readings (3 runs)…');
  await loadSmallerHistories(origin);
  rows.push(...(await measureIngest(origin)));
  console.log('A batch spanning a 1,000,000-reading history…');
  rows.push(...(await measureSpanningBatch(origin, storeFive.oneConnection)));
  console.log('compare-all and recommend at 1,000, 100,000 and 1,000,000 readings…');
  rows.push(...(await measurePricing(origin, 'compare-all', floors)));
  rows.push(...(await measurePricing(origin, 'recommend', floors)));
  console.log('Usage over time at 1,000,000 readings…');
  rows.push(...(await measureUsage(origin, floors)));
  console.log('Reads at 1,000,000 readings…');
  rows.push(...(await measureReads(origin, floors)));
  console.log(
    'What a meter costs a year: two years of data, then a day of posts and a month of reads…',
  );
  const meterYears = [
    await measureReadingsHousehold(server),
    await measureIntervalsHousehold(server),
  ];

  const report = renderReport(renderTable(rows, floors), renderCosts(meterYears), {
    workerdVersion: workerdVersion(),
    storageDescription: server.storageDescription,
    elapsedSeconds: (performance.now() - startedAt) / 1000,
  });
  await writeFile(RESULTS_PATH, report);
  console.log(`\n${report}\nWritten to ${RESULTS_PATH}`);
} finally {
  await server.stop();
}
