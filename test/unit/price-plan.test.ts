import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { PRICE_PLANS, parsePriceCatalogue } from '../../src/config/price-plans';
import { type PricePlanInput, PricePlanSchema } from '../../src/energy/price-plan';

const BASE: PricePlanInput = { id: 'plan-a', supplier: 'Supplier A', unitRatePerKwh: 0.3 };

function problemsOf(input: unknown): string[] {
  const result = v.safeParse(PricePlanSchema, input);
  return result.success
    ? []
    : result.issues.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`);
}

describe('the price-plan catalogue', () => {
  it('ships the three reference plans, flat, in UTC, without standing charges, ordered by id', () => {
    expect(PRICE_PLANS.map((plan) => [plan.id, plan.supplier, plan.unitRatePerKwh])).toEqual([
      ['price-plan-0', "Dr Evil's Dark Energy", 10],
      ['price-plan-1', 'The Green Eco', 2],
      ['price-plan-2', 'Power for Everyone', 1],
    ]);
    for (const plan of PRICE_PLANS) {
      expect(plan).toMatchObject({
        timeZone: 'UTC',
        standingChargePerDay: 0,
        timeOfUseRates: [],
        peakTimeMultipliers: [],
      });
    }
  });

  it('refuses a catalogue with every problem named, where and what', () => {
    const bad = [
      { ...BASE, timeZone: 'Mars/Olympus_Mons' },
      { ...BASE, id: 'plan-b', unitRatePerKwh: -1 },
    ];
    expect(() => parsePriceCatalogue(bad, 'PRICE_PLANS')).toThrow(
      'Invalid price plans in PRICE_PLANS: 0.timeZone must be a time zone Intl knows, e.g. Europe/London; 1.unitRatePerKwh must be 0 or more',
    );
  });

  it('refuses a repeated plan id and an empty catalogue', () => {
    expect(() => parsePriceCatalogue([BASE, BASE], 'test')).toThrow(/must not repeat a plan id/);
    expect(() => parsePriceCatalogue([], 'test')).toThrow(/at least one plan/);
  });
});

describe('PricePlanSchema', () => {
  it('fills in the defaults: UTC, no standing charge, no bands, no multipliers', () => {
    expect(v.parse(PricePlanSchema, BASE)).toEqual({
      ...BASE,
      timeZone: 'UTC',
      standingChargePerDay: 0,
      timeOfUseRates: [],
      peakTimeMultipliers: [],
    });
  });

  it('makes a band without days apply every day', () => {
    const plan = v.parse(PricePlanSchema, {
      ...BASE,
      timeOfUseRates: [{ from: '00:30', to: '07:30', unitRatePerKwh: 0.1 }],
    });
    expect(plan.timeOfUseRates[0]?.days).toEqual([
      'monday',
      'tuesday',
      'wednesday',
      'thursday',
      'friday',
      'saturday',
      'sunday',
    ]);
  });

  it.each([
    [
      'overlapping bands',
      {
        timeOfUseRates: [
          { from: '06:00', to: '09:00', unitRatePerKwh: 0.4 },
          { days: ['monday'], from: '08:30', to: '10:00', unitRatePerKwh: 0.5 },
        ],
      },
      'timeOfUseRates: must not overlap: bands 0 and 1 overlap on monday at 08:30',
    ],
    [
      'a band across midnight overlapping the next day’s band',
      {
        timeOfUseRates: [
          { days: ['sunday'], from: '22:00', to: '02:00', unitRatePerKwh: 0.1 },
          { days: ['monday'], from: '01:00', to: '03:00', unitRatePerKwh: 0.2 },
        ],
      },
      'timeOfUseRates: must not overlap: bands 0 and 1 overlap on monday at 01:00',
    ],
    [
      'a band off the quarter hours',
      { timeOfUseRates: [{ from: '07:10', to: '08:00', unitRatePerKwh: 0.1 }] },
      'timeOfUseRates.0.from: must be a local time "HH:MM" on a quarter hour (:00, :15, :30 or :45)',
    ],
    [
      'an hour past 23',
      { timeOfUseRates: [{ from: '22:00', to: '24:00', unitRatePerKwh: 0.1 }] },
      'timeOfUseRates.0.to: must be a local time "HH:MM" on a quarter hour (:00, :15, :30 or :45)',
    ],
    [
      'an unknown time zone',
      { timeZone: 'Europe/Atlantis' },
      'timeZone: must be a time zone Intl knows, e.g. Europe/London',
    ],
    ['a negative unit rate', { unitRatePerKwh: -0.1 }, 'unitRatePerKwh: must be 0 or more'],
    [
      'a negative standing charge',
      { standingChargePerDay: -1 },
      'standingChargePerDay: must be 0 or more',
    ],
    [
      'a negative band rate',
      { timeOfUseRates: [{ from: '00:00', to: '07:00', unitRatePerKwh: -0.1 }] },
      'timeOfUseRates.0.unitRatePerKwh: must be 0 or more',
    ],
    [
      'two multipliers for one day',
      {
        peakTimeMultipliers: [
          { dayOfWeek: 'monday', multiplier: 2 },
          { dayOfWeek: 'monday', multiplier: 3 },
        ],
      },
      'peakTimeMultipliers: must give each day at most one multiplier',
    ],
    [
      'a misspelt day',
      { peakTimeMultipliers: [{ dayOfWeek: 'Monday', multiplier: 2 }] },
      'peakTimeMultipliers.0.dayOfWeek: must be a day of the week in lower case, e.g. monday',
    ],
  ])('refuses %s with a clear message', (_name, change, message) => {
    expect(problemsOf({ ...BASE, ...change })).toEqual([message]);
  });

  it('accepts adjacent bands and a 24-hour band', () => {
    expect(
      problemsOf({
        ...BASE,
        timeOfUseRates: [
          { days: ['saturday'], from: '00:00', to: '00:00', unitRatePerKwh: 0.1 },
          { days: ['sunday'], from: '00:00', to: '07:00', unitRatePerKwh: 0.1 },
          { days: ['sunday'], from: '07:00', to: '00:00', unitRatePerKwh: 0.2 },
        ],
      }),
    ).toEqual([]);
  });
});
