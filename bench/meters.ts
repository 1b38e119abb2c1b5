/** The meters the bench sends to, and the histories it loads into them. */

export const INGEST_READINGS = 1_000_000;
export const LARGEST_HISTORY_METER_ID = 'smart-meter-2';
/** Minute readings from 2024-01-01 of the index at 2025-03-01T00:00:00Z. */
const MARCH_2025_INDEX = (Date.parse('2025-03-01T00:00:00Z') / 1000 - 1_704_067_200) / 60;
/**
 * Only smart-meter-0..4 have accounts (trial plans), which compare-all needs. A history is every
 * `everyMinutes`th reading of the minute series (one a minute from 2024-01-01) from reading
 * `firstIndex`. The 1,000-reading one is a reading every 45 minutes through March 2025 (31 days
 * and 6 hours), so the month of usage the bench asks for has data on every day at both sizes, as
 * at 1,000,000: the two sides of "the same at 1,000 readings" do the same work but for the history.
 */
export const HISTORIES = [
  {
    smartMeterId: 'smart-meter-0',
    readingCount: 1_000,
    firstIndex: MARCH_2025_INDEX,
    everyMinutes: 45,
  },
  { smartMeterId: 'smart-meter-1', readingCount: 100_000, firstIndex: 0, everyMinutes: 1 },
  {
    smartMeterId: LARGEST_HISTORY_METER_ID,
    readingCount: INGEST_READINGS,
    firstIndex: 0,
    everyMinutes: 1,
  },
] as const;
export const SMALLEST_HISTORY_METER_ID = HISTORIES[0].smartMeterId;
/** The first ingest run fills the 1M history; two more meters give the median of three. */
export const INGEST_METER_IDS = [LARGEST_HISTORY_METER_ID, 'bench-ingest-2', 'bench-ingest-3'];
/** A 1,000,000-reading meter that the backfill scenario may write to (no later row reads it). */
export const BACKFILL_METER_ID = 'bench-ingest-3';
export const INGEST_WARM_UP_METER_ID = 'bench-ingest-warm-up';
export const NOOP_METER_ID = 'bench-noop';
/** Meters the store-5 scenario spreads its requests over (objects are single-threaded). */
export const STORE_METER_IDS = Array.from({ length: 10 }, (_, i) => `bench-store-${i}`);
export const SINGLE_STORE_METER_ID = 'bench-store-single';
/** Fresh meters for the interleaved store targets: one alone, and ten to spread over. */
export const INTERLEAVED_STORE_METER_ID = 'bench-store-interleaved';
export const INTERLEAVED_SPREAD_METER_IDS = Array.from(
  { length: 10 },
  (_, i) => `bench-store-interleaved-${i}`,
);
export const FLEET_METER_IDS = Array.from({ length: 1_000 }, (_, i) => `bench-fleet-${i}`);
/** A year of minute readings, repriced once when a year of rates is published over it. */
export const YEAR_METER_ID = 'bench-year';
/** A solar household: a year of half-hourly import and export intervals, on the dynamic plan. */
export const SOLAR_METER_ID = 'bench-solar';
/** Meters a year of half-hourly intervals is uploaded to, one upload each. */
export const INTERVAL_METER_IDS = Array.from({ length: 1_000 }, (_, i) => `bench-intervals-${i}`);

/** Trial meters (accounts on trial plans) the cost of a meter-year is measured on. */
export const COST_METER_IDS = ['smart-meter-3', 'smart-meter-4'];
/** Households whose held-back data is flushed together: the fleet's D1 work per message at scale. */
export const COST_FLEET_METER_IDS = {
  readings: Array.from({ length: 100 }, (_, i) => `bench-cost-fleet-${i}`),
  intervals: Array.from({ length: 100 }, (_, i) => `bench-cost-fleet-intervals-${i}`),
};
/** The trial meters, whose accounts the catalogue must keep. */
export const TRIAL_METER_IDS = Array.from({ length: 5 }, (_, i) => `smart-meter-${i}`);

/** Every meter a scenario sends to, so their tokens can be derived before the clock starts. */
export const BENCH_METER_IDS = [
  ...HISTORIES.map((history) => history.smartMeterId),
  ...INGEST_METER_IDS,
  ...STORE_METER_IDS,
  SINGLE_STORE_METER_ID,
  INTERLEAVED_STORE_METER_ID,
  ...INTERLEAVED_SPREAD_METER_IDS,
  INGEST_WARM_UP_METER_ID,
  ...FLEET_METER_IDS,
  YEAR_METER_ID,
  SOLAR_METER_ID,
  ...INTERVAL_METER_IDS,
  ...COST_METER_IDS,
  ...COST_FLEET_METER_IDS.readings,
  ...COST_FLEET_METER_IDS.intervals,
];
