import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  energyBetween,
  latestReadingPerTime,
  SECONDS_PER_DAY,
  SECONDS_PER_QUARTER_HOUR,
  segmentsOfIntervals,
  segmentsOfReadings,
} from '../../src/energy/curve';
import { dayEnergyOf } from '../../src/energy/day-aggregate';
import {
  constantRatesOf,
  type PlanSeries,
  planDayRates,
  seriesOverQuarters,
  seriesOverSpan,
} from '../../src/energy/plan-series';
import type { PricePlan } from '../../src/energy/plan-versions';
import { NO_DYNAMIC_RATES } from '../../src/energy/rate-pieces';
import type { Reading } from '../../src/energy/types';
import { windowsSeries } from '../../src/energy/window-series';
import { VersionedPlanSchema } from '../../src/schemas/tariffs';
import {
  ECONOMY_7_PLAN,
  KOLKATA_MONDAY_PLAN,
  LONDON_SUNDAY_PLAN,
  LONDON_TIME_OF_USE_PLAN,
  testPlan,
  WEEKEND_PLAN,
} from '../plans';
import { directPrice, directPriceOf } from '../support/direct-pricing';
import { memoryWindowSource } from '../support/memory-source';
import {
  DAY,
  decimalArb,
  intervalsArb,
  planArb,
  readingsArb,
  START,
} from '../support/tariff-arbitraries';

const at = (iso: string) => Date.parse(iso) / 1000;

function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected)),
  );
}

/** The import rate (VAT not included) of the quarter hour holding `time`, from its UTC day's rates. */
function quarterRateAt(plan: PricePlan, time: number): number {
  const dayStart = Math.floor(time / SECONDS_PER_DAY) * SECONDS_PER_DAY;
  const rates = planDayRates(plan, NO_DYNAMIC_RATES, dayStart);
  return rates.energy.values[Math.floor((time - dayStart) / SECONDS_PER_QUARTER_HOUR)] as number;
}

/** A plan's series over windows of a curve of readings, as a meter prices them. */
function seriesOf(
  plan: PricePlan,
  readings: readonly Reading[],
  windows: readonly (readonly [number, number])[],
): PlanSeries[] {
  const plans = [{ plan, constant: constantRatesOf(plan, false) }];
  const source = memoryWindowSource(segmentsOfReadings(latestReadingPerTime(readings)), [], plans);
  return windowsSeries(windows, source, plans).map((window) => window.plans[0] as PlanSeries);
}

/** Energy cost of a constant power between two instants on a plan, priced both ways. */
function constantPowerCost(plan: PricePlan, kw: number, fromIso: string, toIso: string) {
  const from = at(fromIso);
  const to = at(toIso);
  const readings = [
    { time: from, reading: kw },
    { time: to, reading: kw },
  ];
  const [series] = seriesOf(plan, readings, [[from, to]]);
  const curve = segmentsOfReadings(readings);
  const between = (a: number, b: number) => energyBetween(curve, a, b);
  const span = seriesOverSpan(plan, NO_DYNAMIC_RATES, from, to, between, () => 0);
  return { windows: series?.energy ?? Number.NaN, span: span.energy };
}

/** The plan with every rate per kWh (bands, unit and export rates) multiplied by `factor`. */
function scaledRates(plan: PricePlan, factor: number): PricePlan {
  const scaleBands = <Band extends { unitRatePerKwh: number }>(bands: readonly Band[]) =>
    bands.map((band) => ({ ...band, unitRatePerKwh: band.unitRatePerKwh * factor }));
  return {
    ...plan,
    versions: plan.versions.map((version) => ({
      ...version,
      unitRatePerKwh: version.unitRatePerKwh * factor,
      exportRatePerKwh: version.exportRatePerKwh * factor,
      timeOfUseRates: scaleBands(version.timeOfUseRates),
      exportTimeOfUseRates: scaleBands(version.exportTimeOfUseRates),
    })),
  };
}

