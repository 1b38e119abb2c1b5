/**
 * The demo's households on realistic plans: who they are, which plan they are on, how their meter
 * sends its data, and a year of it. Their use is the simulation's household model (seeded), a
 * quarter higher in midwinter and lower in midsummer; one has solar panels.
 */
import { AGILE, type DemoPlan, NIGHT_OWL, SOLAR_EXPORT, STANDARD_VARIABLE } from './demo-plans.ts';
import { householdProfile, powerKw } from './household-power.ts';
import type { MeteredHousehold } from './metered-energy.ts';
import { solarArray } from './solar-power.ts';

/** How a household's meter sends its data. */
export type DemoSource =
  /** Power readings every 15 minutes, as the trial meters send them. */
  | 'readings'
  /** Half-hourly import kWh as JSON, as a meter's head-end sends them. */
  | 'intervals'
  /** The customer's own consumption download from their supplier, import and export, as CSV. */
  | 'octopus-csv';

/** One household of the demo. */
export interface DemoHousehold extends MeteredHousehold {
  readonly smartMeterId: string;
  readonly customer: string;
  /** Who they are, in a few words, for the dev banner. */
  readonly story: string;
  readonly plan: DemoPlan;
  readonly source: DemoSource;
}

const DEMO_SEED = 2026;
const SECONDS_PER_DAY = 86_400;
const HALF_HOUR_SECONDS = 1800;
const YEAR_DAYS = 365.25;
const MID_JANUARY_DAY = 14;

/**
 * The use of meter `meterIndex` of the seeded model, scaled to a British household's yearly kWh
 * (the model's households use about twice as much), and through the year: lights and heating
 * pumps on longer in winter, ±25% around the mean.
 */
function seasonalUse(meterIndex: number, scale: number): (timeEpochSeconds: number) => number {
  const profile = householdProfile(DEMO_SEED, meterIndex);
  return (timeEpochSeconds) => {
    const day = timeEpochSeconds / SECONDS_PER_DAY;
    const season = 1 + 0.25 * Math.cos((2 * Math.PI * (day - MID_JANUARY_DAY)) / YEAR_DAYS);
    return Math.round(powerKw(profile, timeEpochSeconds) * scale * season * 1000) / 1000;
  };
}

// Meter indices of the seeded model picked for their habits: 3 charges an electric car at night,
// 1 is a large family, 5 is home in the daytime (it uses much of what its panels make).
export const DEMO_HOUSEHOLDS: readonly DemoHousehold[] = [
  {
    smartMeterId: 'demo-flat-rate',
    customer: 'Olivia',
    story: 'a family home, power readings every 15 minutes',
    plan: STANDARD_VARIABLE,
    source: 'readings',
    useKw: seasonalUse(2, 0.5),
    solar: null,
  },
  {
    smartMeterId: 'demo-ev-night',
    customer: 'Marcus',
    story: 'charges an electric car overnight, half-hourly kWh',
    plan: NIGHT_OWL,
    source: 'intervals',
    useKw: seasonalUse(3, 0.6),
    solar: null,
  },
  {
    smartMeterId: 'demo-agile',
    customer: 'Hannah',
    story: 'a large household on dynamic rates, half-hourly kWh',
    plan: AGILE,
    source: 'intervals',
    useKw: seasonalUse(1, 0.65),
    solar: null,
  },
  {
    smartMeterId: 'demo-solar',
    customer: 'Sam',
    story: 'rooftop solar, import and export from a supplier’s CSV download',
    plan: SOLAR_EXPORT,
    source: 'octopus-csv',
    useKw: seasonalUse(5, 0.9),
    solar: solarArray(DEMO_SEED, 5),
  },
];

/** The demo's year: the 365 days up to the last whole half hour before now. */
export function demoYear(nowEpochSeconds: number): { from: number; to: number } {
  const to = Math.floor(nowEpochSeconds / HALF_HOUR_SECONDS) * HALF_HOUR_SECONDS;
  return { from: to - 365 * SECONDS_PER_DAY, to };
}
