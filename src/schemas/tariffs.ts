import * as v from 'valibot';
import { bandOverlap, DAYS_OF_WEEK } from '../energy/bands';
import type { PlanVersion, PricePlan } from '../energy/plan-versions';
import { canonicalTimeZone, isKnownTimeZone } from '../energy/time-zone';
import { objectMessage } from './object-message';
import { TimeInputSchema } from './time';

// A plan as config and the operator write it: bands, multipliers, versions, the plan itself.

export const MAX_PLAN_VERSIONS = 100;
export const PLAN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const QUARTER_HOUR_PATTERN = /^([01][0-9]|2[0-3]):(00|15|30|45)$/;

const RateSchema = v.pipe(
  v.number('must be a number'),
  v.finite('must be a finite number'),
  v.minValue(0, 'must be 0 or more'),
  v.maxValue(1_000_000, 'must be at most 1,000,000'),
);

export const TimeZoneSchema = v.pipe(
  v.string('must be an IANA time zone name'),
  v.maxLength(64, 'must be an IANA time zone name, e.g. Europe/London'),
  v.check(isKnownTimeZone, 'must be a time zone Intl knows, e.g. Europe/London'),
  v.transform(canonicalTimeZone),
);

export const DayOfWeekSchema = v.picklist(
  DAYS_OF_WEEK,
  'must be a day of the week in lower case, e.g. monday',
);

const LocalQuarterHourSchema = v.pipe(
  v.string('must be a local time "HH:MM"'),
  v.regex(
    QUARTER_HOUR_PATTERN,
    'must be a local time "HH:MM" on a quarter hour (:00, :15, :30 or :45)',
  ),
);

export const TimeOfUseRateSchema = v.pipe(
  v.object(
    {
      days: v.optional(
        v.pipe(
          v.array(DayOfWeekSchema, 'must be a list of days'),
          v.minLength(1, 'must name at least one day'),
          v.check((days) => new Set(days).size === days.length, 'must not repeat a day'),
          v.description('The local days the band starts on; every day when left out.'),
        ),
        () => [...DAYS_OF_WEEK],
      ),
      from: v.pipe(LocalQuarterHourSchema, v.description('Local start time, inclusive.')),
      to: v.pipe(
        LocalQuarterHourSchema,
        v.description(
          'Local end time, exclusive; at or before `from`, the band runs past midnight.',
        ),
      ),
      unitRatePerKwh: v.pipe(RateSchema, v.description('The rate per kWh inside the band.')),
    },
    objectMessage('a band: from, to and unitRatePerKwh'),
  ),
  v.metadata({ ref: 'TimeOfUseRate' }),
);

export const PeakTimeMultiplierSchema = v.pipe(
  v.object(
    {
      dayOfWeek: DayOfWeekSchema,
      multiplier: v.pipe(RateSchema, v.description('A factor on the import rate of that day.')),
    },
    objectMessage('a multiplier: dayOfWeek and multiplier'),
  ),
  v.metadata({ ref: 'PeakTimeMultiplier' }),
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
    v.description('The import rate per kWh outside every band, VAT not included.'),
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
      v.description('VAT as a fraction (0.05 is 5%), on energy and standing charge, not export.'),
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
  v.object(
    {
      validFrom: v.optional(
        v.pipe(
          TimeInputSchema,
          v.description(
            'When the version starts (epoch seconds or ISO 8601 with an offset); left out on a first version that always held.',
          ),
        ),
      ),
      ...versionRuleEntries,
    },
    objectMessage('a version: unitRatePerKwh and optional rules'),
  ),
  v.transform((version): PlanVersion => ({ ...version, validFrom: version.validFrom ?? null })),
  v.metadata({ ref: 'PlanVersion' }),
);

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
        message: `${problem.message} (version ${problem.index})`,
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
  v.description('The supplier that offers the plan, as customers know it.'),
);

// Paths under /price-plans/ that the seed's endpoints own: a plan of that id could not be reached.
const RESERVED_PLAN_IDS: ReadonlySet<string> = new Set(['compare-all', 'recommend']);

export const PlanIdSchema = v.pipe(
  v.string('must be a string'),
  v.regex(
    PLAN_ID_PATTERN,
    'must be 1–64 characters of A–Z a–z 0–9 . _ -, starting with a letter or digit',
  ),
  v.check(
    (id) => !RESERVED_PLAN_IDS.has(id),
    'must not be compare-all or recommend (paths of the API under /price-plans/)',
  ),
);

/** `PUT /price-plans/{pricePlanId}`: the plan's supplier and versions. */
export const PlanInputSchema = v.pipe(
  v.object(
    { supplier: SupplierSchema, versions: PlanVersionsSchema },
    objectMessage('a JSON object with supplier and versions'),
  ),
  v.metadata({
    ref: 'PricePlanRequest',
    example: {
      supplier: 'Night Owl Energy',
      versions: [
        {
          unitRatePerKwh: 0.245,
          timeZone: 'Europe/London',
          standingChargePerDay: 0.53,
          vatRate: 0.05,
          timeOfUseRates: [{ from: '00:30', to: '07:30', unitRatePerKwh: 0.085 }],
        },
        {
          validFrom: 1727737200,
          unitRatePerKwh: 0.2486,
          timeZone: 'Europe/London',
          standingChargePerDay: 0.6012,
          vatRate: 0.05,
          timeOfUseRates: [{ from: '00:30', to: '07:30', unitRatePerKwh: 0.0901 }],
        },
      ],
    },
  }),
);

/** A plan in config with `versions`. */
export const VersionedPlanSchema = v.object(
  { id: PlanIdSchema, supplier: SupplierSchema, versions: PlanVersionsSchema },
  objectMessage('a plan: id, supplier and versions'),
);

/** A plan in config as one version's fields at the top (the seed's shape). */
export const FlatPlanSchema = v.pipe(
  v.object(
    { id: PlanIdSchema, supplier: SupplierSchema, ...versionRuleEntries },
    objectMessage('a plan: id, supplier and unitRatePerKwh'),
  ),
  v.transform(
    ({ id, supplier, ...rules }): PricePlan => ({
      id,
      supplier,
      versions: [{ ...rules, validFrom: null }],
    }),
  ),
);
export type FlatPlanInput = v.InferInput<typeof FlatPlanSchema>;
export type VersionedPlanInput = v.InferInput<typeof VersionedPlanSchema>;

/** A plan as config writes it: with `versions`, or as one version's fields. */
export function configPlanSchema(input: unknown) {
  return typeof input === 'object' && input !== null && 'versions' in input
    ? VersionedPlanSchema
    : FlatPlanSchema;
}