describe('planDayRates', () => {
  it.each([
    ['00:29 London (GMT): day rate', '2024-01-10T00:29:00Z', 0.3],
    ['00:30 London (GMT): night rate', '2024-01-10T00:30:00Z', 0.1],
    ['07:29 London: night rate', '2024-01-10T07:29:00Z', 0.1],
    ['07:30 London: day rate', '2024-01-10T07:30:00Z', 0.3],
    ['00:30 London in summer is 23:30 UTC', '2024-07-09T23:30:00Z', 0.1],
    ['23:29 UTC in summer is 00:29 London', '2024-07-09T23:29:00Z', 0.3],
  ])('gives Economy 7 at %s', (_name, time, rate) => {
    expect(quarterRateAt(ECONOMY_7_PLAN, at(time))).toBe(rate);
  });

  it('applies a band that crosses midnight on the days it starts on', () => {
    // Thursday 23:00 to Friday 06:00 is the weekday night band; Friday 22:00 starts the weekend one.
    expect(quarterRateAt(LONDON_TIME_OF_USE_PLAN, at('2024-01-12T05:59:00Z'))).toBe(0.12); // Friday 05:59
    expect(quarterRateAt(LONDON_TIME_OF_USE_PLAN, at('2024-01-12T06:00:00Z'))).toBe(0.25);
    expect(quarterRateAt(LONDON_TIME_OF_USE_PLAN, at('2024-01-12T17:00:00Z'))).toBe(0.4); // Friday peak
    expect(quarterRateAt(LONDON_TIME_OF_USE_PLAN, at('2024-01-12T22:00:00Z'))).toBe(0.09);
    expect(quarterRateAt(LONDON_TIME_OF_USE_PLAN, at('2024-01-15T07:59:00Z'))).toBe(0.09); // Monday 07:59
    expect(quarterRateAt(LONDON_TIME_OF_USE_PLAN, at('2024-01-15T17:00:00Z'))).toBe(0.4); // Monday peak
  });

  it('multiplies the rate on peak days in the plan zone', () => {
    expect(quarterRateAt(WEEKEND_PLAN, at('2024-03-30T12:00:00Z'))).toBe(2); // Saturday
    // Monday in Kolkata begins at 18:30 UTC on Sunday.
    expect(quarterRateAt(KOLKATA_MONDAY_PLAN, at('2024-03-31T18:29:00Z'))).toBe(3);
    expect(quarterRateAt(KOLKATA_MONDAY_PLAN, at('2024-03-31T18:30:00Z'))).toBe(1.5);
  });

  it('gives the VAT on each rate and the local day’s lowest rate with VAT', () => {
    const withVat = testPlan({
      id: 'economy-7-vat',
      supplier: 'Night Owl Energy',
      unitRatePerKwh: 0.3,
      timeZone: 'Europe/London',
      vatRate: 0.05,
      timeOfUseRates: [{ from: '00:30', to: '07:30', unitRatePerKwh: 0.1 }],
    });
    const rates = planDayRates(withVat, NO_DYNAMIC_RATES, at('2024-01-10T00:00:00Z'));
    expect(rates.vat.values[0]).toBeCloseTo(0.3 * 0.05, 15);
    expect(rates.vat.values[2]).toBeCloseTo(0.1 * 0.05, 15);
    expect([...rates.lowest.values].every((rate) => Math.abs(rate - 0.105) < 1e-15)).toBe(true);
  });
});

/** A flat rate of 0.2 that rises to 0.3 at midday on 10 January 2024. */
const TWO_FLAT_VERSIONS = v.parse(VersionedPlanSchema, {
  id: 'rise',
  supplier: 'S',
  versions: [
    { unitRatePerKwh: 0.2 },
    { validFrom: at('2024-01-10T12:00:00Z'), unitRatePerKwh: 0.3 },
  ],
}) as PricePlan;

