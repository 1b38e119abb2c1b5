/**
 * Prices that move: the catalogue the bench starts with (three versions of every plan, a year of
 * published half-hourly rates on the dynamic plan), the time a publication takes, and the one-off
 * repricing a meter does on its first query after a year of rates is published over its data.
 */
import { BENCH_PRICE_PLANS, DYNAMIC_PLAN_ID, YEAR_START } from './catalogue.ts';
import {
  exportRatePerKwh,
  HALF_HOURS_PER_DAY,
  HALF_HOURS_PER_YEAR,
  halfHourlyRates,
  importRatePerKwh,
  SECONDS_PER_HALF_HOUR,
} from './dynamic-rates.ts';
import { count, SINGLE_REQUEST_RUNS, timeSingleRequests } from './measure.ts';
import { TRIAL_METER_IDS, YEAR_METER_ID } from './meters.ts';
import { accountPlanOf, deletePlan, publishRates, putPlan } from './operator.ts';
import { batchBodies, postSequentially, SECONDS_PER_MINUTE, T0_EPOCH_SECONDS } from './readings.ts';
import type { ResultRow } from './report.ts';
import { TARIFF_REFRESH_SECONDS } from './server.ts';
import { absoluteLine, type TargetLine } from './targets.ts';
import { authorizationHeader } from './tokens.ts';

const MINUTES_PER_YEAR = 365 * 1440;
/** The year meter's first reading: YEAR_START, counted in minutes from the readings' T0. */
const YEAR_FIRST_INDEX = (YEAR_START - T0_EPOCH_SECONDS) / SECONDS_PER_MINUTE;
/** A plan created for the publication scenario, and withdrawn after it. */
const NEW_DYNAMIC_PLAN_ID = 'bench-new-dynamic';
/** The day of rates published first on the new plan: inside the year. */
const DAY_START = Date.parse('2025-01-15T00:00:00Z') / 1000;
/** Just over TARIFF_REFRESH_SECONDS: every isolate has read the catalogue again by then. */
const REFRESH_WAIT_MS = TARIFF_REFRESH_SECONDS * 1000 + 250;
const REPRICING_TARGET_MS = 2_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The trial meters keep their trial plans: the catalogue still offers the reference plans' ids. */
async function checkTrialAccounts(origin: string): Promise<void> {
  for (const meterId of TRIAL_METER_IDS) {
    const planId = await accountPlanOf(origin, meterId);
    if (planId === null || !BENCH_PRICE_PLANS.some((plan) => plan.id === planId)) {
      throw new Error(`${meterId} has no account on a catalogue plan (${planId})`);
    }
  }
}

/** Every plan of the catalogue as served has its three versions. */
async function checkCatalogue(origin: string): Promise<void> {
  for (const { id } of BENCH_PRICE_PLANS) {
    const response = await fetch(`${origin}/price-plans/${id}`);
    if (!response.ok) throw new Error(`GET /price-plans/${id}: HTTP ${response.status}`);
    const plan = (await response.json()) as { versions: unknown[] };
    if (plan.versions.length !== 3) throw new Error(`${id} has ${plan.versions.length} versions`);
  }
}

/**
 * Before any history is loaded or priced: checks the catalogue and the trial accounts, and
 * publishes the dynamic plan's year of import and export rates. Their request times are rows.
 */
export async function prepareCatalogue(origin: string): Promise<ResultRow[]> {
  await checkCatalogue(origin);
  await checkTrialAccounts(origin);
  const importRates = halfHourlyRates(YEAR_START, HALF_HOURS_PER_YEAR, importRatePerKwh);
  const importMs = await publishRates(origin, DYNAMIC_PLAN_ID, 'import', importRates);
  const exportRates = halfHourlyRates(YEAR_START, HALF_HOURS_PER_YEAR, exportRatePerKwh);
  const exportMs = await publishRates(origin, DYNAMIC_PLAN_ID, 'export', exportRates);
  const negative = importRates.filter((rate) => rate.unitRatePerKwh < 0).length;
  const catalogueRow = (channel: string, ms: number, note: string): ResultRow => ({
    measurement: `PUT /price-plans/${DYNAMIC_PLAN_ID}/rates, a year of half-hourly ${channel} rates (${count.format(HALF_HOURS_PER_YEAR)}) into the catalogue the bench prices with (one request)`,
    connections: 1,
    p50Ms: ms,
    note,
  });
  return [
    catalogueRow('import', importMs, `${count.format(negative)} of them below zero`),
    catalogueRow('export', exportMs, 'before any meter held data'),
  ];
}

