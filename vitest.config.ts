import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { TARIFF_CATALOGUE } from './test/tariff-catalogue.ts';
import { TEST_TOKEN_KEY } from './test/token-key.ts';

// Auth stays on, as deployed. The plugin reads the required secret from the environment; the
// test helpers sign every meter request with the same key.
process.env.METER_TOKEN_KEY = TEST_TOKEN_KEY;
// wrangler says "Using secrets defined in process.env" once per test file (wrangler.toml lists a
// required secret, so it always reads process.env). Its warnings and errors still show;
// WRANGLER_LOG=log brings the notes back.
process.env.WRANGLER_LOG ??= 'warn';

// D1's migrations, applied to each test run's local database before its tests (test/d1-setup.ts).
const d1Migrations = await readD1Migrations('./migrations');

/** A project of tests inside workerd, running the Worker of wrangler.toml with these variables. */
function workerProject(
  name: string,
  include: string[],
  vars: Record<string, string> = {},
): TestProjectInlineConfiguration {
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: { bindings: { ...vars, TEST_MIGRATIONS: d1Migrations } },
        // workerd's verbose log repeats every Durable Object RPC that rejects, even one the
        // Worker handles (faults.test.ts forces a storage failure that answers 500). Unhandled
        // rejections still fail the run: Vitest reports them itself.
        verbose: false,
      }),
    ],
    test: { name, include, setupFiles: ['./test/d1-setup.ts'] },
  };
}

export default defineConfig({
  test: {
    // One log line per request is for production; show logs only for failing tests.
    silent: 'passed-only',
    projects: [
      // The reference plans, as deployed.
      workerProject('worker', ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts']),
      // A catalogue with every tariff rule (bands, standing charges, multipliers) through HTTP.
      workerProject('tariffs', ['test/tariffs/**/*.test.ts'], {
        PRICE_PLANS: JSON.stringify(TARIFF_CATALOGUE),
      }),
      // A short TARIFF_REFRESH_SECONDS, to see the bound on a publication's delay hold.
      workerProject('refresh', ['test/refresh/**/*.test.ts'], { TARIFF_REFRESH_SECONDS: '2' }),
    ],
  },
});