describe('constantRatesOf', () => {
  it.each([
    [
      'a flat plan',
      testPlan({
        id: 'f',
        supplier: 'S',
        unitRatePerKwh: 0.2,
        vatRate: 0.05,
        exportRatePerKwh: 0.04,
      }),
      false,
      { rate: 0.2, vatRate: 0.05, exportRate: 0.04 },
    ],
    [
      'a plan whose multipliers are all 1',
      testPlan({
        id: 'm',
        supplier: 'S',
        unitRatePerKwh: 1,
        peakTimeMultipliers: [{ dayOfWeek: 'monday', multiplier: 1 }],
      }),
      false,
      { rate: 1, vatRate: 0, exportRate: 0 },
    ],
    ['a plan with bands', ECONOMY_7_PLAN, false, null],
    ['a plan with a peak day', WEEKEND_PLAN, false, null],
    [
      'a flat plan with published rates',
      testPlan({ id: 'd', supplier: 'S', unitRatePerKwh: 0.2 }),
      true,
      null,
    ],
    [
      'a flat plan with export bands',
      testPlan({
        id: 'x',
        supplier: 'S',
        unitRatePerKwh: 0.2,
        exportTimeOfUseRates: [{ from: '10:00', to: '16:00', unitRatePerKwh: 0.1 }],
      }),
      false,
      null,
    ],
    ['a flat plan whose rate changes once', TWO_FLAT_VERSIONS, false, null],
  ])('gives %s constant rates or none', (_name, plan, hasDynamicRates, expected) => {
    expect(constantRatesOf(plan, hasDynamicRates)).toEqual(expected);
  });
});