/** A year of minute readings over the dynamic year, priced once so that its sums are current. */
export async function prepareYearMeter(origin: string): Promise<void> {
  await postSequentially(
    origin,
    YEAR_METER_ID,
    batchBodies(YEAR_METER_ID, MINUTES_PER_YEAR, YEAR_FIRST_INDEX),
  );
  await timeSingleRequests(origin, comparisonPath(), authorizationHeader(YEAR_METER_ID));
}

function comparisonPath(): string {
  return `/meters/${YEAR_METER_ID}/comparison`;
}

/** One GET's whole time (ms), failing on an error status. */
async function timeOneGet(origin: string, path: string, headers: Record<string, string>) {
  const started = performance.now();
  const response = await fetch(`${origin}${path}`, { headers });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return performance.now() - started;
}

/**
 * A new dynamic plan: a day of rates, then a year, each timed; then, just over
 * TARIFF_REFRESH_SECONDS later, the first query of the year meter (which reprices its year once),
 * and the queries after it. The plan is withdrawn afterwards, so the catalogue is the bench's again.
 */
export async function measurePublications(
  origin: string,
): Promise<{ rows: ResultRow[]; targets: TargetLine[] }> {
  const headers = authorizationHeader(YEAR_METER_ID);
  await putPlan(origin, NEW_DYNAMIC_PLAN_ID, {
    supplier: 'Bench Day-Ahead',
    versions: [{ unitRatePerKwh: 0.25, timeZone: 'Europe/London', vatRate: 0.05 }],
  });
  await pause(REFRESH_WAIT_MS);
  await timeOneGet(origin, comparisonPath(), headers);

  const dayRates = halfHourlyRates(DAY_START, HALF_HOURS_PER_DAY, (first, index) =>
    importRatePerKwh(first, index, 2),
  );
  const dayMs = await publishRates(origin, NEW_DYNAMIC_PLAN_ID, 'import', dayRates);
  const yearRates = halfHourlyRates(YEAR_START, HALF_HOURS_PER_YEAR, (first, index) =>
    importRatePerKwh(first, index, 1),
  );
  const yearMs = await publishRates(origin, NEW_DYNAMIC_PLAN_ID, 'import', yearRates);
  await pause(REFRESH_WAIT_MS);
  const firstQueryMs = await timeOneGet(origin, comparisonPath(), headers);
  const after = await timeSingleRequests(origin, comparisonPath(), headers);
  await deletePlan(origin, NEW_DYNAMIC_PLAN_ID);

  const publication = (what: string, rates: number, ms: number): ResultRow => ({
    measurement: `PUT /price-plans/{id}/rates, ${what} (${count.format(rates)} half-hourly rates) on a new dynamic plan (one request)`,
    connections: 1,
    p50Ms: ms,
  });
  const yearDays = (yearRates.length * SECONDS_PER_HALF_HOUR) / 86_400;
  const repricing = `GET /meters/{id}/comparison, the first query after a year of rates was published over a meter holding a year (${count.format(MINUTES_PER_YEAR)}) of minute readings: the one-off repricing`;
  const rows: ResultRow[] = [
    publication('a day', dayRates.length, dayMs),
    publication('a year', yearRates.length, yearMs),
    {
      measurement: `${repricing} (one request, ${REFRESH_WAIT_MS} ms after the publication)`,
      connections: 1,
      p50Ms: firstQueryMs,
      note: `target ≤ ${REPRICING_TARGET_MS / 1000} s: see Targets`,
    },
    {
      measurement: `GET /meters/{id}/comparison on the same meter, after its repricing (median of ${SINGLE_REQUEST_RUNS})`,
      connections: 1,
      p50Ms: after.ms,
      note: `the repricing query took ${(firstQueryMs / after.ms).toFixed(0)}× as long; the published year covers ${yearDays} days`,
    },
  ];
  const publicationLine = (what: string, rates: number, ms: number) =>
    absoluteLine(
      '16',
      'request time reported',
      `PUT /price-plans/{id}/rates, ${what} (${count.format(rates)} half-hourly rates), one request`,
      `${ms.toFixed(0)} ms`,
      undefined,
    );
  const targets = [
    absoluteLine(
      '16',
      `≤ ${REPRICING_TARGET_MS / 1000} s`,
      `${repricing}, one request`,
      `${(firstQueryMs / 1000).toFixed(2)} s`,
      firstQueryMs <= REPRICING_TARGET_MS,
    ),
    publicationLine('a day', dayRates.length, dayMs),
    publicationLine('a year', yearRates.length, yearMs),
  ];
  return { rows, targets };
}
