/** The meters the bench sends to, and the histories it loads into them. */

export const INGEST_READINGS = 1_000_000;
export const LARGEST_HISTORY_METER_ID = 'smart-meter-2';
/** Only smart-meter-0..4 have accounts (trial plans), which compare-all needs. */
export const HISTORIES = [
  { smartMeterId: 'smart-meter-0', readingCount: 1_000 },
  { smartMeterId: 'smart-meter-1', readingCount: 100_000 },
  { smartMeterId: LARGEST_HISTORY_METER_ID, readingCount: INGEST_READINGS },
] as const;
/** The first ingest run fills the 1M history; two more meters give the median of three. */
export const INGEST_METER_IDS = [LARGEST_HISTORY_METER_ID, 'bench-ingest-2', 'bench-ingest-3'];
/** A 1,000,000-reading meter that the backfill scenario may write to (no later row reads it). */
export const BACKFILL_METER_ID = 'bench-ingest-3';
export const INGEST_WARM_UP_METER_ID = 'bench-ingest-warm-up';
export const NOOP_METER_ID = 'bench-noop';
/** Meters the store-5 scenario spreads its requests over (objects are single-threaded). */
export const STORE_METER_IDS = Array.from({ length: 10 }, (_, i) => `bench-store-${i}`);
export const SINGLE_STORE_METER_ID = 'bench-store-single';
export const FLEET_METER_IDS = Array.from({ length: 1_000 }, (_, i) => `bench-fleet-${i}`);

/** Trial meters (accounts on trial plans) the cost of a meter-year is measured on. */
export const COST_METER_IDS = ['smart-meter-3', 'smart-meter-4'];

/** Every meter a scenario sends to, so their tokens can be derived before the clock starts. */
export const BENCH_METER_IDS = [
  ...HISTORIES.map((history) => history.smartMeterId),
  ...INGEST_METER_IDS,
  ...STORE_METER_IDS,
  SINGLE_STORE_METER_ID,
  INGEST_WARM_UP_METER_ID,
  ...FLEET_METER_IDS,
  ...COST_METER_IDS,
];
