// Vite's import.meta.glob, which the test bundler resolves at build time (vite/client types the
// same function, but brings the DOM's types along).
interface ImportMeta {
  glob<Module = unknown>(
    pattern: string | string[],
    options: { query: '?raw'; import: 'default'; eager: true },
  ): Record<string, Module>;
}

// The test runs' extra binding: D1's migrations, read by vitest.config.ts.
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}
