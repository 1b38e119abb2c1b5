import * as v from 'valibot';
import {
  bandOverlap,
  type PeakTimeMultiplier,
  PeakTimeMultiplierSchema,
  type TimeOfUseRate,
  TimeOfUseRateSchema,
} from './price-plan';
import { canonicalTimeZone, isKnownTimeZone } from './time-zone';

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

/** The latest epoch second a tariff may name: the end of 9999, as far as local calendars go. */
export const LATEST_TARIFF_TIME = 253_402_300_799;
export const MAX_PLAN_VERSIONS = 100;

export const PLAN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const RateSchema = v.pipe(
  v.number('must be a number'),
  v.finite('must be a finite number'),
  v.minValue(0, 'must be 0 or more'),
  v.maxValue(1_000_000, 'must be at most 1,000,000'),
);

const EpochSecondsSchema = v.pipe(
  v.number('must be whole seconds since the Unix epoch'),
  v.integer('must be whole seconds since the Unix epoch'),
  v.minValue(0, 'must not be before the Unix epoch (0)'),
  v.maxValue(LATEST_TARIFF_TIME, 'must be at most 253402300799 (9999-12-31T23:59:59Z)'),
);

export const TimeZoneSchema = v.pipe(
  v.string('must be an IANA time zone name'),
  v.maxLength(64, 'must be an IANA time zone name, e.g. Europe/London'),
  v.check(isKnownTimeZone, 'must be a time zone Intl knows, e.g. Europe/London'),
  v.transform(canonicalTimeZone),
);

/** A band list whose bands never cover the same local quarter hour. */
function bandsSchema(description: string) {
  return v.pipe(
    v.array(TimeOfUseRateSchema, 'must be a list of bands'),
    v.maxLength(200, 'must hold at most 200 bands'),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const overlap = bandOverlap(dataset.value);
      if (overlap) addIssue({ message: `must not overlap: ${overlap}` });
    }),
    v.description(description),
  );
}

/** The rate rules of a version, every one optional but the unit rate. */
const versionRuleEntries = {
  unitRatePerKwh: v.pipe(
    RateSchema,
    v.description('The rate per kWh outside every band (VAT not included).'),
  ),
  timeZone: v.optional(
    v.pipe(
      TimeZoneSchema,
      v.description("IANA zone of the version's local-time rules (bands, days, standing charge)."),
    ),
    'UTC',
  ),
  standingChargePerDay: v.optional(
    v.pipe(RateSchema, v.description('A fixed charge per local day, accrued evenly over it.')),
    0,
  ),
  timeOfUseRates: v.optional(
    bandsSchema('Import bands in local time, on quarter hours; `to <= from` crosses midnight.'),
    () => [],
  ),
  peakTimeMultipliers: v.optional(
    v.pipe(
      v.array(PeakTimeMultiplierSchema, 'must be a list of multipliers'),
      v.check(
        (peaks) => new Set(peaks.map((peak) => peak.dayOfWeek)).size === peaks.length,
        'must give each day at most one multiplier',
      ),
      v.description('A factor on the import rate for whole local days.'),
    ),
    () => [],
  ),
  vatRate: v.optional(
    v.pipe(
      v.number('must be a number'),
      v.finite('must be a finite number'),
      v.minValue(0, 'must be from 0 to 1'),
      v.maxValue(1, 'must be from 0 to 1'),
      v.description('VAT as a fraction (0.05 is 5%), on energy and standing charge.'),
    ),
    0,
  ),
  exportRatePerKwh: v.optional(
    v.pipe(RateSchema, v.description('What exported energy earns per kWh outside export bands.')),
    0,
  ),
  exportTimeOfUseRates: v.optional(
    bandsSchema('Export bands in local time, as import bands are.'),
    () => [],
  ),
};

export const PlanVersionSchema = v.pipe(
  v.object({
    validFrom: v.optional(
      v.pipe(
        EpochSecondsSchema,
        v.description('When the version starts; left out on a first version that always held.'),
      ),
    ),
    ...versionRuleEntries,
  }),
  v.transform((version): PlanVersion => ({ ...version, validFrom: version.validFrom ?? null })),
  v.metadata({ ref: 'PlanVersion' }),
);
export type PlanVersionInput = v.InferInput<typeof PlanVersionSchema>;

/** Where a list of versions breaks the rules (ascending, only the first open), or `null`. */
function versionOrderProblem(
  versions: readonly PlanVersion[],
): { index: number; message: string } | null {
  for (const [index, version] of versions.entries()) {
    if (index === 0) continue;
    if (version.validFrom === null) {
      return { index, message: 'needs validFrom: only the first version may leave it out' };
    }
    const previous = versions[index - 1]?.validFrom ?? null;
    if (previous !== null && version.validFrom <= previous) {
      return { index, message: 'must start after the version before it (ascending validFrom)' };
    }
  }
  return null;
}

/** The versions of a plan: 1 to 100, ascending `validFrom`, only the first may leave it out. */
export const PlanVersionsSchema = v.pipe(
  v.array(PlanVersionSchema, 'must be a list of versions'),
  v.minLength(1, 'must hold at least one version'),
  v.maxLength(MAX_PLAN_VERSIONS, `must hold at most ${MAX_PLAN_VERSIONS} versions`),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = versionOrderProblem(dataset.value);
    if (problem) {
      addIssue({
        message: problem.message,
        path: [
          {
            type: 'array',
            origin: 'value',
            input: dataset.value,
            key: problem.index,
            value: dataset.value[problem.index],
          },
        ],
      });
    }
  }),
);

export const SupplierSchema = v.pipe(
  v.string('must be a string'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(200, 'must be at most 200 characters'),
);

export const PlanIdSchema = v.pipe(
  v.string('must be a string'),
  v.regex(
    PLAN_ID_PATTERN,
    'must be 1–64 characters of A–Z a–z 0–9 . _ -, starting with a letter or digit',
  ),
);

/** A plan as config writes it: with `versions`, or as one version's fields (the seed's shape). */
export const ConfigPlanSchema = v.union(
  [
    v.object({ id: PlanIdSchema, supplier: SupplierSchema, versions: PlanVersionsSchema }),
    v.pipe(
      v.object({ id: PlanIdSchema, supplier: SupplierSchema, ...versionRuleEntries }),
      v.transform(({ id, supplier, ...rules }) => ({
        id,
        supplier,
        versions: [{ ...rules, validFrom: null }] as PlanVersion[],
      })),
    ),
  ],
  'must be a plan: id, supplier and either versions or a unit rate',
);
export type ConfigPlanInput = v.InferInput<typeof ConfigPlanSchema>;

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