describe('energy priced over a window', () => {
  it.each([
    // 1 kW from 12:00 UTC on 26 October 2024 to 12:00 UTC the next day. The night band of the
    // 27th runs from 00:30 BST (23:30 UTC) to 07:30 GMT (07:30 UTC): 8 hours, since the hour from
    // 01:00 repeats. 8 kWh at 0.1 and 16 kWh at 0.3.
    [
      'Economy 7 across the October clock change',
      ECONOMY_7_PLAN,
      1,
      '2024-10-26T12:00:00Z',
      '2024-10-27T12:00:00Z',
      8 * 0.1 + 16 * 0.3,
    ],
    // On 31 March 2024 the band runs from 00:30 GMT to 07:30 BST (06:30 UTC): 6 hours.
    [
      'Economy 7 across the March clock change',
      ECONOMY_7_PLAN,
      2,
      '2024-03-30T12:00:00Z',
      '2024-03-31T12:00:00Z',
      2 * (6 * 0.1 + 18 * 0.3),
    ],
    // Sunday 31 March 2024 in London lasts 23 hours, at double the rate.
    [
      'London Sundays across the 23-hour day',
      LONDON_SUNDAY_PLAN,
      1,
      '2024-03-30T00:00:00Z',
      '2024-04-01T00:00:00Z',
      24 + 23 * 2 + 1,
    ],
    // Monday in Kolkata begins at 18:30 UTC on Sunday: 6.5 hours at 3, 17.5 at 1.5.
    [
      'Kolkata Mondays from half past the UTC hour',
      KOLKATA_MONDAY_PLAN,
      1,
      '2024-03-31T12:00:00Z',
      '2024-04-01T12:00:00Z',
      6.5 * 3 + 17.5 * 1.5,
    ],
    [
      'a flat rate that rises at midday',
      TWO_FLAT_VERSIONS,
      1,
      '2024-01-10T00:00:00Z',
      '2024-01-11T00:00:00Z',
      12 * 0.2 + 12 * 0.3,
    ],
    [
      'UTC weekends',
      WEEKEND_PLAN,
      1,
      '2024-03-29T12:00:00Z',
      '2024-04-01T12:00:00Z',
      12 + 24 * 2 + 24 * 3 + 12,
    ],
  ])('prices %s by hand', (_name, plan, kw, from, to, expected) => {
    const cost = constantPowerCost(plan, kw, from, to);
    expect(cost.windows).toBeCloseTo(expected, 12);
    expect(cost.span).toBeCloseTo(expected, 12);
  });

  it('prices a ramp inside one quarter hour at that quarter hour’s rate', () => {
    // 0 → 4 kW over 10 minutes at 00:35 London: 1/3 kWh at the night rate.
    const from = at('2024-01-10T00:35:00Z');
    const to = at('2024-01-10T00:45:00Z');
    const readings = [
      { time: from, reading: 0 },
      { time: to, reading: 4 },
    ];
    const [series] = seriesOf(ECONOMY_7_PLAN, readings, [[from, to]]);
    expect(series?.energy).toBeCloseTo((1 / 3) * 0.1, 12);
  });

  it('prices gaps of any length as the reading-by-reading reference does', () => {
    const start = at('2024-02-01T00:00:00Z');
    const gap = fc.record({
      from: fc.integer({ min: start, max: start + 30 * DAY }),
      seconds: fc.integer({ min: 1, max: 120 * DAY }),
      startKw: decimalArb(0, 20),
      endKw: decimalArb(0, 20),
    });
    fc.assert(
      fc.property(gap, ({ from, seconds, startKw, endKw }) => {
        const readings = [
          { time: from, reading: startKw },
          { time: from + seconds, reading: endKw },
        ];
        const [expected] = directPrice(readings, [LONDON_TIME_OF_USE_PLAN]).plans;
        const [actual] = seriesOf(LONDON_TIME_OF_USE_PLAN, readings, [[from, from + seconds]]);
        expectClose(actual?.energy ?? Number.NaN, expected?.energyCost ?? Number.NaN, 'energy');
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});

describe('seriesOverQuarters and seriesOverSpan', () => {
  it('agree on a whole UTC day: quarter-hour energy and the raw curve give the same series', () => {
    fc.assert(
      fc.property(
        planArb('random'),
        readingsArb,
        intervalsArb,
        fc.integer({ min: -1, max: 2 }),
        (plan, readings, exportIntervals, offset) => {
          const day = Math.floor(START / SECONDS_PER_DAY) + offset;
          const dayStart = day * SECONDS_PER_DAY;
          const importCurve = segmentsOfReadings(latestReadingPerTime(readings));
          const exportCurve = segmentsOfIntervals(exportIntervals);
          const energy = dayEnergyOf(day, importCurve, exportCurve);
          fc.pre(energy !== null);
          if (energy === null) return;
          const rates = planDayRates(plan, NO_DYNAMIC_RATES, dayStart);
          const quarters = seriesOverQuarters(rates, energy, 0, 96);
          const span = seriesOverSpan(
            plan,
            NO_DYNAMIC_RATES,
            dayStart,
            dayStart + SECONDS_PER_DAY,
            energy.importBetween,
            energy.exportBetween,
          );
          expectClose(quarters.energy, span.energy, 'energy');
          expectClose(quarters.vat, span.vat, 'VAT');
          expectClose(quarters.lowest, span.lowest, 'lowest');
          expectClose(quarters.exportCredit, span.exportCredit, 'export credit');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is linear in the rate: every rate times k costs k times as much', () => {
    fc.assert(
      fc.property(
        planArb('random'),
        readingsArb,
        fc.integer({ min: 0, max: 40 }).map((n) => n / 4),
        fc.integer({ min: START - DAY, max: START + 2 * DAY }),
        fc.integer({ min: 1, max: 2 * DAY }),
        (plan, readings, factor, from, length) => {
          const window = [[from, from + length]] as const;
          const [base] = seriesOf(plan, readings, window);
          const [scaled] = seriesOf(scaledRates(plan, factor), readings, window);
          if (!base || !scaled) throw new Error('a window went missing');
          expectClose(scaled.energy, factor * base.energy, 'energy');
          expectClose(scaled.vat, factor * base.vat, 'VAT');
          expectClose(scaled.lowest, factor * base.lowest, 'lowest');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('prices any window of readings like the reference, on random plans', () => {
    fc.assert(
      fc.property(
        planArb('random'),
        readingsArb,
        fc.integer({ min: START - DAY, max: START + 2 * DAY }),
        fc.integer({ min: 1, max: 2 * DAY }),
        (plan, readings, from, length) => {
          fc.pre(readings.length > 0);
          const [series] = seriesOf(plan, readings, [[from, from + length]]);
          const [expected] = directPriceOf({ readings }, [plan], { from, to: from + length }).plans;
          expectClose(
            (series?.energy ?? Number.NaN) + (series?.vat ?? Number.NaN),
            expected?.energyCost ?? Number.NaN,
            'energy cost',
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
