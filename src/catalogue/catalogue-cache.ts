import { configPricePlans } from '../config/price-plans';
import { tariffRefreshSeconds } from '../config/tariff-settings';
import type { Catalogue } from './catalogue';
import { CatalogueStore } from './catalogue-store';

interface Cached {
  readonly catalogue: Catalogue;
  /** When D1 was last asked for the catalogue's sequence number (Date.now()). */
  readonly checkedAt: number;
}

// Per isolate: every request it serves reads the catalogue from here, and D1 is asked whether
// anything changed once per TARIFF_REFRESH_SECONDS (by each request that finds it older). No
// request awaits another's refresh: workerd refuses I/O begun for one request to another
// ("Cannot perform I/O on behalf of a different request"), and a 5xx under load was the result.
let cached: Cached | undefined;

async function refresh(env: Env): Promise<Catalogue> {
  const store = new CatalogueStore(env.DB);
  let seq = await store.seq();
  if (seq === null) {
    // The first request ever: the catalogue starts as config says (PRICE_PLANS, else the seed's).
    await store.seed(configPricePlans());
    seq = await store.seq();
  }
  const catalogue =
    cached !== undefined && cached.catalogue.seq === seq
      ? cached.catalogue
      : await store.catalogue();
  cached = { catalogue, checkedAt: Date.now() };
  return catalogue;
}

/**
 * The price catalogue as this isolate knows it: at most TARIFF_REFRESH_SECONDS old, so a change
 * made anywhere shows in every answer within that time. Meters are told its sequence number with
 * each call and catch up themselves when they are behind.
 */
export async function currentCatalogue(env: Env): Promise<Catalogue> {
  const maxAgeMs = tariffRefreshSeconds(env) * 1000;
  if (cached !== undefined && Date.now() - cached.checkedAt < maxAgeMs) return cached.catalogue;
  return refresh(env);
}

/** Takes a catalogue this isolate has just changed, so its own answers show the change at once. */
export function noteCatalogueChange(catalogue: Catalogue): void {
  if (cached === undefined || catalogue.seq >= cached.catalogue.seq) {
    cached = { catalogue, checkedAt: Date.now() };
  }
}
