import type { FleetInterval } from '../energy/fleet-intervals';
import { isoUtc } from './iso-utc';

export const FLEET_USAGE_CSV_HEADER = 'start,end,importKwh,exportKwh,meters\n';

/** The fleet's intervals as CSV lines, times in ISO 8601 UTC. */
export function fleetUsageCsvLines(intervals: readonly FleetInterval[]): string {
  return intervals
    .map(
      ({ start, end, importKwh, exportKwh, meters }) =>
        `${isoUtc(start)},${isoUtc(end)},${importKwh},${exportKwh},${meters}\n`,
    )
    .join('');
}
