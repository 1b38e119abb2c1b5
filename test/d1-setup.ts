// Brings each test run's local D1 database to the schema of migrations/, as
// `wrangler d1 migrations apply` does for a deployment.
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
