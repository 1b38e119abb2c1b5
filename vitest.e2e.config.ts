import { defineConfig } from 'vitest/config';

// End-to-end tests in plain Node against the Worker served by wrangler (assets included), with
// Debian's Chromium for the browser test. Separate from `npm test`, which runs inside workerd.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
