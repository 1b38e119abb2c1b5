/**
 * `npm run dev`: wrangler dev on port 8020, then the demo loaded through the API: households on
 * realistic plans (a year of data each), and the trial meters' demo week, so the README's curl
 * examples answer at once. Demo data never reaches a deployed Worker: it only exists here, posted
 * to the local server.
 *
 * Meter tokens are off unless `.dev.vars` holds a METER_TOKEN_KEY: then the Worker runs as deployed,
 * with auth on, the demo is loaded with operator and meter tokens, and the pages are sign-in links.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { meterToken, operatorToken } from '../src/auth/token.ts';
import type { DemoApi } from './demo-api.ts';
import { printDemoBanner } from './demo-banner.ts';
import { DEMO_END_TIME, DEMO_METER_IDS } from './demo-readings.ts';
import { loadDemoReadings } from './load-demo.ts';
import { loadDemoHouseholds } from './load-demo-households.ts';

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
  // The fleet view follows what a meter appends within a minute while trying it out; a deployment
  // holds it back for hours (wrangler.toml), which is what keeps the fleet view cheap.
  '--var',
  'FLEET_FLUSH_SECONDS:60',
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

/** The demo's requests: an operator token for plans and accounts, each meter's own for its data. */
async function demoApi(): Promise<DemoApi> {
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  return {
    origin: ORIGIN,
    operator: tokenKey ? bearer(await operatorToken(tokenKey)) : {},
    meter: async (smartMeterId) =>
      tokenKey ? bearer(await meterToken(tokenKey, smartMeterId)) : {},
  };
}

/** A load's result, or the error that stopped it: one failed load leaves the other. */
function orError<T>(load: Promise<T>): Promise<T | Error> {
  return load.catch((error: unknown) =>
    error instanceof Error ? error : new Error(String(error)),
  );
}

async function loadDemo(): Promise<void> {
  const api = await demoApi();
  const trial = await orError(loadDemoReadings(ORIGIN, DEMO_METER_IDS, api.meter));
  const now = Math.floor(Date.now() / 1000);
  const startMs = performance.now();
  const households = await orError(loadDemoHouseholds(api, now));
  await printDemoBanner({
    origin: ORIGIN,
    tokenKey,
    now,
    households,
    householdsSeconds: (performance.now() - startMs) / 1000,
    trial,
    trialUntil: new Date(DEMO_END_TIME * 1000).toISOString(),
  });
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
