import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateAt, segmentEnergyCost, standingChargeBetween } from '../../src/energy/tariff';
import {
  ECONOMY_7_PLAN,
  KOLKATA_MONDAY_PLAN,
  LONDON_TIME_OF_USE_PLAN,
  STANDING_CHARGE_PLAN,
  testPlan,
  WEEKEND_PLAN,
} from '../plans';
import { directPrice } from '../support/direct-pricing';

const at = (iso: string) => Date.parse(iso) / 1000;

function constantSegment(kw: number, fromIso: string, toIso: string) {
  return { startTime: at(fromIso), startKw: kw, endTime: at(toIso), endKw: kw };
}

describe('rateAt', () => {
  it.each([
    ['00:29 London (GMT): day rate', '2024-01-10T00:29:00Z', 0.3],
    ['00:30 London (GMT): night rate', '2024-01-10T00:30:00Z', 0.1],
    ['07:29 London: night rate', '2024-01-10T07:29:00Z', 0.1],
    ['07:30 London: day rate', '2024-01-10T07:30:00Z', 0.3],
    ['00:30 London in summer is 23:30 UTC', '2024-07-09T23:30:00Z', 0.1],
    ['23:29 UTC in summer is 00:29 London', '2024-07-09T23:29:00Z', 0.3],
  ])('Economy 7 at %s', (_name, time, rate) => {
    expect(rateAt(ECONOMY_7_PLAN, at(time))).toBe(rate);
  });

  it('applies a band that crosses midnight on the days it starts on', () => {
    // Thursday 23:00 to Friday 06:00 is the weekday night band; Friday 22:00 starts the weekend one.
    expect(rateAt(LONDON_TIME_OF_USE_PLAN, at('2024-01-12T05:59:00Z'))).toBe(0.12); // Friday 05:59
    expect(rateAt(LONDON_TIME_OF_USE_PLAN, at('2024-01-12T06:00:00Z'))).toBe(0.25);
    expect(rateAt(LONDON_TIME_OF_USE_PLAN, at('2024-01-12T17:00:00Z'))).toBe(0.4); // Friday peak
    expect(rateAt(LONDON_TIME_OF_USE_PLAN, at('2024-01-12T22:00:00Z'))).toBe(0.09);
    expect(rateAt(LONDON_TIME_OF_USE_PLAN, at('2024-01-15T07:59:00Z'))).toBe(0.09); // Monday 07:59
    expect(rateAt(LONDON_TIME_OF_USE_PLAN, at('2024-01-15T17:00:00Z'))).toBe(0.4); // Monday peak
  });

  it('multiplies the rate on peak days in the plan zone', () => {
    expect(rateAt(WEEKEND_PLAN, at('2024-03-30T12:00:00Z'))).toBe(2); // Saturday
    // Monday in Kolkata begins at 18:30 UTC on Sunday.
    expect(rateAt(KOLKATA_MONDAY_PLAN, at('2024-03-31T18:29:00Z'))).toBe(3);
    expect(rateAt(KOLKATA_MONDAY_PLAN, at('2024-03-31T18:30:00Z'))).toBe(1.5);
  });
});

