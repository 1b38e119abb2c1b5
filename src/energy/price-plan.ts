import * as v from 'valibot';
import { canonicalTimeZone, isKnownTimeZone } from './time-zone';

/** The days of the week, Monday first (weeks start on Monday). */
export const DAYS_OF_WEEK = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

export const MINUTES_PER_DAY = 24 * 60;
/** Local times of a tariff fall on quarter hours: every real zone's offset is a multiple of one. */
export const QUARTER_HOUR_MINUTES = 15;

const PLAN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const QUARTER_HOUR_PATTERN = /^([01][0-9]|2[0-3]):(00|15|30|45)$/;

export const DayOfWeekSchema = v.picklist(
  DAYS_OF_WEEK,
  'must be a day of the week in lower case, e.g. monday',
);
export type DayOfWeek = v.InferOutput<typeof DayOfWeekSchema>;

const RateSchema = v.pipe(
  v.number('must be a number'),
  v.finite('must be a finite number'),
  v.minValue(0, 'must be 0 or more'),
);

const LocalQuarterHourSchema = v.pipe(
  v.string('must be a local time "HH:MM"'),
  v.regex(
    QUARTER_HOUR_PATTERN,
    'must be a local time "HH:MM" on a quarter hour (:00, :15, :30 or :45)',
  ),
);

export const TimeOfUseRateSchema = v.pipe(
  v.object({
    days: v.optional(
      v.pipe(
        v.array(DayOfWeekSchema),
        v.minLength(1, 'must name at least one day'),
        v.check((days) => new Set(days).size === days.length, 'must not repeat a day'),
        v.description('The local days the band starts on; every day when left out.'),
      ),
      () => [...DAYS_OF_WEEK],
    ),
    from: v.pipe(LocalQuarterHourSchema, v.description('Local start time, inclusive.')),
    to: v.pipe(
      LocalQuarterHourSchema,
      v.description('Local end time, exclusive; at or before `from`, the band runs past midnight.'),
    ),
    unitRatePerKwh: v.pipe(RateSchema, v.description('The rate per kWh inside the band.')),
  }),
  v.metadata({ ref: 'TimeOfUseRate' }),
);
export type TimeOfUseRate = v.InferOutput<typeof TimeOfUseRateSchema>;

export const PeakTimeMultiplierSchema = v.pipe(
  v.object({
    dayOfWeek: DayOfWeekSchema,
    multiplier: v.pipe(RateSchema, v.description('A factor on whatever rate applies that day.')),
  }),
  v.metadata({ ref: 'PeakTimeMultiplier' }),
);
export type PeakTimeMultiplier = v.InferOutput<typeof PeakTimeMultiplierSchema>;

/** Minutes after local midnight of "HH:MM". */
export function minutesOfLocalTime(hhmm: string): number {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The quarter hours of the local week (0 = Monday 00:00) that a band covers. */
export function quarterHoursOfBand(band: TimeOfUseRate): number[] {
  const from = minutesOfLocalTime(band.from) / QUARTER_HOUR_MINUTES;
  const to = minutesOfLocalTime(band.to) / QUARTER_HOUR_MINUTES;
  const perDay = MINUTES_PER_DAY / QUARTER_HOUR_MINUTES;
  // `to` at or before `from` runs past midnight into the next day (a full day when equal).
  const length = to > from ? to - from : to - from + perDay;
  return band.days.flatMap((day) => {
    const dayStart = DAYS_OF_WEEK.indexOf(day) * perDay;
    return Array.from({ length }, (_, i) => (dayStart + from + i) % (7 * perDay));
  });
}

/** Where two bands of a plan cover the same local quarter hour, said in words; `null` if none. */
export function bandOverlap(bands: readonly TimeOfUseRate[]): string | null {
  const owner = new Map<number, number>();
  for (const [index, band] of bands.entries()) {
    for (const quarterHour of quarterHoursOfBand(band)) {
      const other = owner.get(quarterHour);
      if (other !== undefined) {
        const perDay = MINUTES_PER_DAY / QUARTER_HOUR_MINUTES;
        const day = DAYS_OF_WEEK[Math.floor(quarterHour / perDay)];
        const minutes = (quarterHour % perDay) * QUARTER_HOUR_MINUTES;
        const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        return `bands ${other} and ${index} overlap on ${day} at ${time}`;
      }
      owner.set(quarterHour, index);
    }
  }
  return null;
}

export const PricePlanSchema = v.pipe(
  v.object({
    id: v.pipe(
      v.string('must be a string'),
      v.regex(PLAN_ID_PATTERN, 'must be 1–64 characters of A–Z a–z 0–9 . _ -'),
    ),
    supplier: v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty')),
    unitRatePerKwh: RateSchema,
    timeZone: v.optional(
      v.pipe(
        v.string('must be an IANA time zone name'),
        v.check(isKnownTimeZone, 'must be a time zone Intl knows, e.g. Europe/London'),
        v.transform(canonicalTimeZone),
      ),
      'UTC',
    ),
    standingChargePerDay: v.optional(RateSchema, 0),
    timeOfUseRates: v.optional(v.array(TimeOfUseRateSchema), () => []),
    peakTimeMultipliers: v.optional(
      v.pipe(
        v.array(PeakTimeMultiplierSchema),
        v.check(
          (peaks) => new Set(peaks.map((peak) => peak.dayOfWeek)).size === peaks.length,
          'must give each day at most one multiplier',
        ),
      ),
      () => [],
    ),
  }),
  v.forward(
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const overlap = bandOverlap(dataset.value.timeOfUseRates);
      if (overlap) addIssue({ message: `must not overlap: ${overlap}` });
    }),
    ['timeOfUseRates'],
  ),
);

/** A supplier's tariff, with every default filled in. */
export type PricePlan = v.InferOutput<typeof PricePlanSchema>;
/** A tariff as written in config: only `id`, `supplier` and `unitRatePerKwh` are required. */
export type PricePlanInput = v.InferInput<typeof PricePlanSchema>;

/** A catalogue of plans: at least one, ids unique. */
export const PriceCatalogueSchema = v.pipe(
  v.array(PricePlanSchema),
  v.minLength(1, 'must hold at least one plan'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const ids = dataset.value.map((plan) => plan.id);
    const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
    if (repeated !== undefined) addIssue({ message: `must not repeat a plan id: ${repeated}` });
  }),
);

/** Whether a plan charges the same rate at every moment: no bands, no multiplier but 1. */
export function hasFlatRate(plan: PricePlan): boolean {
  return (
    plan.timeOfUseRates.length === 0 &&
    plan.peakTimeMultipliers.every((peak) => peak.multiplier === 1)
  );
}
