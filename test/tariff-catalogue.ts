import type { FlatPlanInput } from '../src/schemas/tariffs';

/**
 * The catalogue the tariff tests run the Worker with (its PRICE_PLANS variable, see
 * vitest.config.ts): the reference plans, and plans with every tariff rule.
 */
export const TARIFF_CATALOGUE: FlatPlanInput[] = [
  { id: 'price-plan-0', supplier: "Dr Evil's Dark Energy", unitRatePerKwh: 10 },
  { id: 'price-plan-1', supplier: 'The Green Eco', unitRatePerKwh: 2 },
  { id: 'price-plan-2', supplier: 'Power for Everyone', unitRatePerKwh: 1 },
  {
    id: 'economy-7',
    supplier: 'Night Owl Energy',
    unitRatePerKwh: 0.3,
    timeZone: 'Europe/London',
    standingChargePerDay: 0.5,
    timeOfUseRates: [{ from: '00:30', to: '07:30', unitRatePerKwh: 0.1 }],
  },
  {
    id: 'standing-charge',
    supplier: 'Steady Supply',
    unitRatePerKwh: 0.2,
    timeZone: 'America/New_York',
    standingChargePerDay: 0.6,
  },
  {
    id: 'weekend-peak',
    supplier: 'Weekday Saver',
    unitRatePerKwh: 0.22,
    timeZone: 'Europe/London',
    peakTimeMultipliers: [
      { dayOfWeek: 'saturday', multiplier: 1.5 },
      { dayOfWeek: 'sunday', multiplier: 1.5 },
    ],
  },
];
