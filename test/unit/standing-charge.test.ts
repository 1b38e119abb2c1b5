import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { PricePlan } from '../../src/energy/plan-versions';
import { localDaysBetween, standingCharge } from '../../src/energy/standing-charge';
import { configPlanSchema, type VersionedPlanInput } from '../../src/schemas/tariffs';
import { ECONOMY_7_PLAN, STANDING_CHARGE_PLAN, testPlan } from '../plans';
import { directStandingChargeOf } from '../support/direct-pricing';
import { DAY, planArb, START, windowArb } from '../support/tariff-arbitraries';

const at = (iso: string) => Date.parse(iso) / 1000;

function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected)),
  );
}

function versionedPlan(input: VersionedPlanInput): PricePlan {
  return v.parse(configPlanSchema(input), input) as PricePlan;
}

const LONDON_046 = testPlan({
  id: 'standing-london',
  supplier: 'Test Supplier',
  unitRatePerKwh: 0,
  timeZone: 'Europe/London',
  standingChargePerDay: 0.46,
});

describe('localDaysBetween', () => {
  it.each([
    ['London’s 23-hour day', 'Europe/London', '2024-03-31T00:00:00Z', '2024-03-31T23:00:00Z', 1],
    ['London’s 25-hour day', 'Europe/London', '2024-10-26T23:00:00Z', '2024-10-28T00:00:00Z', 1],
    [
      'a UTC day seen from Kolkata (+5:30)',
      'Asia/Kolkata',
      '2024-01-01T00:00:00Z',
      '2024-01-02T00:00:00Z',
      1,
    ],
    ['a Kolkata day', 'Asia/Kolkata', '2023-12-31T18:30:00Z', '2024-01-01T18:30:00Z', 1],
    // Lord Howe falls back half an hour on 7 April 2024: a day of 24.5 hours.
    [
      'half of Lord Howe’s 24.5-hour day',
      'Australia/Lord_Howe',
      '2024-04-06T13:00:00Z',
      '2024-04-07T01:15:00Z',
      0.5,
    ],
    ['a week', 'UTC', '2024-01-01T00:00:00Z', '2024-01-08T00:00:00Z', 7],
    ['an empty window', 'UTC', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 0],
    [
      'a window that ends before it starts',
      'UTC',
      '2024-01-02T00:00:00Z',
      '2024-01-01T00:00:00Z',
      0,
    ],
  ])('counts %s', (_name, zone, from, to, days) => {
    expect(localDaysBetween(zone, at(from), at(to))).toBeCloseTo(days, 12);
  });
});

describe('standingCharge', () => {
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
    const { charge, vat } = standingCharge(LONDON_046, at(from), at(to));
    expect(charge).toBeCloseTo(expected, 12);
    expect(vat).toBe(0);
  });

  it('charges nothing for an empty window or a plan without a standing charge', () => {
    const midnight = at('2024-01-01T00:00:00Z');
    expect(standingCharge(LONDON_046, midnight, midnight)).toEqual({ charge: 0, vat: 0 });
    expect(standingCharge(LONDON_046, midnight + DAY, midnight)).toEqual({ charge: 0, vat: 0 });
    const flat = testPlan({ id: 'flat', supplier: 'Test Supplier', unitRatePerKwh: 1 });
    expect(standingCharge(flat, midnight, midnight + 30 * DAY)).toEqual({ charge: 0, vat: 0 });
  });

  it('adds VAT at the version’s rate and says how much of the charge it is', () => {
    const withVat = testPlan({
      id: 'standing-vat',
      supplier: 'Test Supplier',
      unitRatePerKwh: 0,
      timeZone: 'Europe/London',
      standingChargePerDay: 0.46,
      vatRate: 0.05,
    });
    // Half of the 23-hour day: 0.23 and 5% of it.
    const { charge, vat } = standingCharge(
      withVat,
      at('2024-03-31T00:00:00Z'),
      at('2024-03-31T11:30:00Z'),
    );
    expect(charge).toBeCloseTo(0.23 * 1.05, 12);
    expect(vat).toBeCloseTo(0.0115, 12);
  });

  it('charges each second at the version in force then, in that version’s zone', () => {
    // 0.5 a day in UTC until noon, then 1.2 a day with 20% VAT in Kolkata (12:00 UTC is 17:30 there,
    // 6.5 of the Kolkata day's 24 hours left).
    const noon = at('2024-01-10T12:00:00Z');
    const changing = versionedPlan({
      id: 'changing',
      supplier: 'Test Supplier',
      versions: [
        { unitRatePerKwh: 0, standingChargePerDay: 0.5 },
        {
          validFrom: noon,
          unitRatePerKwh: 0,
          standingChargePerDay: 1.2,
          timeZone: 'Asia/Kolkata',
          vatRate: 0.2,
        },
      ],
    });
    const { charge, vat } = standingCharge(changing, noon - 6 * 3600, noon + 6.5 * 3600);
    expect(charge).toBeCloseTo(0.5 * 0.25 + 1.2 * (6.5 / 24) * 1.2, 12);
    expect(vat).toBeCloseTo(1.2 * (6.5 / 24) * 0.2, 12);
  });

  it('adds up over adjacent windows, versions, zones and VAT included', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(STANDING_CHARGE_PLAN), planArb('random')),
        fc.uniqueArray(fc.integer({ min: START - 10 * DAY, max: START + 30 * DAY }), {
          minLength: 3,
          maxLength: 3,
        }),
        (plan, cuts) => {
          const [a = 0, b = 0, c = 0] = [...cuts].sort((x, y) => x - y);
          const whole = standingCharge(plan, a, c);
          const first = standingCharge(plan, a, b);
          const second = standingCharge(plan, b, c);
          expectClose(first.charge + second.charge, whole.charge, 'charge');
          expectClose(first.vat + second.vat, whole.vat, 'VAT');
        },
      ),
    );
  });

  it('agrees with the quarter-hour-by-quarter-hour reference over a fortnight of clock changes', () => {
    const from = at('2024-10-20T05:17:00Z');
    const to = at('2024-11-03T19:41:00Z');
    const reference = directStandingChargeOf(LONDON_046, from, to);
    expect(standingCharge(LONDON_046, from, to).charge).toBeCloseTo(reference.charge, 10);
    expect(standingCharge(ECONOMY_7_PLAN, from, to).charge).toBeCloseTo(
      directStandingChargeOf(ECONOMY_7_PLAN, from, to).charge,
      10,
    );
  });

  it('agrees with the reference on any plan and window', () => {
    fc.assert(
      fc.property(planArb('random'), windowArb, (plan, { from, to }) => {
        const reference = directStandingChargeOf(plan, from, to);
        const actual = standingCharge(plan, from, to);
        expectClose(actual.charge, reference.charge, 'charge');
        expectClose(actual.vat, reference.vat, 'VAT');
      }),
      { numRuns: 60 },
    );
  });
});
