// The binding vitest.config.ts adds for the tests only: the D1 migrations to apply.
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}
