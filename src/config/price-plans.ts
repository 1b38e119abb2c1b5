import { env } from 'cloudflare:workers';
import * as v from 'valibot';
import { byPlanId } from '../catalogue/catalogue';
import { type ConfigPlanInput, ConfigPlanSchema, type PricePlan } from '../energy/plan-versions';

/**
 * The suppliers' tariffs of the contract's reference data: flat unit rates in UTC, no standing
 * charge, no VAT. The catalogue starts with them unless PRICE_PLANS says otherwise.
 */
const REFERENCE_PLANS = [
  { id: 'price-plan-0', supplier: "Dr Evil's Dark Energy", unitRatePerKwh: 10 },
  { id: 'price-plan-1', supplier: 'The Green Eco', unitRatePerKwh: 2 },
  { id: 'price-plan-2', supplier: 'Power for Everyone', unitRatePerKwh: 1 },
] satisfies ConfigPlanInput[];

/** A catalogue in config: at least one plan, ids unique. */
const ConfigCatalogueSchema = v.pipe(
  v.array(ConfigPlanSchema, 'must be a JSON array of plans'),
  v.minLength(1, 'must hold at least one plan'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const ids = dataset.value.map((plan) => plan.id);
    const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
    if (repeated !== undefined) addIssue({ message: `must not repeat a plan id: ${repeated}` });
  }),
);

/**
 * Checks a catalogue of plans against the schema, with every default filled in; throws an error
 * naming every problem (where, and what is wrong) when it does not match.
 */
export function parsePriceCatalogue(input: unknown, source: string): readonly PricePlan[] {
  const result = v.safeParse(ConfigCatalogueSchema, input);
  if (result.success) return [...(result.output as PricePlan[])].sort(byPlanId);
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
