/** fast-check generators of tariffs and meter data, for property tests against the reference. */
import fc from 'fast-check';
import * as v from 'valibot';
import { DAYS_OF_WEEK } from '../../src/energy/bands';
import type { PricePlan } from '../../src/energy/plan-versions';
import type { DynamicRates } from '../../src/energy/rate-pieces';
import { configPlanSchema } from '../../src/schemas/tariffs';
import type { DirectInterval, DirectRate, DirectReading } from './direct-pricing';

export const DAY = 86_400;
export const QUARTER_HOUR = 900;
// London springs forward on 31 March 2024; Lord Howe Island and the Chatham Islands fall back on 7 April.
export const START = Date.parse('2024-03-30T00:00:00Z') / 1000;
export const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
];

/** A decimal from `min` to `max` in steps of 1/1000: realistic money and kW, not denormals. */
export const decimalArb = (min: number, max: number) =>
  fc.integer({ min: Math.round(min * 1000), max: Math.round(max * 1000) }).map((n) => n / 1000);

const quarterHourText = (quarterHour: number) =>
  `${String(Math.floor(quarterHour / 4)).padStart(2, '0')}:${String((quarterHour % 4) * 15).padStart(2, '0')}`;

/**
 * Bands between sorted distinct quarter hours of the day, some only on some days, and sometimes
 * one that runs past midnight (from the last cut round to the first).
 */
export const bandsArb = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 0, max: 95 }), { minLength: 0, maxLength: 6 }),
    fc.boolean(),
  )
  .chain(([cuts, acrossMidnight]) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const pairs: [number, number][] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) pairs.push([sorted[i] ?? 0, sorted[i + 1] ?? 0]);
    const lastUnpaired = sorted.length % 2 === 1 ? sorted.at(-1) : undefined;
    const first = pairs[0]?.[0];
    // The odd cut out, if any, starts a band that ends at the first cut the next day.
    if (acrossMidnight && lastUnpaired !== undefined && first !== undefined) {
      pairs.push([lastUnpaired, first]);
    }
    return fc.tuple(
      ...pairs.map(([from, to]) =>
        fc.record({
          from: fc.constant(quarterHourText(from)),
          to: fc.constant(quarterHourText(to)),
          unitRatePerKwh: decimalArb(0, 1),
          days: fc.option(fc.subarray([...DAYS_OF_WEEK], { minLength: 1 }), { nil: undefined }),
        }),
      ),
    );
  })
  .map((bands) =>
    bands.map(({ days, ...band }) => (days === undefined ? band : { ...band, days })),
  );

const multipliersArb = fc.subarray([...DAYS_OF_WEEK]).chain((days) =>
  fc.tuple(
    ...days.map((dayOfWeek) =>
      fc.record({
        dayOfWeek: fc.constant(dayOfWeek),
        multiplier: decimalArb(0, 3),
      }),
    ),
  ),
);

const versionRulesArb = (zones: readonly string[]) =>
  fc.record({
    timeZone: fc.constantFrom(...zones),
    unitRatePerKwh: decimalArb(0, 1),
    standingChargePerDay: fc.oneof(fc.constant(0), decimalArb(0, 1)),
    timeOfUseRates: bandsArb,
    peakTimeMultipliers: multipliersArb,
    vatRate: fc.oneof(fc.constant(0), fc.constant(0.05), decimalArb(0, 1)),
    exportRatePerKwh: fc.oneof(fc.constant(0), decimalArb(0, 0.5)),
    exportTimeOfUseRates: bandsArb,
  });

/**
 * A plan of 1 to 3 versions, later ones starting at any second around the data (on the quarter
 * hour or not), each with its own zone and rules.
 */
