/**
 * Loads the demo's households on realistic plans through the public API: the plans, a year of the
 * dynamic plan's rates and the next day's, each household's account and its year of data. Loading
 * again changes nothing: a plan or a household that is already there is kept as it was, and only
 * rates not yet published are published (the next day's, on a later day).
 */
import { agileRates, type DemoRate } from './demo-agile-rates.ts';
import { apiJson, type DemoApi } from './demo-api.ts';
import { DEMO_HOUSEHOLDS, type DemoHousehold, demoYear } from './demo-households.ts';
import { AGILE, DEMO_PLANS, type DemoPlan } from './demo-plans.ts';
import { demoUploads } from './demo-uploads.ts';

/** What a load did. */
export interface HouseholdsLoad {
  readonly plansPut: string[];
  readonly plansKept: string[];
  readonly ratesPublished: number;
  readonly loaded: string[];
  readonly keptAsTheyWere: string[];
}

const SECONDS_PER_DAY = 86_400;
// The API contract's limits.
const MAX_RATES_PER_REQUEST = 50_000;
const MAX_PAGE_SIZE = 10_000;

/** Puts the plan unless the catalogue has it; answers whether it was put. */
async function putPlanIfMissing(api: DemoApi, { pricePlanId, plan }: DemoPlan): Promise<boolean> {
  const path = `/price-plans/${pricePlanId}`;
  if ((await apiJson(api.origin, { path, headers: {} }, 'null')) !== null) return false;
  await apiJson(api.origin, {
    method: 'PUT',
    path,
    headers: api.operator,
    body: JSON.stringify(plan),
  });
  return true;
}

/** The starts of the rates already published for the plan in `[from, to)`. */
async function publishedStarts(api: DemoApi, from: number, to: number): Promise<Set<number>> {
  const starts = new Set<number>();
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({
      from: String(from),
      to: String(to),
      pageSize: String(MAX_PAGE_SIZE),
      ...(cursor === null ? {} : { cursor }),
    });
    const page = (await apiJson(api.origin, {
      path: `/price-plans/${AGILE.pricePlanId}/rates?${query}`,
      headers: {},
    })) as { rates: DemoRate[]; next: string | null };
    for (const rate of page.rates) starts.add(rate.start);
    cursor = page.next;
  } while (cursor !== null);
  return starts;
}

/**
 * Publishes the dynamic plan's rates from the year's start to the end of tomorrow (UTC) that are
 * not published yet; answers how many it published.
 */
async function publishMissingRates(api: DemoApi, from: number, now: number): Promise<number> {
  const to = (Math.floor(now / SECONDS_PER_DAY) + 2) * SECONDS_PER_DAY;
  const published = await publishedStarts(api, from, to);
  const missing = agileRates(from, to).filter((rate) => !published.has(rate.start));
  for (let first = 0; first < missing.length; first += MAX_RATES_PER_REQUEST) {
    await apiJson(api.origin, {
      method: 'PUT',
      path: `/price-plans/${AGILE.pricePlanId}/rates`,
      headers: api.operator,
      body: JSON.stringify({
        channel: 'import',
        rates: missing.slice(first, first + MAX_RATES_PER_REQUEST),
      }),
    });
  }
  return missing.length;
}

/** Whether the meter holds any data (usage answers 404 for a meter with none). */
async function holdsData(api: DemoApi, smartMeterId: string): Promise<boolean> {
  const usage = await apiJson(
    api.origin,
    {
      path: `/meters/${smartMeterId}/usage?groupBy=month&pageSize=1`,
      headers: await api.meter(smartMeterId),
    },
    'null',
  );
  return usage !== null;
}

/** Puts the household on its plan from the year's start, unless it is on it already. */
async function openAccount(api: DemoApi, household: DemoHousehold, from: number): Promise<void> {
  const path = `/meters/${household.smartMeterId}/account`;
  const account = (await apiJson(api.origin, { path, headers: api.operator }, 'null')) as {
    pricePlanId: string | null;
  } | null;
  if (account?.pricePlanId === household.plan.pricePlanId) return;
  await apiJson(api.origin, {
    method: 'PUT',
    path,
    headers: api.operator,
    body: JSON.stringify({ pricePlanId: household.plan.pricePlanId, from }),
  });
}

/** Loads a household's account and year unless its meter holds data; answers whether it did. */
async function loadHousehold(
  api: DemoApi,
  household: DemoHousehold,
  year: { from: number; to: number },
): Promise<boolean> {
  if (await holdsData(api, household.smartMeterId)) return false;
  await openAccount(api, household, year.from);
  const headers = await api.meter(household.smartMeterId);
  for (const upload of demoUploads(household, year.from, year.to)) {
    await apiJson(api.origin, { method: 'POST', ...upload, headers });
  }
  return true;
}

/** Loads what is missing of the demo households, their plans and rates, up to `now`. */
export async function loadDemoHouseholds(api: DemoApi, now: number): Promise<HouseholdsLoad> {
  const year = demoYear(now);
  const plansPut: string[] = [];
  const plansKept: string[] = [];
  // Plans first: an account may only name a plan of the catalogue.
  for (const plan of DEMO_PLANS) {
    ((await putPlanIfMissing(api, plan)) ? plansPut : plansKept).push(plan.pricePlanId);
  }
  // Rates (the catalogue, in D1) and households (each its own meter) load side by side.
  const [ratesPublished, ...households] = await Promise.all([
    publishMissingRates(api, year.from, now),
    ...DEMO_HOUSEHOLDS.map(async (household) => ({
      smartMeterId: household.smartMeterId,
      loaded: await loadHousehold(api, household, year),
    })),
  ]);
  return {
    plansPut,
    plansKept,
    ratesPublished,
    loaded: households.filter((h) => h.loaded).map((h) => h.smartMeterId),
    keptAsTheyWere: households.filter((h) => !h.loaded).map((h) => h.smartMeterId),
  };
}
