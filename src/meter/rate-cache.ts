import type { CataloguePlan } from '../catalogue/catalogue';
import { type DynamicRate, type DynamicRates, NO_DYNAMIC_RATES } from '../energy/rate-pieces';

/** Reads the published rates of some plans over `[from, to)` from the catalogue's store. */
export type RatesReader = (
  planIds: readonly string[],
  from: number,
  to: number,
) => Promise<Map<string, DynamicRates>>;

interface Loaded {
  readonly from: number;
  readonly to: number;
  readonly rates: DynamicRates;
}

interface PlanRates {
  readonly revision: number;
  readonly spans: Loaded[];
  /** Every loaded rate, by start (computed when first asked for). */
  merged?: DynamicRates;
}

// Spans this close are read as one: a meter's reads cluster around its recent days.
const JOIN_GAP_SECONDS = 32 * 86_400;
// Spans kept per plan: the data's recent days, a window's edges, the next day's rates.
const SPANS_KEPT = 4;

function mergeRates(lists: readonly (readonly DynamicRate[])[]): DynamicRate[] {
  const byStart = new Map<number, DynamicRate>();
  for (const list of lists) for (const rate of list) byStart.set(rate.start, rate);
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/**
 * The published rates a meter prices with, read from the catalogue's store when first needed for a
 * span and kept in memory at the plan's revision: prices then read them synchronously.
 */
export class RateCache {
  readonly #read: RatesReader;
  readonly #loaded = new Map<string, PlanRates>();

  constructor(read: RatesReader) {
    this.#read = read;
  }

  #covering(plan: CataloguePlan, from: number, to: number): boolean {
    const loaded = this.#loaded.get(plan.id);
    return (
      loaded !== undefined &&
      loaded.revision === plan.revision &&
      loaded.spans.some((span) => span.from <= from && span.to >= to)
    );
  }

  /** Whether the rates of the plans' published days over `[from, to)` are loaded. */
  covers(plans: readonly CataloguePlan[], from: number, to: number): boolean {
    return plans.every((plan) => !plan.hasDynamicRates || this.#covering(plan, from, to));
  }

  /** Makes the rates of the plans' published days over `[from, to)` available. */
  async ensure(plans: readonly CataloguePlan[], from: number, to: number): Promise<void> {
    const missing = plans.filter((plan) => plan.hasDynamicRates && !this.#covering(plan, from, to));
    if (missing.length === 0) return;
    let start = from;
    let end = to;
    for (const plan of missing) {
      const loaded = this.#loaded.get(plan.id);
      if (loaded?.revision !== plan.revision) continue;
      for (const span of loaded.spans) {
        if (span.from - JOIN_GAP_SECONDS <= to && span.to + JOIN_GAP_SECONDS >= from) {
          start = Math.min(start, span.from);
          end = Math.max(end, span.to);
        }
      }
    }
    const rates = await this.#read(
      missing.map((plan) => plan.id),
      start,
      end,
    );
    for (const plan of missing) {
      const loaded = this.#loaded.get(plan.id);
      const kept =
        loaded?.revision === plan.revision
          ? loaded.spans.filter((span) => span.from < start || span.to > end)
          : [];
      const span = { from: start, to: end, rates: rates.get(plan.id) ?? NO_DYNAMIC_RATES };
      this.#loaded.set(plan.id, {
        revision: plan.revision,
        spans: [span, ...kept].slice(0, SPANS_KEPT),
      });
    }
  }

  /** A plan's published rates as loaded, every span together (none for a plan without any). */
  ratesOf(planId: string): DynamicRates {
    const loaded = this.#loaded.get(planId);
    if (!loaded) return NO_DYNAMIC_RATES;
    loaded.merged ??= {
      import: mergeRates(loaded.spans.map((span) => span.rates.import)),
      export: mergeRates(loaded.spans.map((span) => span.rates.export)),
    };
    return loaded.merged;
  }

  clear(): void {
    this.#loaded.clear();
  }
}
