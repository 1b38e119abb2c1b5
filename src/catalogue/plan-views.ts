import { type PlanVersion, versionEnd, versionIndexAt } from '../energy/plan-versions';
import type { CataloguePlan } from './catalogue';

/** A version as the API shows it: its rules, and when it starts and stops (`null`: open). */
function versionView(plan: CataloguePlan, index: number) {
  const version = plan.versions[index] as PlanVersion;
  const { validFrom, ...rules } = version;
  return { ...rules, validFrom, validTo: versionEnd(plan, index) };
}

/** A plan as the catalogue lists it: the version in force at `at`, with the catalogue's currency. */
export function planAt(plan: CataloguePlan, at: number, currency: string) {
  return {
    pricePlanId: plan.id,
    supplier: plan.supplier,
    currency,
    dynamicRates: plan.hasDynamicRates,
    ...versionView(plan, versionIndexAt(plan.versions, at)),
  };
}

/** A whole plan: every version, oldest first. */
export function planView(plan: CataloguePlan, currency: string) {
  return {
    pricePlanId: plan.id,
    supplier: plan.supplier,
    currency,
    dynamicRates: plan.hasDynamicRates,
    versions: plan.versions.map((_, index) => versionView(plan, index)),
  };
}

/** Consecutive runs `[start, end)` of sorted, non-overlapping spans that touch one another. */
export function runsOf(spans: readonly { start: number; end: number }[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const { start, end } of spans) {
    const last = runs.at(-1);
    if (last && start === last[1]) last[1] = end;
    else runs.push([start, end]);
  }
  return runs;
}
