import { hasFlatRate, type PricePlan } from '../energy/price-plan';
import type { RatedPlan } from '../energy/window-energy';
import { type MeterTables, weightedBySeries } from './store-batch';

const BACKFILL_PAGE_BUCKETS = 10_000;

/** What a plan's rate depends on: two plans with the same rule share one series. */
function rateRuleOf(plan: PricePlan): string {
  const { timeZone, unitRatePerKwh, timeOfUseRates, peakTimeMultipliers } = plan;
  return JSON.stringify({ timeZone, unitRatePerKwh, timeOfUseRates, peakTimeMultipliers });
}

/**
 * Brings the meter's rate-weighted series in line with the catalogue, when the meter starts: a
 * series for each rate rule of a time-varying plan, filled from the stored kWh buckets when the
 * rule is new (a deploy that adds or changes such a plan re-prices each meter's whole history once,
 * on the meter's first request), and dropped when no plan uses it any more.
 */
export function syncTariffSeries(
  storage: DurableObjectStorage,
  tables: MeterTables,
  plans: readonly PricePlan[],
): RatedPlan[] {
  const wanted = new Map<string, PricePlan>();
  for (const plan of plans) if (!hasFlatRate(plan)) wanted.set(rateRuleOf(plan), plan);
  const seriesByRule = new Map<string, number>();
  storage.transactionSync(() => {
    for (const { series, rateRule } of tables.tariffs.list()) {
      if (wanted.has(rateRule)) seriesByRule.set(rateRule, series);
      else tables.tariffs.remove(series);
    }
    for (const [rateRule, plan] of wanted) {
      if (seriesByRule.has(rateRule)) continue;
      const series = tables.tariffs.add(rateRule);
      backfillSeries(tables, { plan, series });
      seriesByRule.set(rateRule, series);
    }
  });
  return plans.map((plan) => ({ plan, series: seriesByRule.get(rateRuleOf(plan)) }));
}

/** Fills a new series from the stored kWh base buckets, then sums its tree. */
function backfillSeries(tables: MeterTables, rated: RatedPlan): void {
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const page = tables.aggregates.baseBucketsAfter(after, BACKFILL_PAGE_BUCKETS);
    if (page.length === 0) break;
    const weighted = weightedBySeries(new Map(page), [rated]);
    tables.tariffs.writeBaseBucketsOnly(weighted);
    after = page.at(-1)?.[0] ?? after;
  }
  if (rated.series !== undefined) tables.tariffs.resumSeries(rated.series);
}