export const planArb = (
  id: string,
  options: { zones?: readonly string[]; around?: number } = {},
): fc.Arbitrary<PricePlan> => {
  const around = options.around ?? START;
  return fc
    .tuple(
      fc.array(versionRulesArb(options.zones ?? ZONES), { minLength: 1, maxLength: 3 }),
      fc.uniqueArray(fc.noBias(fc.integer({ min: around, max: around + 2 * DAY })), {
        minLength: 2,
        maxLength: 2,
      }),
    )
    .map(([rules, starts]) => {
      const sortedStarts = [...starts].sort((a, b) => a - b);
      const versions = rules.map((rule, index) =>
        index === 0 ? rule : { ...rule, validFrom: sortedStarts[index - 1] },
      );
      const input = { id, supplier: 'Random Supplier', versions };
      return v.safeParse(configPlanSchema(input), input);
    })
    .filter((result) => result.success)
    .map((result) => result.output as PricePlan);
};

/** Published rates on quarter-hour boundaries around the data, some negative, with gaps. */
export const dynamicRatesArb = (around = START): fc.Arbitrary<DirectRate[]> =>
  fc
    .array(
      fc.record({
        slot: fc.integer({ min: -96, max: 4 * 96 }),
        slots: fc.integer({ min: 1, max: 8 }),
        unitRatePerKwh: decimalArb(-0.2, 1),
      }),
      { maxLength: 12 },
    )
    .map((rates) => {
      const taken = new Set<number>();
      const kept: DirectRate[] = [];
      for (const { slot, slots, unitRatePerKwh } of rates) {
        const covered = Array.from({ length: slots }, (_, i) => slot + i);
        if (covered.some((s) => taken.has(s))) continue;
        for (const s of covered) taken.add(s);
        // Published rates start and end on UTC quarter hours.
        const start = Math.floor(around / QUARTER_HOUR) * QUARTER_HOUR + slot * QUARTER_HOUR;
        kept.push({ start, end: start + slots * QUARTER_HOUR, unitRatePerKwh });
      }
      return kept.sort((a, b) => a.start - b.start);
    });

export function asDynamicRates(
  importRates: readonly DirectRate[],
  exportRates: readonly DirectRate[],
): DynamicRates {
  return { import: importRates, export: exportRates };
}

const timeArb = fc.oneof(
  { weight: 8, arbitrary: fc.noBias(fc.integer({ min: START, max: START + 2 * DAY })) },
  { weight: 2, arbitrary: fc.integer({ min: START - 3 * DAY, max: START + 5 * DAY }) },
);

export const readingsArb: fc.Arbitrary<DirectReading[]> = fc.array(
  fc.record({ time: timeArb, reading: decimalArb(0, 50) }),
  { minLength: 0, maxLength: 80, size: 'large' },
);

/** Non-overlapping intervals of up to a day, mostly half hours, at any second. */
export const intervalsArb: fc.Arbitrary<DirectInterval[]> = fc
  .array(
    fc.record({
      start: timeArb,
      seconds: fc.oneof(
        { weight: 6, arbitrary: fc.constant(1800) },
        { weight: 2, arbitrary: fc.integer({ min: 1, max: 7200 }) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: DAY }) },
      ),
      kwh: decimalArb(0, 20),
    }),
    { maxLength: 60, size: 'large' },
  )
  .map((intervals) => {
    const kept: DirectInterval[] = [];
    for (const { start, seconds, kwh } of intervals.sort((a, b) => a.start - b.start)) {
      const end = start + seconds;
      const last = kept.at(-1);
      if (last && start < last.end) continue;
      kept.push({ start, end, kwh });
    }
    return kept;
  });

/** Windows mostly over the data (from a second to days long), sometimes beside it. */
export const windowArb = fc
  .tuple(
    fc.oneof(
      {
        weight: 8,
        arbitrary: fc.noBias(fc.integer({ min: START - DAY / 4, max: START + 2 * DAY })),
      },
      { weight: 1, arbitrary: fc.integer({ min: START - 4 * DAY, max: START + 6 * DAY }) },
    ),
    fc.oneof(
      fc.integer({ min: 1, max: 3600 }),
      fc.integer({ min: 1, max: 2 * DAY }),
      fc.integer({ min: 1, max: 4 * DAY }),
    ),
  )
  .map(([from, length]) => ({ from, to: from + length }));
