import { env } from 'cloudflare:workers';
import * as v from 'valibot';
import { PriceCatalogueSchema, type PricePlan, type PricePlanInput } from '../energy/price-plan';

/**
 * The suppliers' tariffs, the contract's reference data: flat unit rates in UTC, no standing
 * charge. Changing a rate here changes every comparison and recommendation.
 */
const REFERENCE_PLANS = [
  { id: 'price-plan-0', supplier: "Dr Evil's Dark Energy", unitRatePerKwh: 10 },
  { id: 'price-plan-1', supplier: 'The Green Eco', unitRatePerKwh: 2 },
  { id: 'price-plan-2', supplier: 'Power for Everyone', unitRatePerKwh: 1 },
] satisfies PricePlanInput[];

/**
 * Checks a catalogue of plans against the schema, with every default filled in; throws an error
 * naming every problem (where, and what is wrong) when it does not match.
 */
export function parsePriceCatalogue(input: unknown, source: string): readonly PricePlan[] {
  const result = v.safeParse(PriceCatalogueSchema, input);
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => {
    const path = v.getDotPath(issue);
    return path ? `${path} ${issue.message}` : issue.message;
  });
  throw new Error(`Invalid price plans in ${source}: ${problems.join('; ')}`);
}

function parseJsonCatalogue(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new Error('Invalid price plans in PRICE_PLANS: not valid JSON');
  }
}

/**
 * The plans every price is computed with, ordered by id: the PRICE_PLANS variable (a JSON array)
 * when it is set, the reference plans otherwise. Checked when the Worker starts, so a bad plan
 * fails the deploy (or the tests), never a request.
 */
export const PRICE_PLANS: readonly PricePlan[] = (
  env.PRICE_PLANS
    ? parsePriceCatalogue(parseJsonCatalogue(env.PRICE_PLANS), 'PRICE_PLANS')
    : parsePriceCatalogue(REFERENCE_PLANS, 'src/config/price-plans.ts')
).toSorted((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The plan with this id, or `undefined` when the catalogue has none. */
export function pricePlanById(pricePlanId: string): PricePlan | undefined {
  return PRICE_PLANS.find((plan) => plan.id === pricePlanId);
}
