/**
 * What `npm run dev` prints once the demo is loaded: what was loaded or kept, then the customers'
 * pages, the demo households' first and the trial customers' after, as sign-in links when tokens
 * are on.
 */
import { meterToken } from '../src/auth/token.ts';
import { DEMO_HOUSEHOLDS, demoYear } from './demo-households.ts';
import type { DemoLoad } from './load-demo.ts';
import type { HouseholdsLoad } from './load-demo-households.ts';

/** The trial customers of the reference data (src/config/accounts.ts), whom the banner names. */
export const TRIAL_CUSTOMER_NAMES = {
  'smart-meter-0': 'Sarah',
  'smart-meter-1': 'Peter',
  'smart-meter-2': 'Charlie',
  'smart-meter-3': 'Andrea',
  'smart-meter-4': 'Alex',
};

/** What the banner tells: each load's outcome, or why it failed. */
export interface DemoOutcome {
  readonly origin: string;
  readonly tokenKey: string | undefined;
  readonly now: number;
  readonly households: HouseholdsLoad | Error;
  readonly householdsSeconds: number;
  readonly trial: DemoLoad | Error;
  readonly trialUntil: string;
}

/** A customer's page: a sign-in link with a viewer token when tokens are on. */
async function dashboardLink(origin: string, smartMeterId: string, tokenKey?: string) {
  const page = `${origin}/meters/${smartMeterId}/dashboard`;
  if (!tokenKey) return page;
  // A token's characters are all unreserved in a URL: it goes in as it is (as npm run token does).
  return `${page}?token=${await meterToken(tokenKey, smartMeterId, 'viewer')}`;
}

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();
const list = (ids: readonly string[]) => ids.join(', ');

function householdLines(outcome: DemoOutcome): string[] {
  const load = outcome.households;
  if (load instanceof Error) return [`No demo households: ${load.message}`];
  const { from, to } = demoYear(outcome.now);
  const seconds = outcome.householdsSeconds.toFixed(1);
  const lines = [
    load.loaded.length > 0
      ? `Demo households on realistic plans: a year of data (${iso(from)} to ${iso(to)}), loaded through the API in ${seconds} s.`
      : `Demo households on realistic plans: already loaded (checked in ${seconds} s).`,
  ];
  if (load.plansPut.length > 0) lines.push(`  Plans put: ${list(load.plansPut)}.`);
  if (load.plansKept.length > 0) lines.push(`  Plans kept as they were: ${list(load.plansKept)}.`);
  if (load.ratesPublished > 0) {
    lines.push(
      `  Rates published: ${load.ratesPublished.toLocaleString('en-US')} half hours of tidal-agile, to the end of tomorrow (UTC).`,
    );
  }
  if (load.loaded.length > 0) lines.push(`  Loaded: ${list(load.loaded)}.`);
  if (load.keptAsTheyWere.length > 0) {
    lines.push(`  Kept as they were (they hold data): ${list(load.keptAsTheyWere)}.`);
  }
  return lines;
}

function trialLines(outcome: DemoOutcome): string[] {
  const load = outcome.trial;
  if (load instanceof Error) return [`No demo data for the trial meters: ${load.message}`];
  const lines: string[] = [];
  if (load.loaded.length > 0) {
    lines.push(
      `Demo data: a week of 15-minute readings up to ${outcome.trialUntil} for ${list(load.loaded)}.`,
    );
  }
  if (load.keptAsTheyWere.length > 0) {
    lines.push(`Kept as they were (they hold readings): ${list(load.keptAsTheyWere)}.`);
  }
  return lines;
}

/** Prints what the demo holds and every customer's page. */
export async function printDemoBanner(outcome: DemoOutcome): Promise<void> {
  const { origin, tokenKey } = outcome;
  const lines = [...householdLines(outcome), ...trialLines(outcome)];
  lines.push(`Try: curl ${origin}/price-plans/recommend/smart-meter-0?limit=2`);
  lines.push('The demo households’ pages:');
  for (const { smartMeterId, customer, story, plan } of DEMO_HOUSEHOLDS) {
    lines.push(
      `  ${customer.padEnd(8)} ${story}; ${plan.plan.supplier} (${plan.description})`,
      `           ${await dashboardLink(origin, smartMeterId, tokenKey)}`,
    );
  }
  lines.push('The trial customers’ pages:');
  for (const [smartMeterId, customer] of Object.entries(TRIAL_CUSTOMER_NAMES)) {
    lines.push(`  ${customer.padEnd(8)} ${await dashboardLink(origin, smartMeterId, tokenKey)}`);
  }
  console.log(lines.join('\n'));
}
