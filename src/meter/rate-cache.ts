import type { CataloguePlan } from '../catalogue/catalogue';
import { type DynamicRates, NO_DYNAMIC_RATES } from '../energy/rate-pieces';

/** Reads the published rates of some plans over `[from, to)` from the catalogue's store. */
export type RatesReader = (
  planIds: readonly string[],
  from: number,
  to: number,
) => Promise<Map<string, DynamicRates>>;

interface Loaded {
  readonly revision: number;
  readonly from: number;
  readonly to: number;
  readonly rates: DynamicRates;
}

// Spans this close are read as one: a meter's reads cluster around its recent days.
const JOIN_GAP_SECONDS = 32 * 86_400;

/**
 * The published rates a meter prices with, read from the catalogue's store when first needed for a
 * span and kept in memory at the plan's revision: prices then read them synchronously.
 */
export class RateCache {
  readonly #read: RatesReader;
  readonly #loaded = new Map<string, Loaded>();

  constructor(read: RatesReader) {
    this.#read = read;
  }

  /** Makes the rates of the plans' published days over `[from, to)` available. */
  async ensure(plans: readonly CataloguePlan[], from: number, to: number): Promise<void> {
    const missing = plans.filter((plan) => {
      if (!plan.hasDynamicRates) return false;
      const loaded = this.#loaded.get(plan.id);
      return !loaded || loaded.revision !== plan.revision || loaded.from > from || loaded.to < to;
    });
    if (missing.length === 0) return;
    let start = from;
    let end = to;
    for (const plan of missing) {
      const loaded = this.#loaded.get(plan.id);
      if (
        loaded?.revision === plan.revision &&
        loaded.from - JOIN_GAP_SECONDS <= to &&
        loaded.to + JOIN_GAP_SECONDS >= from
      ) {
        start = Math.min(start, loaded.from);
        end = Math.max(end, loaded.to);
      }
    }
    const rates = await this.#read(
      missing.map((plan) => plan.id),
      start,
      end,
    );
    for (const plan of missing) {
      this.#loaded.set(plan.id, {
        revision: plan.revision,
        from: start,
        to: end,
        rates: rates.get(plan.id) ?? NO_DYNAMIC_RATES,
      });
    }
  }

  /** Whether the rates of the plans' published days over `[from, to)` are loaded. */
  covers(plans: readonly CataloguePlan[], from: number, to: number): boolean {
    return plans.every((plan) => {
      if (!plan.hasDynamicRates) return true;
      const loaded = this.#loaded.get(plan.id);
      return (
        loaded !== undefined &&
        loaded.revision === plan.revision &&
        loaded.from <= from &&
        loaded.to >= to
      );
    });
  }

  /** A plan's published rates as loaded (none for a plan without any). */
  ratesOf(planId: string): DynamicRates {
    return this.#loaded.get(planId)?.rates ?? NO_DYNAMIC_RATES;
  }

  clear(): void {
    this.#loaded.clear();
  }
}
