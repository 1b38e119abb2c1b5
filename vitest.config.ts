import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { TEST_TOKEN_KEY } from './test/token-key.ts';

// Auth stays on, as deployed. The plugin reads the required secret from the environment; the
// test helpers sign every meter request with the same key.
process.env.METER_TOKEN_KEY = TEST_TOKEN_KEY;

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' } })],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    // One log line per request is for production; show logs only for failing tests.
    silent: 'passed-only',
  },
});
