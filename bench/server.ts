/**
 * Builds the bench Worker and serves it with Miniflare, Cloudflare's local runtime: real workerd
 * for the Worker and its Durable Objects, with D1 and Queues as `wrangler dev` runs them (the
 * catalogue and the fleet's totals need both). Requests reach the Worker on a socket of its own,
 * with no dev proxy in front. Storage lives in a fresh temporary directory, on tmpfs if any.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { BENCH_PRICE_PLANS } from './catalogue.ts';
import { BENCH_TOKEN_KEY } from './tokens.ts';

const ROOT_DIR = join(import.meta.dirname, '..');
/** The bundle; ignored by git. */
const BUILD_DIR = join(import.meta.dirname, '.build');
const WORKERD_BIN = join(ROOT_DIR, 'node_modules', 'workerd', 'bin', 'workerd');
const MIGRATIONS_DIR = join(ROOT_DIR, 'migrations');
// tmpfs keeps SQLite commits off the disk, so the figures measure CPU rather than fsync.
const TMPFS_DIR = '/dev/shm';
const WORKER_NAME = 'joi-energy-bench';
// As wrangler.toml configures the fleet queue and its consumer.
const FLEET_QUEUE = 'joi-energy-fleet';
const FLEET_CONSUMER = { maxBatchSize: 100, maxBatchTimeout: 5, maxRetries: 10 };
/** How long an isolate answers from the catalogue it read before asking D1 again (seconds). */
// Short, so that the bench waits little after a publication; not 1 s, which makes every isolate
// refresh (and meet src/catalogue/catalogue-cache.ts's shared refresh, see server-errors.ts) often.
export const TARIFF_REFRESH_SECONDS = 5;

/** D1 as Miniflare hands it to Node. */
type BenchDatabase = Awaited<ReturnType<Miniflare['getD1Database']>>;

/** A running bench server and how to reach and stop it. */
export interface BenchServer {
  readonly origin: string;
  /** Where Durable Object storage lives, for the report: tmpfs or disk, and the path. */
  readonly storageDescription: string;
  /** CPU seconds workerd has spent so far (user + system), all of its threads. */
  cpuSeconds(): number;
  /** The D1 database the Worker is bound to, to read the fleet's totals directly. */
  database(): Promise<BenchDatabase>;
  stop(): Promise<void>;
}

/** The version workerd prints, e.g. `workerd 2026-11-02`. */
export function workerdVersion(): string {
  return execFileSync(WORKERD_BIN, ['--version'], { encoding: 'utf8' }).trim();
}

/**
 * Bundles bench/worker.ts exactly as a deployment would be (`wrangler deploy --dry-run`, the
 * positional entry overriding `main`), and returns the bundle's path.
 */
async function buildBenchWorker(): Promise<string> {
  await rm(BUILD_DIR, { recursive: true, force: true });
  execFileSync(
    'wrangler',
    ['deploy', 'bench/worker.ts', '--dry-run', '--env=', '--outdir', BUILD_DIR],
    {
      cwd: ROOT_DIR,
      stdio: 'inherit',
      env: { ...process.env, WRANGLER_LOG: 'warn', WRANGLER_SEND_METRICS: 'false' },
    },
  );
  const modules = (await readdir(BUILD_DIR)).filter((name) => name.endsWith('.js'));
  if (modules.length !== 1 || modules[0] === undefined) {
    throw new Error(`expected one .js module in ${BUILD_DIR}, found: ${modules.join(', ')}`);
  }
  return join(BUILD_DIR, modules[0]);
}

async function compatibilityDate(): Promise<string> {
  const wranglerToml = await readFile(join(ROOT_DIR, 'wrangler.toml'), 'utf8');
  const match = /^compatibility_date\s*=\s*"([\d-]+)"/m.exec(wranglerToml);
  if (match?.[1] === undefined) throw new Error('no compatibility_date in wrangler.toml');
  return match[1];
}

/**
 * How long a meter holds back its appends from the fleet (FLEET_FLUSH_SECONDS), as wrangler.toml
 * deploys it: the cost of the fleet view depends on it, so the bench runs what ships.
 */
export const FLEET_FLUSH_SECONDS = (() => {
  const wranglerToml = readFileSync(join(ROOT_DIR, 'wrangler.toml'), 'utf8');
  const match = /^FLEET_FLUSH_SECONDS\s*=\s*"(\d+)"/m.exec(wranglerToml);
  if (match?.[1] === undefined) throw new Error('no FLEET_FLUSH_SECONDS in wrangler.toml');
  return Number(match[1]);
})();

