import type { PricePlan } from '../energy/plan-versions';

/** A plan of the catalogue: its versions, when it last changed, and whether it has published rates. */
export interface CataloguePlan extends PricePlan {
  /** The catalogue sequence number of the plan's last change (versions or rates). */
  readonly revision: number;
  readonly hasDynamicRates: boolean;
}

/** The price catalogue at one sequence number: every plan on offer, ordered by id. */
export interface Catalogue {
  readonly seq: number;
  readonly plans: readonly CataloguePlan[];
}

/** A span of time whose prices on a plan changed (`null` ends are unbounded). */
export interface CatalogueChange {
  readonly seq: number;
  readonly planId: string;
  readonly from: number | null;
  readonly to: number | null;
}

export const EMPTY_CATALOGUE: Catalogue = { seq: 0, plans: [] };

/** The plan with this id, if the catalogue offers it. */
export function planById(catalogue: Catalogue, planId: string): CataloguePlan | undefined {
  return catalogue.plans.find((plan) => plan.id === planId);
}

/** Plans by id, ascending. */
export function byPlanId<Plan extends { id: string }>(a: Plan, b: Plan): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whether a catalogue read from JSON has the shape of one. */
export function parseCatalogue(json: string | null): Catalogue | null {
  if (json === null) return null;
  const parsed = JSON.parse(json) as Catalogue;
  return typeof parsed.seq === 'number' && Array.isArray(parsed.plans) ? parsed : null;
}
