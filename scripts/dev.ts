/**
 * `npm run dev`: wrangler dev on port 8020, then the trial meters' demo week loaded through the API,
 * so the README's curl examples answer at once. Demo data never reaches a deployed Worker: it only
 * exists here, posted to the local server.
 *
 * Meter tokens are off unless `.dev.vars` holds a METER_TOKEN_KEY: then the Worker runs as deployed,
 * with auth on, and the demo readings are posted with each meter's token.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { meterToken } from '../src/auth/token.ts';
import { DEMO_END_TIME, DEMO_METER_IDS } from './demo-readings.ts';
import { loadDemoReadings } from './load-demo.ts';

// The trial customers of the reference data (src/config/accounts.ts), whom the banner names.
const TRIAL_CUSTOMER_NAMES = {
  'smart-meter-0': 'Sarah',
  'smart-meter-1': 'Peter',
  'smart-meter-2': 'Charlie',
  'smart-meter-3': 'Andrea',
  'smart-meter-4': 'Alex',
};

const PORT = 8020;
const ORIGIN = `http://localhost:${PORT}`;
const STARTUP_TIMEOUT_MS = 60_000;

const DEV_VARS = '.dev.vars';
const devVars = existsSync(DEV_VARS) ? parseEnv(readFileSync(DEV_VARS, 'utf8')) : {};
const tokenKey = devVars.METER_TOKEN_KEY;
const previousKey = devVars.METER_TOKEN_KEY_PREVIOUS;
// wrangler dev loads only the secrets wrangler.toml requires from .dev.vars; the previous key of
// a rotation is optional, so it is passed on here, to try a rotation locally.
const authArguments = tokenKey
  ? previousKey
    ? ['--var', `METER_TOKEN_KEY_PREVIOUS:${previousKey}`]
    : []
  : ['--var', 'AUTH_DISABLED:true'];
console.log(
  tokenKey
    ? `Meter tokens: on (METER_TOKEN_KEY${previousKey ? ' and METER_TOKEN_KEY_PREVIOUS' : ''} from ${DEV_VARS}).`
    : `Meter tokens: off for local development (put METER_TOKEN_KEY in ${DEV_VARS} to turn them on).`,
);

const wranglerArguments = [
  'dev',
  '--port',
  String(PORT),
  ...authArguments,
  ...process.argv.slice(2),
];
const wrangler = spawn('wrangler', wranglerArguments, {
  stdio: 'inherit',
  // Offline machines cannot fetch Request.cf metadata; without this wrangler prints a stack trace.
  env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => wrangler.kill(signal));
}
wrangler.on('exit', (code) => process.exit(code ?? 0));

async function waitUntilHealthy(): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${ORIGIN}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not answer on ${ORIGIN} within ${STARTUP_TIMEOUT_MS / 1000} s`);
}

async function loadDemo(): Promise<void> {
  const { loaded, keptAsTheyWere } = await loadDemoReadings(ORIGIN, DEMO_METER_IDS, async (id) =>
    tokenKey ? { Authorization: `Bearer ${await meterToken(tokenKey, id)}` } : {},
  );
  const until = new Date(DEMO_END_TIME * 1000).toISOString();
  if (loaded.length > 0) {
    console.log(`Demo data: a week of 15-minute readings up to ${until} for ${loaded.join(', ')}.`);
  }
  if (keptAsTheyWere.length > 0) {
    console.log(`Kept as they were (they hold readings): ${keptAsTheyWere.join(', ')}.`);
  }
  console.log(`Try: curl ${ORIGIN}/price-plans/recommend/smart-meter-0?limit=2`);
  console.log('The trial customers’ pages:');
  for (const [smartMeterId, customer] of Object.entries(TRIAL_CUSTOMER_NAMES)) {
    console.log(`  ${customer.padEnd(8)} ${ORIGIN}/meters/${smartMeterId}/dashboard`);
  }
}

const healthy = await waitUntilHealthy().then(
  () => true,
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    wrangler.kill('SIGTERM');
    process.exitCode = 1;
    return false;
  },
);
// The server stays up without demo data (say, auth forced on with no key): its answers say why.
if (healthy) {
  await loadDemo().catch((error: unknown) => {
    console.warn(`No demo data: ${error instanceof Error ? error.message : String(error)}`);
  });
}
