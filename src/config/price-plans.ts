import { env } from 'cloudflare:workers';
import * as v from 'valibot';
import { byPlanId } from '../catalogue/catalogue';
import type { PricePlan } from '../energy/plan-versions';
import { configPlanSchema, type FlatPlanInput } from '../schemas/tariffs';

/**
 * The suppliers' tariffs of the contract's reference data: flat unit rates in UTC, no standing
 * charge, no VAT. The catalogue starts with them unless PRICE_PLANS says otherwise.
 */
const REFERENCE_PLANS = [
  { id: 'price-plan-0', supplier: "Dr Evil's Dark Energy", unitRatePerKwh: 10 },
  { id: 'price-plan-1', supplier: 'The Green Eco', unitRatePerKwh: 2 },
  { id: 'price-plan-2', supplier: 'Power for Everyone', unitRatePerKwh: 1 },
] satisfies FlatPlanInput[];

/**
 * Checks a catalogue of plans against the schema, with every default filled in; throws an error
 * naming every problem (where, and what is wrong) when it does not match: at least one plan, each
 * with `versions` or one version's fields, ids unique.
 */
export function parsePriceCatalogue(input: unknown, source: string): readonly PricePlan[] {
  const problems: string[] = [];
  const plans: PricePlan[] = [];
  if (!Array.isArray(input) || input.length === 0) {
    problems.push('must be a JSON array of at least one plan');
  } else {
    input.forEach((entry: unknown, index) => {
      const result = v.safeParse(configPlanSchema(entry), entry);
      if (result.success) plans.push(result.output as PricePlan);
      for (const issue of result.issues ?? []) {
        const path = v.getDotPath(issue);
        problems.push(`${index}${path ? `.${path}` : ''} ${issue.message}`);
      }
    });
  }
  const ids = plans.map((plan) => plan.id);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) problems.push(`must not repeat a plan id: ${repeated}`);
  if (problems.length > 0)
    throw new Error(`Invalid price plans in ${source}: ${problems.join('; ')}`);
  return plans.sort(byPlanId);
}

function parseJsonCatalogue(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new Error('Invalid price plans in PRICE_PLANS: not valid JSON');
  }
}

/**
 * The plans the catalogue starts with, ordered by id: the PRICE_PLANS variable (a JSON array of
 * plans, each with `versions` or one version's fields) when set, the reference plans otherwise.
 * Later changes go through PUT /price-plans/{id}.
 */
export function configPricePlans(bindings: { PRICE_PLANS?: string } = env): readonly PricePlan[] {
  const json = bindings.PRICE_PLANS?.trim() ?? '';
  return json === ''
    ? parsePriceCatalogue(REFERENCE_PLANS, 'src/config/price-plans.ts')
    : parsePriceCatalogue(parseJsonCatalogue(json), 'PRICE_PLANS');
}

// Checked when the Worker starts, so that a bad plan fails the deploy (or the tests), never a request.
configPricePlans();
