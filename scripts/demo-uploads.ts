/**
 * The requests that carry a demo household's year to the API, each within its endpoint's limits:
 * readings 10,000 a request, intervals as one JSON or CSV upload per channel (a year of half hours
 * is 17,520 intervals, under the 20,000 and 4 MiB limits).
 */
import type { DemoHousehold } from './demo-households.ts';
import { halfHourIntervals, importReadings } from './metered-energy.ts';
import { octopusCsv } from './octopus-csv.ts';

/** One request of an upload: its path, content type and body. */
export interface DemoUpload {
  readonly path: string;
  readonly contentType: 'application/json' | 'text/csv';
  readonly body: string;
}

const READING_SECONDS = 900;
const MAX_READINGS_PER_REQUEST = 10_000;
const HALF_HOUR_SECONDS = 1800;
// Half-hour energy from net power sampled every 5 minutes: short appliance runs still show.
const SAMPLE_SECONDS = 300;

function readingsUploads(household: DemoHousehold, from: number, to: number): DemoUpload[] {
  const count = (to - from) / READING_SECONDS + 1;
  const readings = importReadings(household, from, READING_SECONDS, count);
  const uploads: DemoUpload[] = [];
  for (let first = 0; first < readings.length; first += MAX_READINGS_PER_REQUEST) {
    uploads.push({
      path: '/readings/store',
      contentType: 'application/json',
      body: JSON.stringify({
        smartMeterId: household.smartMeterId,
        electricityReadings: readings.slice(first, first + MAX_READINGS_PER_REQUEST),
      }),
    });
  }
  return uploads;
}

/** Every request of the household's data over `[from, to)` (both on half hours), in order. */
export function demoUploads(household: DemoHousehold, from: number, to: number): DemoUpload[] {
  if (household.source === 'readings') return readingsUploads(household, from, to);
  const path = `/meters/${household.smartMeterId}/intervals`;
  const halfHours = (to - from) / HALF_HOUR_SECONDS;
  const { importIntervals, exportIntervals } = halfHourIntervals(
    household,
    from,
    halfHours,
    SAMPLE_SECONDS,
  );
  if (household.source === 'intervals') {
    return [
      {
        path,
        contentType: 'application/json',
        body: JSON.stringify({ channel: 'import', intervals: importIntervals }),
      },
    ];
  }
  const timeZone = household.plan.plan.versions[0]?.timeZone ?? 'UTC';
  return [
    {
      path: `${path}?channel=import`,
      contentType: 'text/csv',
      body: octopusCsv(importIntervals, timeZone),
    },
    {
      path: `${path}?channel=export`,
      contentType: 'text/csv',
      body: octopusCsv(exportIntervals, timeZone),
    },
  ];
}
