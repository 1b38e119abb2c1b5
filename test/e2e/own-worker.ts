import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unstable_startWorker } from 'wrangler';

/** A Worker served for one test file alone, and how to stop it. */
export interface OwnWorker {
  readonly origin: string;
  stop(): Promise<void>;
}

/**
 * Serves the Worker as global-setup.ts does, with a state of its own: for tests that change what
 * every meter sees (the price catalogue), which must not reach the other files' shared Worker.
 */
export async function startOwnWorker(tokenKey: string): Promise<OwnWorker> {
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
  // wrangler reads the required secret from the environment.
  process.env.METER_TOKEN_KEY = tokenKey;
  const state = mkdtempSync(join(tmpdir(), 'joi-e2e-own-'));
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
  return {
    origin: (await worker.url).href.replace(/\/$/, ''),
    stop: async () => {
      await worker.dispose();
      rmSync(state, { recursive: true, force: true });
    },
  };
}
