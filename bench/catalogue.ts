/**
 * The price plans the bench Worker runs with (its PRICE_PLANS variable): the three reference
 * plans, and plans that exercise every tariff rule, so that pricing is measured at its dearest.
 */
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

export const BENCH_PRICE_PLANS = [
  { id: 'price-plan-0', supplier: "Dr Evil's Dark Energy", unitRatePerKwh: 10 },
  { id: 'price-plan-1', supplier: 'The Green Eco', unitRatePerKwh: 2 },
  { id: 'price-plan-2', supplier: 'Power for Everyone', unitRatePerKwh: 1 },
  {
    id: 'london-time-of-use',
    supplier: 'Agile Energy',
    unitRatePerKwh: 0.25,
    timeZone: 'Europe/London',
    standingChargePerDay: 0.45,
    timeOfUseRates: [
      { days: WEEKDAYS, from: '16:00', to: '19:00', unitRatePerKwh: 0.38 },
      { days: WEEKDAYS.slice(0, 4), from: '23:00', to: '06:00', unitRatePerKwh: 0.12 },
      { days: ['friday', 'saturday', 'sunday'], from: '22:00', to: '08:00', unitRatePerKwh: 0.09 },
    ],
  },
  {
    id: 'standing-charge',
    supplier: 'Steady Supply',
    unitRatePerKwh: 0.2,
    timeZone: 'Europe/London',
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