/** D1's schema: every numbered file of migrations/, in order, as `wrangler d1 migrations` applies them. */
async function applyD1Migrations(database: BenchDatabase): Promise<void> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql')).sort();
  for (const file of files) {
    const text = await readFile(join(MIGRATIONS_DIR, file), 'utf8');
    const statements = text
      .split('\n')
      .filter((line) => !line.trim().startsWith('--'))
      .join('\n')
      .split(';')
      .map((statement) => statement.trim())
      .filter((statement) => statement.length > 0);
    await database.batch(statements.map((statement) => database.prepare(statement)));
  }
}

/** User + system CPU seconds of every workerd process on this machine started by `parent`. */
function workerdCpuSeconds(parent: number): number {
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const entry of readdirSyncSafe('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== parent) continue;
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('workerd')) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended in between.
    }
  }
  return ticks / ticksPerSecond;
}

function readdirSyncSafe(path: string): string[] {
  try {
    return execFileSync('ls', [path], { encoding: 'utf8' }).split('\n');
  } catch {
    return [];
  }
}

/**
 * Builds the bench Worker and serves it on a free loopback port with empty storage: the Meter
 * namespace on SQLite, D1 with the schema of migrations/, the fleet queue and its consumer, meter
 * tokens on, and the bench's catalogue. No static assets (no benchmarked route serves them) and no
 * rate limiting (the Worker does without it when unbound; the bench posts far more than a meter).
 */
export async function startBenchServer(): Promise<BenchServer> {
  const scriptPath = await buildBenchWorker();
  const onTmpfs = existsSync(TMPFS_DIR);
  const storageDir = await mkdtemp(join(onTmpfs ? TMPFS_DIR : tmpdir(), 'joi-energy-bench-'));
  const miniflare = new Miniflare(
    convertV4MiniflareOptions({
      name: WORKER_NAME,
      modules: true,
      scriptPath,
      compatibilityDate: await compatibilityDate(),
      defaultPersistRoot: storageDir,
      // The Worker's own request log would bury the bench's progress: only warnings and errors.
      handleStructuredLogs: ({ level, message }: { level: string; message: string }) => {
        if (level === 'warn' || level === 'error') console.error(message);
      },
      unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      // BENCH_INSPECTOR_PORT=9329 opens workerd's inspector, to profile a scenario over CDP.
      ...(process.env.BENCH_INSPECTOR_PORT && {
        inspectorPort: Number(process.env.BENCH_INSPECTOR_PORT),
      }),
      durableObjects: { METER: { className: 'Meter', useSQLite: true } },
      d1Databases: { DB: 'joi-energy-bench' },
      queueProducers: { FLEET_QUEUE: { queueName: FLEET_QUEUE } },
      queueConsumers: { [FLEET_QUEUE]: FLEET_CONSUMER },
      bindings: {
        AUTH_DISABLED: 'false',
        CORS_ORIGINS: '',
        CURRENCY: 'GBP',
        // The shortest bound the Worker accepts: a publication shows in every answer within 1 s,
        // so the bench waits just over that before timing the first query after one.
        TARIFF_REFRESH_SECONDS: String(TARIFF_REFRESH_SECONDS),
        FLEET_FLUSH_SECONDS: String(FLEET_FLUSH_SECONDS),
        METER_TOKEN_KEY: BENCH_TOKEN_KEY,
        // Three versions of every plan, every tariff rule priced, and a dynamic plan.
        PRICE_PLANS: JSON.stringify(BENCH_PRICE_PLANS),
      },
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  const stop = async (): Promise<void> => {
    await miniflare.dispose();
    await rm(storageDir, { recursive: true, force: true });
  };
  const database = () => miniflare.getD1Database('DB', WORKER_NAME);
  let origin: string;
  try {
    await miniflare.ready;
    origin = (await miniflare.unsafeGetDirectURL(WORKER_NAME)).origin;
    await applyD1Migrations(await database());
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    origin,
    storageDescription: `${onTmpfs ? 'tmpfs' : 'disk'} (${storageDir})`,
    cpuSeconds: () => workerdCpuSeconds(process.pid),
    database,
    stop,
  };
}
