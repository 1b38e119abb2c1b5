/**
 * The demo's realistic price plans, as an operator would put them through `PUT /price-plans/{id}`:
 * British domestic tariffs in GBP before 5% VAT, in London time, from four suppliers. The figures
 * are typical of 2025–26, not any supplier's real prices.
 */
import type * as v from 'valibot';
import type { PlanInputSchema } from '../src/schemas/tariffs.ts';

/** A plan of the demo: its id and the body of its PUT. */
export interface DemoPlan {
  readonly pricePlanId: string;
  readonly plan: v.InferInput<typeof PlanInputSchema>;
  /** What it is, in a few words, for the dev banner. */
  readonly description: string;
}

const LONDON = 'Europe/London';
// Domestic energy carries VAT at the reduced rate in the UK.
const DOMESTIC_VAT = 0.05;

/** A flat rate that follows the quarterly price cap: a version for each quarter's prices. */
export const STANDARD_VARIABLE: DemoPlan = {
  pricePlanId: 'meadow-standard-variable',
  description: 'standard variable, one rate, repriced each quarter',
  plan: {
    supplier: 'Meadow Energy',
    versions: [
      { unitRatePerKwh: 0.245, standingChargePerDay: 0.6012 },
      {
        validFrom: '2026-01-01T00:00:00+00:00',
        unitRatePerKwh: 0.2557,
        standingChargePerDay: 0.6097,
      },
      {
        validFrom: '2026-04-01T00:00:00+01:00',
        unitRatePerKwh: 0.2412,
        standingChargePerDay: 0.5981,
      },
      {
        validFrom: '2026-07-01T00:00:00+01:00',
        unitRatePerKwh: 0.2384,
        standingChargePerDay: 0.5944,
      },
      {
        validFrom: '2026-10-01T00:00:00+01:00',
        unitRatePerKwh: 0.2451,
        standingChargePerDay: 0.6015,
      },
    ].map((version) => ({ ...version, timeZone: LONDON, vatRate: DOMESTIC_VAT })),
  },
};

/** Time of use for electric cars: seven cheap hours a night. */
export const NIGHT_OWL: DemoPlan = {
  pricePlanId: 'night-owl-ev',
  description: 'time of use, 7.5p from 00:30 to 07:30',
  plan: {
    supplier: 'Night Owl Energy',
    versions: [
      {
        unitRatePerKwh: 0.262,
        standingChargePerDay: 0.53,
        timeZone: LONDON,
        vatRate: DOMESTIC_VAT,
        timeOfUseRates: [{ from: '00:30', to: '07:30', unitRatePerKwh: 0.075 }],
      },
    ],
  },
};

/**
 * Half-hourly rates published a day ahead (see demo-agile-rates.ts); the version's own rate
 * prices any half hour without a published rate.
 */
export const AGILE: DemoPlan = {
  pricePlanId: 'tidal-agile',
  description: 'dynamic, half-hourly rates published a day ahead',
  plan: {
    supplier: 'Tidal Power',
    versions: [
      {
        unitRatePerKwh: 0.245,
        standingChargePerDay: 0.55,
        timeZone: LONDON,
        vatRate: DOMESTIC_VAT,
      },
    ],
  },
};

/** One import rate and an export rate for solar households (no VAT on export). */
export const SOLAR_EXPORT: DemoPlan = {
  pricePlanId: 'sunrise-solar-export',
  description: 'one rate, exports paid 15p',
  plan: {
    supplier: 'Sunrise Solar',
    versions: [
      {
        unitRatePerKwh: 0.262,
        standingChargePerDay: 0.58,
        timeZone: LONDON,
        vatRate: DOMESTIC_VAT,
        exportRatePerKwh: 0.15,
      },
    ],
  },
};

/** Every plan of the demo, in the order they are put. */
export const DEMO_PLANS: readonly DemoPlan[] = [STANDARD_VARIABLE, NIGHT_OWL, AGILE, SOLAR_EXPORT];
