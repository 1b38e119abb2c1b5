import type { Reading } from '../energy/types';

/** How a page of readings is written. */
export type ReadingsFormat = 'json' | 'csv';

/** `2020-11-29T07:45:00Z`: ISO 8601 in UTC, to the second. */
function isoSeconds(time: number): string {
  return `${new Date(time * 1000).toISOString().slice(0, 19)}Z`;
}

/**
 * Readings as text to stream: JSON array elements joined by commas, or CSV lines
 * `time,epoch,reading`. A reading prints as JSON prints the stored number: exactly as stored.
 */
export function readingsText(readings: readonly Reading[], format: ReadingsFormat): string {
  if (format === 'json') {
    return readings.map(({ time, reading }) => `{"time":${time},"reading":${reading}}`).join(',');
  }
  return readings.map(({ time, reading }) => `${isoSeconds(time)},${time},${reading}\n`).join('');
}
