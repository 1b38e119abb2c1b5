import * as v from 'valibot';
import { LATEST_QUERY_TIME } from '../energy/types';

// `2024-03-31T01:30:00+01:00` or `…Z`: a local time with its offset, to the second.
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Epoch seconds of ISO 8601 text with an offset, or `null` when the text is not one (no offset,
 * a date that does not exist, fractions of a second).
 */
export function parseIsoWithOffset(text: string): number | null {
  const match = ISO_WITH_OFFSET.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '00', offset = 'Z'] = match;
  const utc = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  const date = new Date(utc);
  // Date.UTC rolls 31 February over into March: only dates that exist read back the same.
  if (
    date.getUTCFullYear() !== Number(year) ||
    date.getUTCMonth() + 1 !== Number(month) ||
    date.getUTCDate() !== Number(day) ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second) > 59
  ) {
    return null;
  }
  if (offset === 'Z') return utc / 1000;
  const sign = offset.startsWith('-') ? -1 : 1;
  const [offsetHours = 0, offsetMinutes = 0] = offset.slice(1).split(':').map(Number);
  if (offsetHours > 18 || offsetMinutes > 59) return null;
  return utc / 1000 - sign * (offsetHours * 3600 + offsetMinutes * 60);
}

const TIME_MESSAGE =
  'must be whole seconds since the Unix epoch, or ISO 8601 with an offset (2024-03-31T01:30:00+01:00)';

/**
 * A time in a request body: epoch seconds, or ISO 8601 text with an offset; read as epoch seconds,
 * from 0 to the end of 9999.
 */
export const TimeInputSchema = v.pipe(
  v.union([v.number(TIME_MESSAGE), v.string(TIME_MESSAGE)], TIME_MESSAGE),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const value = dataset.value;
    const seconds = typeof value === 'number' ? value : parseIsoWithOffset(value);
    if (seconds === null || !Number.isInteger(seconds)) {
      addIssue({ message: TIME_MESSAGE });
      return NEVER;
    }
    if (seconds < 0 || seconds > LATEST_QUERY_TIME) {
      addIssue({ message: 'must be from 1970-01-01 to 9999-12-31' });
      return NEVER;
    }
    return seconds;
  }),
);
