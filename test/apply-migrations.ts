import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

// D1 starts empty in each test file's storage: give it the schema of migrations/ first.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
