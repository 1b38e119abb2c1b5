import type { PricePlan } from '../src/energy/types';

// Plans with peak-time multipliers: the seed's plans have none, so the tests bring their own.

/** Weekends cost more, in UTC. */
export const WEEKEND_PLAN: PricePlan = {
  id: 'weekend-peak',
  supplier: 'Test Supplier',
  unitRatePerKwh: 1,
  peakTimeMultipliers: [
    { dayOfWeek: 'saturday', multiplier: 2 },
    { dayOfWeek: 'sunday', multiplier: 3 },
  ],
};

/** Sundays cost double, in London (23- and 25-hour days at the clock changes). */
export const LONDON_SUNDAY_PLAN: PricePlan = {
  id: 'london-sunday',
  supplier: 'Test Supplier',
  unitRatePerKwh: 1,
  timeZone: 'Europe/London',
  peakTimeMultipliers: [{ dayOfWeek: 'sunday', multiplier: 2 }],
};

/** Mondays cost half, in Kolkata (UTC+5:30: midnights at half past the UTC hour). */
export const KOLKATA_MONDAY_PLAN: PricePlan = {
  id: 'monday-kolkata',
  supplier: 'Test Supplier',
  unitRatePerKwh: 3,
  timeZone: 'Asia/Kolkata',
  peakTimeMultipliers: [{ dayOfWeek: 'monday', multiplier: 0.5 }],
};
