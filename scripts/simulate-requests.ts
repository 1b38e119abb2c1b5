/**
 * The requests that carry one batch of a simulated meter to the API: its import as power readings
 * or as half-hourly intervals, and a solar household's export as half-hourly intervals.
 */
import { type HouseholdProfile, householdProfile, powerKw } from './household-power.ts';
import { halfHourIntervals, importReadings, type MeteredHousehold } from './metered-energy.ts';
import type { SimulationOptions } from './simulate-options.ts';
import {
  type Batch,
  batchHalfHours,
  batchStartEpochSeconds,
  type ReadingSchedule,
} from './simulate-schedule.ts';
import { hasSolarPanels, solarArray } from './solar-power.ts';

/** One simulated household: its meter, its habits, its panels if it has any. */
export interface SimulatedHousehold extends MeteredHousehold {
  readonly smartMeterId: string;
  readonly profile: HouseholdProfile;
}

/** What a request stores: readings, import intervals or export intervals. */
export type StoreKind = 'readings' | 'import' | 'export';

/** One POST of a batch, with what it carries. */
export interface StoreRequest {
  readonly kind: StoreKind;
  readonly url: URL;
  readonly body: string;
  /** Readings or intervals in the body. */
  readonly count: number;
  /** Energy the body carries, kWh (export requests only; 0 for the others). */
  readonly exportKwh: number;
  /** The latest instant of its data: the last reading's time, or the last interval's end. */
  readonly latestDataTime: number;
}

/** The households of a simulation, by meter index. */
export function simulatedHouseholds(options: SimulationOptions): SimulatedHousehold[] {
  return Array.from({ length: options.meters }, (_, meterIndex) => {
    const profile = householdProfile(options.seed, meterIndex);
    return {
      smartMeterId: `${options.prefix}-${meterIndex}`,
      profile,
      useKw: (time: number) => powerKw(profile, time),
      solar: hasSolarPanels(meterIndex, options.solarShare)
        ? solarArray(options.seed, meterIndex)
        : null,
    };
  });
}

/** A path under the API's base URL, keeping any path prefix of --url (an API behind /energy/). */
function apiUrl(baseUrl: URL, path: string): URL {
  return new URL(path, baseUrl.href.replace(/\/?$/, '/'));
}

function intervalsRequest(
  baseUrl: URL,
  household: SimulatedHousehold,
  kind: 'import' | 'export',
  intervals: readonly { start: number; end: number; kwh: number }[],
): StoreRequest {
  return {
    kind,
    url: apiUrl(baseUrl, `meters/${encodeURIComponent(household.smartMeterId)}/intervals`),
    body: JSON.stringify({ channel: kind, intervals }),
    count: intervals.length,
    exportKwh: kind === 'export' ? intervals.reduce((sum, { kwh }) => sum + kwh, 0) : 0,
    latestDataTime: intervals.at(-1)?.end ?? 0,
  };
}

/** The requests of one batch, import first: none for a batch that holds no whole half hour. */
export function batchRequests(
  options: SimulationOptions,
  schedule: ReadingSchedule,
  household: SimulatedHousehold,
  batch: Batch,
): StoreRequest[] {
  const requests: StoreRequest[] = [];
  if (options.source === 'readings') {
    const electricityReadings = importReadings(
      household,
      batchStartEpochSeconds(schedule, batch),
      options.intervalSeconds,
      batch.count,
    );
    requests.push({
      kind: 'readings',
      url: apiUrl(options.baseUrl, 'readings/store'),
      body: JSON.stringify({ smartMeterId: household.smartMeterId, electricityReadings }),
      count: batch.count,
      exportKwh: 0,
      latestDataTime: electricityReadings.at(-1)?.time ?? 0,
    });
  }
  if (options.source === 'readings' && household.solar === null) return requests;
  const halfHours = batchHalfHours(schedule, batch);
  if (halfHours.count === 0) return requests;
  const { importIntervals, exportIntervals } = halfHourIntervals(
    household,
    halfHours.firstStartEpochSeconds,
    halfHours.count,
    options.intervalSeconds,
  );
  if (options.source === 'intervals') {
    requests.push(intervalsRequest(options.baseUrl, household, 'import', importIntervals));
  }
  if (household.solar !== null) {
    requests.push(intervalsRequest(options.baseUrl, household, 'export', exportIntervals));
  }
  return requests;
}
