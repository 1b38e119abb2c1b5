import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { unstable_startWorker } from 'wrangler';

declare module 'vitest' {
  export interface ProvidedContext {
    workerUrl: string;
    /** The key meter tokens are derived from, as the served Worker has it. */
    tokenKey: string;
  }
}

const E2E_TOKEN_KEY = 'e2e-meter-token-key';

/** Serves the Worker, static assets and Durable Objects as `wrangler dev` does, on a free port. */
export default async function startWorker(project: TestProject) {
  // Offline machines cannot fetch Request.cf metadata; without this wrangler logs a stack trace.
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
  // Auth on, as deployed: wrangler reads the required secret from the environment.
  process.env.METER_TOKEN_KEY = E2E_TOKEN_KEY;
  // Local state of this run only, with D1's schema applied as `npm run dev` applies it.
  const state = mkdtempSync(join(tmpdir(), 'joi-e2e-'));
  const migrations = spawnSync(
    'wrangler',
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (migrations.status !== 0) throw new Error(`D1 migrations failed: ${migrations.stderr}`);
  const worker = await unstable_startWorker({
    config: 'wrangler.toml',
    env: '',
    dev: {
      server: { hostname: '127.0.0.1', port: 0 },
      inspector: false,
      persist: state,
      logLevel: 'warn',
    },
  });
  project.provide('workerUrl', (await worker.url).href);
  project.provide('tokenKey', E2E_TOKEN_KEY);
  return async () => {
    await worker.dispose();
    rmSync(state, { recursive: true, force: true });
  };
}
