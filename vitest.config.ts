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

// D1's schema, as `wrangler d1 migrations apply` applies it: test/apply-migrations.ts applies these
// in each test file's storage before its tests.
const D1_MIGRATIONS = await readD1Migrations('./migrations');

/** How a project runs the Worker: its variables, wrangler.toml environment, and D1's schema. */
interface ProjectOptions {
  readonly vars?: Record<string, string>;
  readonly environment?: string;
  /** Whether each test file starts with D1's migrations applied (requests need them). */
  readonly d1?: boolean;
}

/** A project of tests inside workerd, running the Worker of wrangler.toml. */
function workerProject(
  name: string,
  include: string[],
  { vars = {}, environment, d1 = true }: ProjectOptions = {},
): TestProjectInlineConfiguration {
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml', ...(environment && { environment }) },
        miniflare: { bindings: { ...vars, TEST_MIGRATIONS: D1_MIGRATIONS } },
        // workerd's verbose log repeats every Durable Object RPC that rejects, even one the
        // Worker handles (faults.test.ts forces a storage failure that answers 500). Unhandled
        // rejections still fail the run: Vitest reports them itself.
        verbose: false,
      }),
    ],
    test: {
      name,
      include,
      // Importing cloudflare:test loads the whole Worker: pure unit tests go without it.
      setupFiles: d1 ? ['./test/apply-migrations.ts'] : [],
      // Some tests send hundreds of requests through workerd: on a busy 2-core machine Vitest's
      // 5 s default failed them by chance (property and matrix tests), never for a bug.
      testTimeout: 30_000,
    },
  };
}

export default defineConfig({
  test: {
    // One log line per request is for production; show logs only for failing tests.
    silent: 'passed-only',
    projects: [
      // Functions called directly: no request, so no D1.
      workerProject('unit', ['test/unit/**/*.test.ts'], { d1: false }),
      // The reference plans, as deployed.
      workerProject('worker', ['test/integration/**/*.test.ts']),
      // A catalogue with every tariff rule (bands, standing charges, multipliers) through HTTP.
      workerProject('tariffs', ['test/tariffs/**/*.test.ts'], {
        vars: { PRICE_PLANS: JSON.stringify(TARIFF_CATALOGUE) },
      }),
      // A short TARIFF_REFRESH_SECONDS, to see the bound on a publication's delay hold.
      workerProject('refresh', ['test/refresh/**/*.test.ts'], {
        vars: { TARIFF_REFRESH_SECONDS: '2' },
      }),
      // No optional variable or binding at all (wrangler.toml's `minimal` environment).
      workerProject('minimal', ['test/minimal/**/*.test.ts'], { environment: 'minimal' }),
    ],
  },
});
