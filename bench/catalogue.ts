/**
 * The price plans the bench Worker starts with (its PRICE_PLANS variable): the three reference
 * plans (their ids, which the trial meters' accounts name), London plans that exercise every
 * tariff rule, and a dynamic plan whose half-hourly rates are published through the API. Every
 * plan has three versions, so that pricing is measured at its dearest: a price change inside the
 * history, the way the price cap moves it.
 */
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const at = (iso: string) => Date.parse(iso) / 1000;

/** When the second and third versions of every plan start. */
export const VERSION_STARTS = [at('2024-07-01T00:00:00Z'), at('2025-03-01T00:00:00Z')] as const;

/** The plan whose import and export rates the bench publishes, a year of half hours of each. */
export const DYNAMIC_PLAN_ID = 'agile-dynamic';
/**
 * Where every year of half hours the bench sends starts (rates, intervals, the year of minute
 * readings): 2024-07-01, so that the year holds both later versions' starts and March 2025.
 */
export const YEAR_START = VERSION_STARTS[0];

/** Three versions of one plan: the first holds from the beginning, then one per VERSION_STARTS. */
function threeVersions<Version extends object>(
  first: Version,
  second: Version,
  third: Version,
): (Version & { validFrom?: number })[] {
  const [secondStart, thirdStart] = VERSION_STARTS;
  return [first, { ...second, validFrom: secondStart }, { ...third, validFrom: thirdStart }];
}

/** A flat plan in UTC whose unit rate moves at each version. */
function flatPlan(id: string, supplier: string, rates: [number, number, number]) {
  const [first, second, third] = rates.map((unitRatePerKwh) => ({ unitRatePerKwh }));
  return { id, supplier, versions: threeVersions(first ?? {}, second ?? {}, third ?? {}) };
}

/** A London time-of-use version: weekday peak, weeknight and weekend cheap bands. */
function timeOfUseVersion(base: number, peak: number, night: number, weekend: number) {
  return {
    unitRatePerKwh: base,
    timeZone: 'Europe/London',
    standingChargePerDay: 0.45,
    vatRate: 0.05,
    exportRatePerKwh: 0.15,
    timeOfUseRates: [
      { days: WEEKDAYS, from: '16:00', to: '19:00', unitRatePerKwh: peak },
      { days: WEEKDAYS.slice(0, 4), from: '23:00', to: '06:00', unitRatePerKwh: night },
      {
        days: ['friday', 'saturday', 'sunday'],
        from: '22:00',
        to: '08:00',
        unitRatePerKwh: weekend,
      },
    ],
    exportTimeOfUseRates: [{ from: '16:00', to: '19:00', unitRatePerKwh: 0.24 }],
  };
}

/** A standing-charge version in London. */
function standingChargeVersion(unitRatePerKwh: number, standingChargePerDay: number) {
  return {
    unitRatePerKwh,
    timeZone: 'Europe/London',
    standingChargePerDay,
    vatRate: 0.05,
    exportRatePerKwh: 0.041,
  };
}

/** A London version with weekend multipliers. */
function weekendPeakVersion(unitRatePerKwh: number, multiplier: number) {
  return {
    unitRatePerKwh,
    timeZone: 'Europe/London',
    peakTimeMultipliers: [
      { dayOfWeek: 'saturday', multiplier },
      { dayOfWeek: 'sunday', multiplier },
    ],
  };
}

/** The dynamic plan's own rules: what its time costs outside the published rates. */
function dynamicVersion(unitRatePerKwh: number, standingChargePerDay: number) {
  return {
    unitRatePerKwh,
    timeZone: 'Europe/London',
    standingChargePerDay,
    vatRate: 0.05,
    exportRatePerKwh: 0.05,
  };
}

export const BENCH_PRICE_PLANS = [
  flatPlan('price-plan-0', "Dr Evil's Dark Energy", [10, 9.5, 10.5]),
  flatPlan('price-plan-1', 'The Green Eco', [2, 2.2, 1.9]),
  flatPlan('price-plan-2', 'Power for Everyone', [1, 1.1, 0.95]),
  {
    id: 'london-time-of-use',
    supplier: 'Agile Energy',
    versions: threeVersions(
      timeOfUseVersion(0.25, 0.38, 0.12, 0.09),
      timeOfUseVersion(0.27, 0.41, 0.13, 0.1),
      timeOfUseVersion(0.24, 0.36, 0.11, 0.085),
    ),
  },
  {
    id: 'standing-charge',
    supplier: 'Steady Supply',
    versions: threeVersions(
      standingChargeVersion(0.2, 0.6),
      standingChargeVersion(0.22, 0.62),
      standingChargeVersion(0.21, 0.58),
    ),
  },
  {
    id: 'weekend-peak',
    supplier: 'Weekday Saver',
    versions: threeVersions(
      weekendPeakVersion(0.22, 1.5),
      weekendPeakVersion(0.24, 1.4),
      weekendPeakVersion(0.23, 1.6),
    ),
  },
  {
    id: DYNAMIC_PLAN_ID,
    supplier: 'Half-Hourly Energy',
    versions: threeVersions(
      dynamicVersion(0.24, 0.48),
      dynamicVersion(0.26, 0.5),
      dynamicVersion(0.23, 0.47),
    ),
  },
];
