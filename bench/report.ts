/** The results tables, relative to the floors, and the machine they were measured on. */
import { cpus, totalmem } from 'node:os';
import { BLOCK_MS, INTERLEAVED_RUNS, RUN_MS_PER_ARM } from './interleave.ts';
import { INGEST_BUDGET_SECONDS } from './interval-scenarios.ts';
import { RUN_SECONDS, RUNS } from './load.ts';
import { TARIFF_REFRESH_SECONDS } from './server.ts';

/** One measured line of the table. */
export interface ResultRow {
  readonly measurement: string;
  readonly connections: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  readonly perSecond?: number;
  readonly perSecondUnit?: 'req/s' | 'readings/s' | 'intervals/s';
  readonly responseBytes?: number;
  /** A target with met / not met, or why a figure is missing. */
  readonly note?: string | undefined;
}

/** The no-op meter RPC at 1 and 10 connections: what every meter request costs at least. */
export interface Floors {
  readonly oneConnectionP50Ms: number;
  readonly tenConnectionsP50Ms: number;
  readonly tenConnectionsRequestsPerSecond: number;
}

export interface RunDescription {
  readonly workerdVersion: string;
  readonly storageDescription: string;
  readonly elapsedSeconds: number;
  /** 5xx answers met while measuring, left out of the figures (bench/server-errors.ts). */
  readonly serverErrors: string;
  /** The machine's 1, 5 and 15-minute load averages when the run started and when it ended. */
  readonly loadAtStart: readonly number[];
  readonly loadAtEnd: readonly number[];
}

/** The note of a row whose target is judged in the Targets table, on interleaved runs. */
export const TARGETS_ARE_INTERLEAVED = 'target: see Targets (interleaved)';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (!Number.isFinite(ms)) return `> ${RUN_SECONDS * 1000}`;
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : integer.format(ms);
}

function formatRatio(value: number | undefined, floor: number): string {
  if (value === undefined) return '';
  if (!Number.isFinite(value)) return '–';
  const ratio = value / floor;
  if (ratio >= 10) return `${integer.format(ratio)}×`;
  // Two significant digits keep small ratios (a slow route's share of the floor's req/s) visible.
  return `${ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}×`;
}

/** `met` or `not met` next to a target, for the note column. */
export function targetNote(target: string, met: boolean): string {
  return `${target}: ${met ? 'met' : 'NOT met'}`;
}

/** Latency ratios are against the floor's p50 at the same connection count. */
function floorP50Ms(row: ResultRow, floors: Floors): number {
  return row.connections === 1 ? floors.oneConnectionP50Ms : floors.tenConnectionsP50Ms;
}

export function renderTable(rows: readonly ResultRow[], floors: Floors): string {
  const header = [
    'measurement',
    'conns',
    'p50 ms',
    'p99 ms',
    'p50 / floor p50',
    'throughput',
    '/ floor req/s',
    'response bytes',
    'target / note',
  ];
  const lines = rows.map((row) => [
    row.measurement,
    String(row.connections),
    formatMs(row.p50Ms),
    formatMs(row.p99Ms),
    formatRatio(row.p50Ms, floorP50Ms(row, floors)),
    row.perSecond === undefined ? '' : `${integer.format(row.perSecond)} ${row.perSecondUnit}`,
    formatRatio(row.perSecond, floors.tenConnectionsRequestsPerSecond),
    row.responseBytes === undefined ? '' : integer.format(row.responseBytes),
    row.note ?? '',
  ]);
  return [header, header.map(() => '---'), ...lines]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}

const loadText = (load: readonly number[]) => load.map((value) => value.toFixed(2)).join(' / ');

