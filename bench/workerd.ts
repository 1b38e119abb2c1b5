/**
 * Builds the bench Worker and serves it in real workerd (`workerd serve`, no dev proxy), with
 * Durable Object storage in a fresh temporary directory.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_PRICE_PLANS } from './catalogue.ts';
import { BENCH_TOKEN_KEY } from './tokens.ts';

const ROOT_DIR = join(import.meta.dirname, '..');
/** The bundle and the generated workerd config; ignored by git. */
const BUILD_DIR = join(import.meta.dirname, '.build');
const WORKERD_BIN = join(ROOT_DIR, 'node_modules', 'workerd', 'bin', 'workerd');
const STARTUP_TIMEOUT_MS = 30_000;
const SHUTDOWN_TIMEOUT_MS = 5_000;
// tmpfs keeps SQLite commits off the disk, so the figures measure CPU rather than fsync.
const TMPFS_DIR = '/dev/shm';

/** A running `workerd serve` and how to reach and stop it. */
export interface BenchServer {
  readonly origin: string;
  /** Where Durable Object storage lives, for the report: tmpfs or disk, and the path. */
  readonly storageDescription: string;
  stop(): Promise<void>;
}

/** The version workerd prints, e.g. `workerd 2026-11-02`. */
export function workerdVersion(): string {
  return execFileSync(WORKERD_BIN, ['--version'], { encoding: 'utf8' }).trim();
}

/**
 * Bundles bench/worker.ts exactly as a deployment would be (`wrangler deploy --dry-run`, the
 * positional entry overriding `main`), and returns the bundle's file name inside BUILD_DIR.
 */
async function buildBenchWorker(): Promise<string> {
  await rm(BUILD_DIR, { recursive: true, force: true });
  // `--env=`: the top-level environment (wrangler.toml also holds the tests' `minimal` one).
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
  return modules[0];
}

async function compatibilityDate(): Promise<string> {
  const wranglerToml = await readFile(join(ROOT_DIR, 'wrangler.toml'), 'utf8');
  const match = /^compatibility_date\s*=\s*"([\d-]+)"/m.exec(wranglerToml);
  if (match?.[1] === undefined) throw new Error('no compatibility_date in wrangler.toml');
  return match[1];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP port assigned');
  return address.port;
}

/**
 * The workerd config: the bundle as the only module, the Meter namespace backed by SQLite on the
 * local disk service, the variables of wrangler.toml, and no static assets (no benchmarked route
 * serves them) and no rate limiting (Cloudflare's; the Worker does without it when unbound).
 */
function workerdConfig(options: {
  moduleName: string;
  compatibilityDate: string;
  storageDir: string;
  port: number;
}): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .mainWorker),
    (name = "do-storage", disk = (path = ${JSON.stringify(options.storageDir)}, writable = true)),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${options.port}", http = (), service = "main")],
);

const mainWorker :Workerd.Worker = (
  modules = [(name = ${JSON.stringify(options.moduleName)}, esModule = embed ${JSON.stringify(options.moduleName)})],
  compatibilityDate = ${JSON.stringify(options.compatibilityDate)},
  durableObjectNamespaces = [(className = "Meter", uniqueKey = "joi-energy-Meter", enableSql = true)],
  durableObjectStorage = (localDisk = "do-storage"),
  bindings = [
    (name = "METER", durableObjectNamespace = "Meter"),
    # As deployed: meter tokens on. The bench signs its requests with this key.
    (name = "AUTH_DISABLED", text = "false"),
    (name = "CORS_ORIGINS", text = ""),
    (name = "METER_TOKEN_KEY", text = ${JSON.stringify(BENCH_TOKEN_KEY)}),
    # Every tariff rule priced: bands, standing charges, multipliers, in London time.
    (name = "PRICE_PLANS", text = ${JSON.stringify(JSON.stringify(BENCH_PRICE_PLANS))}),
  ],
);
`;
}

async function waitUntilAnswering(origin: string, workerd: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (workerd.exitCode !== null) throw new Error(`workerd exited with ${workerd.exitCode}`);
    try {
      if ((await fetch(`${origin}/__bench/trivial`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`workerd did not answer on ${origin} within ${STARTUP_TIMEOUT_MS / 1000} s`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timeout = setTimeout(() => child.kill('SIGKILL'), SHUTDOWN_TIMEOUT_MS);
  await exited;
  clearTimeout(timeout);
}

/** Builds the bench Worker and starts workerd on a free loopback port with empty storage. */
export async function startBenchServer(): Promise<BenchServer> {
  const moduleName = await buildBenchWorker();
  const onTmpfs = existsSync(TMPFS_DIR);
  const storageDir = await mkdtemp(join(onTmpfs ? TMPFS_DIR : tmpdir(), 'joi-energy-bench-'));
  const port = await freePort();
  const configPath = join(BUILD_DIR, 'workerd.capnp');
  await mkdir(BUILD_DIR, { recursive: true });
  await writeFile(
    configPath,
    workerdConfig({ moduleName, compatibilityDate: await compatibilityDate(), storageDir, port }),
  );

  const workerd = spawn(WORKERD_BIN, ['serve', configPath], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async (): Promise<void> => {
    await stopProcess(workerd);
    await rm(storageDir, { recursive: true, force: true });
  };
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(origin, workerd);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    origin,
    storageDescription: `${onTmpfs ? 'tmpfs' : 'disk'} (${storageDir})`,
    stop,
  };
}
