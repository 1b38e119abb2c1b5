/** The results table, relative to the floors, and the machine it was measured on. */
import { cpus, totalmem } from 'node:os';
import { RUN_SECONDS, RUNS } from './load.ts';

/** One measured line of the table. */
export interface ResultRow {
  readonly measurement: string;
  readonly connections: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  readonly perSecond?: number;
  readonly perSecondUnit?: 'req/s' | 'readings/s';
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
}

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

export function renderReport(table: string, costs: string, run: RunDescription): string {
  const cpuList = cpus();
  const machine = [
    `- CPU: ${cpuList[0]?.model ?? 'unknown'} × ${cpuList.length}`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node.js ${process.version}, ${run.workerdVersion} (\`workerd serve\`, no dev proxy)`,
    `- Durable Object storage: ${run.storageDescription}`,
    `- date: ${new Date().toISOString()}; the whole bench took ${Math.round(run.elapsedSeconds)} s`,
  ];
  return `# npm run bench

${machine.join('\n')}

Every figure comes from the same run on the same server: a 1 s warm-up, then the median of ${RUNS}
runs of ${RUN_SECONDS} s (autocannon over loopback). Latencies at 1 connection are service times.
Ratios compare with the no-op meter RPC floor: p50 with its p50 at the same connection count,
throughput with its req/s at 10 connections. Histories were loaded through POST /readings/store
in 10,000-reading batches of minute data from 2024-01-01. Prices use the catalogue in
bench/catalogue.ts: the three reference plans, and three London plans with time-of-use bands,
standing charges and weekend multipliers, so every tariff rule is priced.

${table}

${costs}`;
}