describe('segmentEnergyCost', () => {
  it('prices Economy 7 across the October clock change by hand', () => {
    // 1 kW from 12:00 UTC on 26 October 2024 to 12:00 UTC the next day. The night band of the
    // 27th runs from 00:30 BST (23:30 UTC) to 07:30 GMT (07:30 UTC): 8 hours, since the hour from
    // 01:00 repeats. 8 kWh at 0.1 and 16 kWh at 0.3.
    const segment = constantSegment(1, '2024-10-26T12:00:00Z', '2024-10-27T12:00:00Z');
    expect(segmentEnergyCost(ECONOMY_7_PLAN, segment)).toBeCloseTo(8 * 0.1 + 16 * 0.3, 12);
  });

  it('prices Economy 7 across the March clock change by hand', () => {
    // On 31 March 2024 the band runs from 00:30 GMT to 07:30 BST (06:30 UTC): 6 hours.
    const segment = constantSegment(2, '2024-03-30T12:00:00Z', '2024-03-31T12:00:00Z');
    expect(segmentEnergyCost(ECONOMY_7_PLAN, segment)).toBeCloseTo(2 * (6 * 0.1 + 18 * 0.3), 12);
  });

  it('prices a ramp inside one quarter hour at that quarter hour’s rate', () => {
    // 0 → 4 kW over 10 minutes at 00:35 London: 1/3 kWh at the night rate.
    const segment = {
      startTime: at('2024-01-10T00:35:00Z'),
      startKw: 0,
      endTime: at('2024-01-10T00:45:00Z'),
      endKw: 4,
    };
    expect(segmentEnergyCost(ECONOMY_7_PLAN, segment)).toBeCloseTo((1 / 3) * 0.1, 12);
  });

  it('prices gaps of any length as the reading-by-reading reference does', () => {
    const start = at('2024-02-01T00:00:00Z');
    const gap = fc.record({
      from: fc.integer({ min: start, max: start + 30 * 86_400 }),
      seconds: fc.integer({ min: 1, max: 120 * 86_400 }),
      startKw: fc.double({ min: 0, max: 20, noNaN: true }),
      endKw: fc.double({ min: 0, max: 20, noNaN: true }),
    });
    fc.assert(
      fc.property(gap, ({ from, seconds, startKw, endKw }) => {
        const readings = [
          { time: from, reading: startKw },
          { time: from + seconds, reading: endKw },
        ];
        const segment = { startTime: from, startKw, endTime: from + seconds, endKw };
        const [expected] = directPrice(readings, [LONDON_TIME_OF_USE_PLAN]).plans;
        const actual = segmentEnergyCost(LONDON_TIME_OF_USE_PLAN, segment);
        expect(Math.abs(actual - (expected?.energyCost ?? Number.NaN))).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(expected?.energyCost ?? 0)),
        );
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});

describe('standingChargeBetween', () => {
  const plan = testPlan({
    id: 'standing-london',
    supplier: 'Test Supplier',
    unitRatePerKwh: 0,
    timeZone: 'Europe/London',
    standingChargePerDay: 0.46,
  });

  it.each([
    [
      'the 23-hour day when London springs forward',
      '2024-03-31T00:00:00Z',
      '2024-03-31T23:00:00Z',
      0.46,
    ],
    [
      'the 25-hour day when London falls back',
      '2024-10-26T23:00:00Z',
      '2024-10-28T00:00:00Z',
      0.46,
    ],
    [
      'the first half of the 23-hour day (11.5 of its 23 hours)',
      '2024-03-31T00:00:00Z',
      '2024-03-31T11:30:00Z',
      0.23,
    ],
    [
      'the last 5 of the 25 hours of the fall-back day',
      '2024-10-27T19:00:00Z',
      '2024-10-28T00:00:00Z',
      0.46 / 5,
    ],
    ['a week of local days', '2024-01-01T00:00:00Z', '2024-01-08T00:00:00Z', 7 * 0.46],
    [
      '12:00 to 12:00 across the fall-back night',
      '2024-10-26T12:00:00Z',
      '2024-10-27T12:00:00Z',
      0.46 * (11 / 24 + 13 / 25),
    ],
  ])('charges %s', (_name, from, to, expected) => {
    expect(standingChargeBetween(plan, at(from), at(to))).toBeCloseTo(expected, 12);
  });

  it('charges nothing for an empty window or a plan without a standing charge', () => {
    expect(
      standingChargeBetween(plan, at('2024-01-01T00:00:00Z'), at('2024-01-01T00:00:00Z')),
    ).toBe(0);
    expect(standingChargeBetween(ECONOMY_7_PLAN, 0, 0)).toBe(0);
  });

  it('adds up over adjacent windows', () => {
    const times = fc.uniqueArray(
      fc.integer({ min: at('2024-01-01T00:00:00Z'), max: at('2025-01-01T00:00:00Z') }),
      {
        minLength: 3,
        maxLength: 3,
      },
    );
    fc.assert(
      fc.property(times, (unsorted) => {
        const [a = 0, b = 0, c = 0] = [...unsorted].sort((x, y) => x - y);
        const whole = standingChargeBetween(STANDING_CHARGE_PLAN, a, c);
        const parts =
          standingChargeBetween(STANDING_CHARGE_PLAN, a, b) +
          standingChargeBetween(STANDING_CHARGE_PLAN, b, c);
        expect(Math.abs(whole - parts)).toBeLessThanOrEqual(1e-9 * Math.max(1, whole));
      }),
    );
  });

  it('agrees with the quarter-hour-by-quarter-hour reference', () => {
    const from = at('2024-10-20T05:17:00Z');
    const to = at('2024-11-03T19:41:00Z');
    const [reference] = directPrice([{ time: from, reading: 0 }], [plan], { from, to }).plans;
    expect(standingChargeBetween(plan, from, to)).toBeCloseTo(
      reference?.standingCharge ?? Number.NaN,
      10,
    );
  });
});
