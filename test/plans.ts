import * as v from 'valibot';
import type { PricePlan } from '../src/energy/plan-versions';
import { configPlanSchema, type FlatPlanInput } from '../src/schemas/tariffs';

// Plans beyond the reference ones (which are flat, in UTC, with no standing charge): the tests
// bring their own, written as config is, with the schema filling in the defaults.

/** A plan from its config form. */
export function testPlan(input: FlatPlanInput): PricePlan {
  return v.parse(configPlanSchema(input), input) as PricePlan;
}

/** Weekends cost more, in UTC. */
export const WEEKEND_PLAN = testPlan({
  id: 'weekend-peak',
  supplier: 'Test Supplier',
  unitRatePerKwh: 1,
  peakTimeMultipliers: [
    { dayOfWeek: 'saturday', multiplier: 2 },
    { dayOfWeek: 'sunday', multiplier: 3 },
  ],
});

/** Sundays cost double, in London (23- and 25-hour days at the clock changes). */
export const LONDON_SUNDAY_PLAN = testPlan({
  id: 'london-sunday',
  supplier: 'Test Supplier',
  unitRatePerKwh: 1,
  timeZone: 'Europe/London',
  peakTimeMultipliers: [{ dayOfWeek: 'sunday', multiplier: 2 }],
});

/** Mondays cost half, in Kolkata (UTC+5:30: midnights at half past the UTC hour). */
export const KOLKATA_MONDAY_PLAN = testPlan({
  id: 'monday-kolkata',
  supplier: 'Test Supplier',
  unitRatePerKwh: 3,
  timeZone: 'Asia/Kolkata',
  peakTimeMultipliers: [{ dayOfWeek: 'monday', multiplier: 0.5 }],
});

/** Economy 7: seven cheap night hours, 00:30–07:30 London time, and a standing charge. */
export const ECONOMY_7_PLAN = testPlan({
  id: 'economy-7',
  supplier: 'Night Owl Energy',
  unitRatePerKwh: 0.3,
  timeZone: 'Europe/London',
  standingChargePerDay: 0.5,
  timeOfUseRates: [{ from: '00:30', to: '07:30', unitRatePerKwh: 0.1 }],
});

/** Weekday peak and night bands, a cheaper weekend band across midnight, in London. */
export const LONDON_TIME_OF_USE_PLAN = testPlan({
  id: 'london-time-of-use',
  supplier: 'Agile Test Energy',
  unitRatePerKwh: 0.25,
  timeZone: 'Europe/London',
  standingChargePerDay: 0.45,
  timeOfUseRates: [
    {
      days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      from: '16:00',
      to: '19:00',
      unitRatePerKwh: 0.4,
    },
    {
      days: ['monday', 'tuesday', 'wednesday', 'thursday'],
      from: '23:00',
      to: '06:00',
      unitRatePerKwh: 0.12,
    },
    { days: ['friday', 'saturday', 'sunday'], from: '22:00', to: '08:00', unitRatePerKwh: 0.09 },
  ],
});

/** A flat rate with a standing charge, in New York. */
export const STANDING_CHARGE_PLAN = testPlan({
  id: 'standing-charge',
  supplier: 'Steady Supply',
  unitRatePerKwh: 0.2,
  timeZone: 'America/New_York',
  standingChargePerDay: 0.6,
});
