import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { configPricePlans, parsePriceCatalogue } from '../../src/config/price-plans';
import { DAYS_OF_WEEK } from '../../src/energy/bands';
import {
  configPlanSchema,
  type FlatPlanInput,
  FlatPlanSchema,
  PlanInputSchema,
  VersionedPlanSchema,
} from '../../src/schemas/tariffs';

const BASE: FlatPlanInput = { id: 'plan-a', supplier: 'Supplier A', unitRatePerKwh: 0.3 };

/** Every default of a version's rules, as the schema fills them in. */
const VERSION_DEFAULTS = {
  validFrom: null,
  timeZone: 'UTC',
  standingChargePerDay: 0,
  timeOfUseRates: [],
  peakTimeMultipliers: [],
  vatRate: 0,
  exportRatePerKwh: 0,
  exportTimeOfUseRates: [],
};

function problemsOf(input: unknown): string[] {
  const result = v.safeParse(configPlanSchema(input), input);
  return result.success
    ? []
    : result.issues.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`);
}

describe('the price-plan catalogue', () => {
  it('ships the three reference plans, flat, in UTC, without standing charges or VAT, ordered by id', () => {
    const plans = configPricePlans({});

    expect(plans).toEqual([
      {
        id: 'price-plan-0',
        supplier: "Dr Evil's Dark Energy",
        versions: [{ ...VERSION_DEFAULTS, unitRatePerKwh: 10 }],
      },
      {
        id: 'price-plan-1',
        supplier: 'The Green Eco',
        versions: [{ ...VERSION_DEFAULTS, unitRatePerKwh: 2 }],
      },
      {
        id: 'price-plan-2',
        supplier: 'Power for Everyone',
        versions: [{ ...VERSION_DEFAULTS, unitRatePerKwh: 1 }],
      },
    ]);
  });

  it('reads PRICE_PLANS in either shape, and orders the plans by id', () => {
    const json = JSON.stringify([
      { id: 'z-flat', supplier: 'Z', unitRatePerKwh: 0.2 },
      { id: 'a-versioned', supplier: 'A', versions: [{ unitRatePerKwh: 0.1, vatRate: 0.05 }] },
    ]);

    const plans = configPricePlans({ PRICE_PLANS: json });

    expect(plans).toEqual([
      {
        id: 'a-versioned',
        supplier: 'A',
        versions: [{ ...VERSION_DEFAULTS, unitRatePerKwh: 0.1, vatRate: 0.05 }],
      },
      { id: 'z-flat', supplier: 'Z', versions: [{ ...VERSION_DEFAULTS, unitRatePerKwh: 0.2 }] },
    ]);
  });

  it('refuses a catalogue with every problem named, where and what', () => {
    const bad = [
      { ...BASE, timeZone: 'Mars/Olympus_Mons' },
      { ...BASE, id: 'plan-b', unitRatePerKwh: -1 },
      { id: 'plan-c', supplier: 'C', versions: [{ unitRatePerKwh: 1 }, { unitRatePerKwh: 2 }] },
    ];
    expect(() => parsePriceCatalogue(bad, 'PRICE_PLANS')).toThrow(
      'Invalid price plans in PRICE_PLANS: 0.timeZone must be a time zone Intl knows, e.g. Europe/London; 1.unitRatePerKwh must be 0 or more; 2.versions.1 needs validFrom: only the first version may leave it out (version 1)',
    );
  });

  it('refuses a repeated plan id, an empty catalogue and PRICE_PLANS that is not JSON', () => {
    expect(() => parsePriceCatalogue([BASE, BASE], 'test')).toThrow(
      /must not repeat a plan id: plan-a/,
    );
    expect(() => parsePriceCatalogue([], 'test')).toThrow(/at least one plan/);
    expect(() => configPricePlans({ PRICE_PLANS: '[{' })).toThrow(
      'Invalid price plans in PRICE_PLANS: not valid JSON',
    );
  });
});

describe('configPlanSchema', () => {
  it('reads a plan with versions as versions, and any other as the seed’s flat shape', () => {
    expect(configPlanSchema({ ...BASE, versions: [] })).toBe(VersionedPlanSchema);
    expect(configPlanSchema(BASE)).toBe(FlatPlanSchema);
    expect(configPlanSchema(null)).toBe(FlatPlanSchema);
  });

  it('makes a flat plan one version from the beginning, with the defaults filled in', () => {
    expect(v.parse(configPlanSchema(BASE), BASE)).toEqual({
      id: 'plan-a',
      supplier: 'Supplier A',
      versions: [{ ...VERSION_DEFAULTS, unitRatePerKwh: 0.3 }],
    });
  });

  it('makes a band without days apply every day', () => {
    const plan = v.parse(FlatPlanSchema, {
      ...BASE,
      timeOfUseRates: [{ from: '00:30', to: '07:30', unitRatePerKwh: 0.1 }],
    });
    expect(plan.versions[0]?.timeOfUseRates[0]?.days).toEqual([...DAYS_OF_WEEK]);
  });

  it('spells a time zone one way: Intl’s canonical name', () => {
    const plan = v.parse(FlatPlanSchema, { ...BASE, timeZone: 'europe/london' });
    expect(plan.versions[0]?.timeZone).toBe('Europe/London');
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
      'a 24-hour band (from = to) and any other band of its day',
      {
        timeOfUseRates: [
          { days: ['saturday'], from: '06:00', to: '06:00', unitRatePerKwh: 0.1 },
          { days: ['saturday'], from: '12:00', to: '13:00', unitRatePerKwh: 0.2 },
        ],
      },
      'timeOfUseRates: must not overlap: bands 0 and 1 overlap on saturday at 12:00',
    ],
    [
      'overlapping export bands',
      {
        exportTimeOfUseRates: [
          { from: '10:00', to: '16:00', unitRatePerKwh: 0.2 },
          { days: ['friday'], from: '15:45', to: '18:00', unitRatePerKwh: 0.1 },
        ],
      },
      'exportTimeOfUseRates: must not overlap: bands 0 and 1 overlap on friday at 15:45',
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
    ['VAT over 100%', { vatRate: 1.2 }, 'vatRate: must be from 0 to 1'],
    ['a negative export rate', { exportRatePerKwh: -0.01 }, 'exportRatePerKwh: must be 0 or more'],
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
    [
      'a bad plan id',
      { id: '-plan' },
      'id: must be 1–64 characters of A–Z a–z 0–9 . _ -, starting with a letter or digit',
    ],
  ])('refuses %s with a clear message', (_name, change, message) => {
    expect(problemsOf({ ...BASE, ...change })).toEqual([message]);
  });

  it('refuses a band naming a day twice', () => {
    const band = { days: ['monday', 'monday'], from: '01:00', to: '02:00', unitRatePerKwh: 0.1 };
    expect(problemsOf({ ...BASE, timeOfUseRates: [band] })).toContain(
      'timeOfUseRates.0.days: must not repeat a day',
    );
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

describe('PlanInputSchema', () => {
  const version = { unitRatePerKwh: 0.25 };

  it('reads versions in ascending validFrom, epoch seconds or ISO 8601 with an offset', () => {
    const plan = v.parse(PlanInputSchema, {
      supplier: 'Night Owl Energy',
      versions: [version, { ...version, validFrom: '2024-10-01T00:00:00+01:00' }],
    });
    expect(plan.versions.map((entry) => entry.validFrom)).toEqual([
      null,
      Date.parse('2024-09-30T23:00:00Z') / 1000,
    ]);
  });

  it('refuses a start on the first version, which holds from the beginning', () => {
    const result = v.safeParse(PlanInputSchema, {
      supplier: 'S',
      versions: [
        { ...version, validFrom: 1_700_000_000 },
        { ...version, validFrom: 1_800_000_000 },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.issues?.map((issue) => v.getDotPath(issue))).toEqual(['versions.0']);
    expect(result.issues?.[0]?.message).toMatch(
      /^must leave out validFrom: the first version holds from the beginning/,
    );
  });

  it.each([
    ['no versions', [], 'versions: must hold at least one version'],
    [
      'versions out of order',
      [version, { ...version, validFrom: 2_000 }, { ...version, validFrom: 1_000 }],
      'versions.2: must start after the version before it (ascending validFrom) (version 2)',
    ],
    [
      'two versions from the same time',
      [version, { ...version, validFrom: 1_000 }, { ...version, validFrom: 1_000 }],
      'versions.2: must start after the version before it (ascending validFrom) (version 2)',
    ],
    [
      'a later version without validFrom',
      [version, version],
      'versions.1: needs validFrom: only the first version may leave it out (version 1)',
    ],
    [
      'more than 100 versions',
      Array.from({ length: 101 }, (_, i) => (i === 0 ? version : { ...version, validFrom: i })),
      'versions: must hold at most 100 versions',
    ],
    [
      'a validFrom in milliseconds-looking text',
      [{ ...version, validFrom: '2024-10-01T00:00:00' }],
      'versions.0.validFrom: must be whole seconds since the Unix epoch, or ISO 8601 with an offset (2024-03-31T01:30:00+01:00)',
    ],
  ])('refuses %s', (_name, versions, message) => {
    const result = v.safeParse(PlanInputSchema, { supplier: 'S', versions });
    expect(result.issues?.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`)).toEqual([
      message,
    ]);
  });
});