/** The whole RESULTS.md: the machine, how it was measured, both tables and the cost section. */
export function renderReport(
  table: string,
  targets: string,
  costs: string,
  run: RunDescription,
): string {
  const cpuList = cpus();
  const machine = [
    `- machine: ${cpuList.length} cores (${cpuList[0]?.model ?? 'unknown'}), a VM shared with other work: its speed drifts and the figures are noisy, which is why every ratio is interleaved`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- load average (1 / 5 / 15 min): ${loadText(run.loadAtStart)} at the start, ${loadText(run.loadAtEnd)} at the end (other work shares this machine)`,
    `- Node.js ${process.version}, ${run.workerdVersion} (Miniflare, no dev proxy)`,
    `- Durable Object storage: ${run.storageDescription}`,
    `- date: ${new Date().toISOString()}; the whole bench took ${Math.round(run.elapsedSeconds)} s`,
    `- 5xx answers met while measuring (left out of the figures, load runs measured again): ${run.serverErrors}`,
  ];
  return `# npm run bench

${machine.join('\n')}

**Server.** bench/server.ts bundles bench/worker.ts (the production app, Meter and fleet consumer,
plus bench-only routes under \`/__bench\`: a trivial route, a no-op meter RPC, storage counters) as
\`wrangler deploy --dry-run\` does, and serves it with Miniflare: workerd for the Worker and its
SQLite Durable Objects, local D1 (the catalogue and the fleet's totals, migrations/ applied) and the
fleet Queue with its consumer, on a socket of its own with no dev proxy. Meter tokens are on: each
request carries its meter's device token (which also reads, the dashboard included); catalogue and
account changes carry an operator token.

**Catalogue.** bench/catalogue.ts, bound as PRICE_PLANS: seven plans, each of three versions (from
the start, from 2024-07-01 and from 2025-03-01, each with other rates and bands): the three
reference plans (their ids kept; the trial accounts of smart-meter-0..4 are checked at the start),
a London time-of-use plan with import and export bands and VAT, a standing-charge plan, a
weekend-multiplier plan, and \`agile-dynamic\`, whose year of half-hourly import and export rates
(17,520 each from 2024-07-01, deterministic and Agile-like, some below zero) is published through
\`PUT /price-plans/agile-dynamic/rates\` with an operator token before any history is loaded.
TARIFF_REFRESH_SECONDS is ${TARIFF_REFRESH_SECONDS} for the bench (the Worker's default is 30): after a publication
the bench waits ${TARIFF_REFRESH_SECONDS + 0.25} s, just over it, before it times the first query.

**Histories.** Readings posted through POST /readings/store in 10,000-reading batches: 1,000
(smart-meter-0, one every 45 minutes from 2025-03-01, so that the month of usage asked for has
data on all of its days, as the 1,000,000-reading history has), and 100,000 (smart-meter-1) and
1,000,000 (smart-meter-2) minute readings from 2024-01-01; a year of minute readings from
2024-07-01 (bench-year, for the repricing); a solar household with a year of half-hourly import
and export intervals from 2024-07-01 on \`agile-dynamic\` (bench-solar).

**Latency and throughput** (first table): autocannon over loopback, a 1 s warm-up, then the median
of ${RUNS} runs of ${RUN_SECONDS} s. Latencies at 1 connection are service times. Its ratios compare
with the no-op meter RPC floor measured minutes earlier (p50 with its p50 at the same connection
count, throughput with its req/s at 10 connections): for orientation only, since this VM's speed
drifts within minutes.

**Targets** (second table): every target that is a ratio is measured by interleaving, so that
this VM's drifting speed weighs on both sides alike. The subject and its reference (the no-op
floor, the same request at 1,000 readings, or a store of 5 readings) alternate in blocks of
${BLOCK_MS / 1000} s on the same keep-alive connection (bench/keep-alive-client.ts, a minimal HTTP/1.1 client:
latency from the first byte written to the last byte read), in rounds whose order reverses each
time (A B C, C B A, …), after a discarded warm-up block of each; a run lasts ${RUN_MS_PER_ARM / 1000} s per arm,
and each group of targets measures its own floor. A run's ratio is p50(subject) / p50(reference)
over its blocks (req/s at 10 connections for the store-throughput target); a target is judged on
the median of ${INTERLEAVED_RUNS} runs, and the spread column shows the runs' min–max and each run. Alternating
single requests was tried and not kept: a no-op right after a heavy request is slower, which
flatters the ratio. The live store's ratio (bench/live-scenarios.ts) interleaves blocks of 5
stores on the meter holding 1,000 sockets with blocks on a meter holding none (quiet, live, live,
quiet, …), three runs. Targets on absolute figures (ingest rate, the repricing query, the
dashboard's gzipped size, fleet usage, a meter-year's dollars) are in the same table with no
reference; fleet usage is timed interleaved with the floor, so its spread is of three runs too.
"reported" marks a figure an issue asks for without a bound. PASS or **MISS** is judged on the
median; a miss is left in the table as measured.

**Fleet.** 1,000 meters post a quarter hour of minute readings each, 64 requests in flight, while
the queue's consumer sums into D1; the bench worker records each message's lag (from its send to
the start of the consumer call given it) and the queue is then left to drain. Fleet usage asks
for January 2024 by UTC half hour (1,488 intervals, one page), where every loaded history has data.

**Intervals.** A year of half hours (17,520 intervals, one JSON upload each) goes to as many of
1,000 meters as fit in ${INGEST_BUDGET_SECONDS} s, 2 uploads in flight; the row says how many were uploaded.

## Latency and throughput

${table}

## Targets

${targets}

${costs}`;
}
