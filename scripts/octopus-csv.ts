/**
 * Half-hourly intervals written as a British supplier's consumption download (Octopus Energy's
 * shape): a header `Consumption (kWh), Start, End`, a space after each comma, kWh to the Wh, and
 * local times with their UTC offset, so that a clock change shows as +00:00 turning into +01:00.
 */

/** An interval to write: epoch seconds and its kWh. */
export interface CsvInterval {
  readonly start: number;
  readonly end: number;
  readonly kwh: number;
}

export const OCTOPUS_CSV_HEADER = 'Consumption (kWh), Start, End';

// One formatter per zone: building one costs far more than formatting with it.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** `2026-03-29T02:00:00+01:00`: the local wall time in `timeZone` and its offset from UTC. */
export function isoWithOffset(epochSeconds: number, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const { type, value } of formatterFor(timeZone).formatToParts(epochSeconds * 1000)) {
    parts[type] = value;
  }
  // Intl names the offset "GMT+01:00", or plain "GMT" when it is zero.
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** The intervals as a consumption download, one line each, in the order given. */
export function octopusCsv(intervals: readonly CsvInterval[], timeZone: string): string {
  const lines = intervals.map(
    ({ start, end, kwh }) =>
      `${kwh.toFixed(3)}, ${isoWithOffset(start, timeZone)}, ${isoWithOffset(end, timeZone)}`,
  );
  return `${OCTOPUS_CSV_HEADER}\n${lines.join('\n')}\n`;
}
