import type { PlanVersion, PricePlan } from './plan-versions';
import { versionIndexAt } from './plan-versions';

/** A version's rules: everything but when it starts. */
function rulesOf(version: PlanVersion): string {
  const { validFrom: _validFrom, ...rules } = version;
  return JSON.stringify(rules);
}

/**
 * The first instant at which two versions of a plan price anything differently: `null` for the
 * beginning of time, `undefined` when they price everything alike. A plan that appears or goes
 * differs everywhere. Only the time from that instant on needs repricing.
 */
export function firstPriceDifference(
  before: PricePlan | null,
  after: PricePlan | null,
): number | null | undefined {
  if (before === null && after === null) return undefined;
  if (before === null || after === null) return null;
  const starts = [
    ...new Set(
      [...before.versions, ...after.versions].flatMap((version) =>
        version.validFrom === null ? [] : [version.validFrom],
      ),
    ),
  ].sort((a, b) => a - b);
  // Compare the versions in force over each stretch between starts, the first stretch included.
  const probes = [Number.NEGATIVE_INFINITY, ...starts];
  for (const probe of probes) {
    const old = before.versions[versionIndexAt(before.versions, probe)] as PlanVersion;
    const now = after.versions[versionIndexAt(after.versions, probe)] as PlanVersion;
    if (rulesOf(old) !== rulesOf(now)) return probe === Number.NEGATIVE_INFINITY ? null : probe;
  }
  return undefined;
}
