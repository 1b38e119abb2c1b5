import type { DayOfWeek } from './types';

/** The local calendar day that an instant falls in: its weekday and the instant the next local day begins. */
export interface LocalDay {
  readonly dayOfWeek: DayOfWeek;
  /** First epoch second after the instant whose local date differs. */
  readonly endTime: number;
}

interface WallClock {
  readonly dateKey: number;
  readonly dayOfWeek: DayOfWeek;
  /** The local date and time read as if it were UTC, in epoch seconds. */
  readonly wallSeconds: number;
}

const SECONDS_PER_DAY = 86_400;
// Larger than any daylight-saving shift, so a local midnight is always found within it.
const DST_SEARCH_MARGIN_SECONDS = 3 * 3600;

const formatterByTimeZone = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterByTimeZone.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'long',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatterByTimeZone.set(timeZone, formatter);
  }
  return formatter;
}

function wallClockAt(time: number, timeZone: string): WallClock {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(time * 1000)) {
    fields[part.type] = part.value;
  }
  const year = Number(fields.year);
  const month = Number(fields.month);
  const day = Number(fields.day);
  return {
    dateKey: year * 10_000 + month * 100 + day,
    dayOfWeek: (fields.weekday ?? '').toLowerCase() as DayOfWeek,
    wallSeconds:
      Date.UTC(year, month - 1, day, Number(fields.hour), Number(fields.minute)) / 1000 +
      Number(fields.second),
  };
}

/** The local day in `timeZone` (IANA name) that the epoch second `time` falls in. */
export function localDayAt(time: number, timeZone: string): LocalDay {
  const now = wallClockAt(time, timeZone);
  const secondsIntoDay = ((now.wallSeconds % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
  // Exact unless the UTC offset changes before midnight; checked, then searched for if it did.
  const guess = time + SECONDS_PER_DAY - secondsIntoDay;
  const isFirstInstantOfNextDay =
    wallClockAt(guess, timeZone).dateKey !== now.dateKey &&
    wallClockAt(guess - 1, timeZone).dateKey === now.dateKey;
  const endTime = isFirstInstantOfNextDay
    ? guess
    : firstInstantWithOtherDate(time, guess + DST_SEARCH_MARGIN_SECONDS, now.dateKey, timeZone);
  return { dayOfWeek: now.dayOfWeek, endTime };
}

/** Binary search for the first second in `(low, high]` whose local date is not `dateKey`. */
function firstInstantWithOtherDate(
  low: number,
  high: number,
  dateKey: number,
  timeZone: string,
): number {
  let inside = low;
  let outside = high;
  while (outside - inside > 1) {
    const middle = Math.floor((inside + outside) / 2);
    if (wallClockAt(middle, timeZone).dateKey === dateKey) inside = middle;
    else outside = middle;
  }
  return outside;
}
