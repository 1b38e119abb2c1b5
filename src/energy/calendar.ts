import {
  dateOfEpochDay,
  epochDayOf,
  type LocalDate,
  localDateAt,
  nextOffsetChange,
  startOfLocalEpochDay,
  utcOffsetAt,
  weekdayOfEpochDay,
} from './time-zone';

/** How usage is grouped over time. Weeks start on Monday; months are calendar months. */
export const GROUP_BY = ['quarter_hour', 'half_hour', 'hour', 'day', 'week', 'month'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

const SUB_DAY_SECONDS: Partial<Record<GroupBy, number>> = {
  quarter_hour: 900,
  half_hour: 1800,
  hour: 3600,
};
const SECONDS_PER_DAY = 86_400;
/** Offsets stay within ±18 hours: a change this far back cannot cut a sub-day interval. */
const LONGEST_SUB_DAY_LOOKBACK = 2 * SECONDS_PER_DAY;

/** An interval of time `[start, end)` in epoch seconds. */
export type Interval = readonly [start: number, end: number];

/** The last offset change at or before `time`, looking back no further than `since`. */
function lastOffsetChange(timeZone: string, time: number, since: number): number | null {
  let last: number | null = null;
  for (let change = nextOffsetChange(timeZone, since, time + 1); change !== null; ) {
    last = change;
    change = nextOffsetChange(timeZone, change, time + 1);
  }
  return last;
}

/**
 * A sub-day interval follows the local clock (a local quarter hour, half hour or hour) and is cut
 * where the offset changes, so the hour repeated when clocks go back appears twice.
 */
function subDayInterval(timeZone: string, seconds: number, time: number): Interval {
  const offset = utcOffsetAt(timeZone, time);
  const wallStart = Math.floor((time + offset) / seconds) * seconds;
  const clockStart = wallStart - offset;
  const clockEnd = wallStart + seconds - offset;
  const changedAt = lastOffsetChange(timeZone, time, time - LONGEST_SUB_DAY_LOOKBACK);
  const start = changedAt !== null && changedAt > clockStart ? changedAt : clockStart;
  const end = nextOffsetChange(timeZone, time, clockEnd) ?? clockEnd;
  return [start, end];
}

function localDaysInterval(timeZone: string, firstDay: number, endDay: number): Interval {
  return [startOfLocalEpochDay(timeZone, firstDay), startOfLocalEpochDay(timeZone, endDay)];
}

/**
 * The calendar interval of `groupBy` in `timeZone` that holds `time`: days are local dates (23 or
 * 25 hours long on daylight-saving days), weeks run Monday to Sunday, months are calendar months.
 */
export function intervalAround(timeZone: string, groupBy: GroupBy, time: number): Interval {
  const subDaySeconds = SUB_DAY_SECONDS[groupBy];
  if (subDaySeconds !== undefined) return subDayInterval(timeZone, subDaySeconds, time);
  const date = localDateAt(timeZone, time);
  const day = epochDayOf(date);
  if (groupBy === 'day') return localDaysInterval(timeZone, day, day + 1);
  if (groupBy === 'week') {
    const monday = day - weekdayOfEpochDay(day);
    return localDaysInterval(timeZone, monday, monday + 7);
  }
  const monthStart = epochDayOf({ year: date.year, month: date.month, day: 1 });
  const nextMonthStart =
    date.month === 12
      ? epochDayOf({ year: date.year + 1, month: 1, day: 1 })
      : epochDayOf({ year: date.year, month: date.month + 1, day: 1 });
  return localDaysInterval(timeZone, monthStart, nextMonthStart);
}

/** Up to `limit` consecutive intervals from `start`, and where the next one would begin. */
export interface IntervalPage {
  readonly intervals: Interval[];
  /** The start of the interval after the page, or `null` when the page reaches `curveEnd`. */
  readonly next: number | null;
}

/**
 * Consecutive calendar intervals from `start` (an interval start, or a window edge that cuts one),
 * each ending at its calendar end or at `windowEnd`, for as long as they start before `curveEnd`
 * (the last instant with usage), at most `limit` of them.
 */
export function intervalsFrom(
  timeZone: string,
  groupBy: GroupBy,
  start: number,
  windowEnd: number,
  curveEnd: number,
  limit: number,
): IntervalPage {
  const intervals: Interval[] = [];
  let at = start;
  while (at < curveEnd && intervals.length < limit) {
    const end = Math.min(windowEnd, intervalAround(timeZone, groupBy, at)[1]);
    intervals.push([at, end]);
    at = end;
  }
  return { intervals, next: at < curveEnd ? at : null };
}

/** The periods a customer looks at: a day (by half hour), a week or a month (by day). */
export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

/** A local period of a zone: its first local date, its span of time, and its neighbours. */
export interface LocalPeriod {
  readonly kind: Period;
  /** The date to ask for it by: its first date (1970-01-01 for the week that starts in 1969). */
  readonly date: LocalDate;
  readonly start: number;
  readonly end: number;
  /** A date of the previous period, `null` before the dates a period can be asked for. */
  readonly previous: LocalDate | null;
  /** A date of the next period, `null` after the dates a period can be asked for. */
  readonly next: LocalDate | null;
}

// The dates a period can be asked for: from the Unix epoch to the last day ISO 8601's years reach.
const FIRST_PERIOD_DAY = epochDayOf({ year: 1970, month: 1, day: 1 });
const LAST_PERIOD_DAY = epochDayOf({ year: 9999, month: 12, day: 31 });

/** Whether a period can be asked for by this date (1970-01-01 to 9999-12-31). */
export function isPeriodDate(date: LocalDate): boolean {
  const day = epochDayOf(date);
  return day >= FIRST_PERIOD_DAY && day <= LAST_PERIOD_DAY;
}

function periodDateOrNull(date: LocalDate): LocalDate | null {
  return isPeriodDate(date) ? date : null;
}

function addMonths({ year, month }: LocalDate, months: number): LocalDate {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 };
}

