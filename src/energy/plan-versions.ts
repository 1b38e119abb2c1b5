import type { PeakTimeMultiplier, TimeOfUseRate } from './bands';

/**
 * A tariff as it changes over time: a plan is a list of versions, each in force from its
 * `validFrom` until the next one's. Energy used at an instant, and the standing charge of each
 * second, are priced by the version in force then.
 */
export interface PlanVersion {
  /** Epoch seconds; `null` on a first version that holds from the beginning. */
  readonly validFrom: number | null;
  readonly unitRatePerKwh: number;
  readonly timeZone: string;
  readonly standingChargePerDay: number;
  readonly timeOfUseRates: readonly TimeOfUseRate[];
  readonly peakTimeMultipliers: readonly PeakTimeMultiplier[];
  /** VAT as a fraction (0.05 for 5%), on energy and standing charge; none on export. */
  readonly vatRate: number;
  readonly exportRatePerKwh: number;
  readonly exportTimeOfUseRates: readonly TimeOfUseRate[];
}

/** A supplier's plan: its versions in ascending `validFrom`, the first one holding from the start. */
export interface PricePlan {
  readonly id: string;
  readonly supplier: string;
  readonly versions: readonly PlanVersion[];
}

/** Index of the version in force at `time` (the first one also prices any time before it). */
export function versionIndexAt(versions: readonly PlanVersion[], time: number): number {
  let low = 0;
  let high = versions.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const from = versions[middle]?.validFrom ?? Number.NEGATIVE_INFINITY;
    if (from <= time) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The version in force at `time`. */
export function versionAt(plan: PricePlan, time: number): PlanVersion {
  return plan.versions[versionIndexAt(plan.versions, time)] as PlanVersion;
}

/** When the version at `index` stops (the next one's `validFrom`), `null` for the last one. */
export function versionEnd(plan: PricePlan, index: number): number | null {
  return plan.versions[index + 1]?.validFrom ?? null;
}

/** The versions in force somewhere in `[from, to)`, each with the part of the span it covers. */
export function versionSpans(
  plan: PricePlan,
  from: number,
  to: number,
): { version: PlanVersion; from: number; to: number }[] {
  const spans: { version: PlanVersion; from: number; to: number }[] = [];
  const first = versionIndexAt(plan.versions, from);
  for (let index = first; index < plan.versions.length; index++) {
    const version = plan.versions[index] as PlanVersion;
    // The version in force at `from` covers it, even a first version that starts later.
    const start = index === first ? from : Math.max(from, version.validFrom ?? from);
    const end = Math.min(to, versionEnd(plan, index) ?? to);
    if (start >= to) break;
    if (start < end) spans.push({ version, from: start, to: end });
  }
  return spans;
}
