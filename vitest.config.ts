import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { TEST_TOKEN_KEY } from './test/token-key.ts';

// Auth stays on, as deployed. The plugin reads the required secret from the environment; the
// test helpers sign every meter request with the same key.
process.env.METER_TOKEN_KEY = TEST_TOKEN_KEY;
// wrangler says "Using secrets defined in process.env" once per test file (wrangler.toml lists a
// required secret, so it always reads process.env). Its warnings and errors still show;
// WRANGLER_LOG=log brings the notes back.
process.env.WRANGLER_LOG ??= 'warn';

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      // workerd's verbose log repeats every Durable Object RPC that rejects, even one the Worker
      // handles (faults.test.ts forces a storage failure that answers 500). Unhandled rejections
      // still fail the run: Vitest reports them itself.
      verbose: false,
    }),
  ],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    // One log line per request is for production; show logs only for failing tests.
    silent: 'passed-only',
  },
});