/** The day, week (from Monday) or month of a zone that holds the local date. */
export function periodOf(timeZone: string, kind: Period, date: LocalDate): LocalPeriod {
  const day = epochDayOf(date);
  const [firstDay, endDay, step] =
    kind === 'day'
      ? [day, day + 1, 1]
      : kind === 'week'
        ? [day - weekdayOfEpochDay(day), day - weekdayOfEpochDay(day) + 7, 7]
        : [
            epochDayOf({ ...date, day: 1 }),
            epochDayOf(addMonths(date, 1)),
            0, // months step by calendar month, below
          ];
  const [start, end] = localDaysInterval(timeZone, firstDay, endDay);
  const first = dateOfEpochDay(firstDay);
  return {
    kind,
    date: periodDateOrNull(first) ?? dateOfEpochDay(FIRST_PERIOD_DAY),
    start,
    end,
    previous: periodDateOrNull(
      kind === 'month' ? addMonths(first, -1) : dateOfEpochDay(firstDay - step),
    ),
    next: periodDateOrNull(
      kind === 'month' ? addMonths(first, 1) : dateOfEpochDay(firstDay + step),
    ),
  };
}

/**
 * The period to show first: the latest one that has ended by the last reading and holds usage,
 * else the one the last reading falls in.
 */
export function latestFullPeriod(
  timeZone: string,
  kind: Period,
  span: { readonly first: number; readonly last: number },
): LocalPeriod {
  const current = periodOf(
    timeZone,
    kind,
    localDateAt(timeZone, Math.max(span.first, span.last - 1)),
  );
  if (current.end <= span.last || current.previous === null) return current;
  const previous = periodOf(timeZone, kind, current.previous);
  return previous.end > span.first && previous.end <= span.last ? previous : current;
}
