import { type GroupBy, isPeriodDate, periodOf } from './calendar';
import type { Window } from './prices';
import {
  type LocalDate,
  localDateAt,
  startOfLocalDate,
  utcOffsetAt,
  wallSecondsAt,
} from './time-zone';

/** The periods a customer's page shows: a day by half hour, a week or a month by day, a year by month. */
export const DASHBOARD_PERIODS = ['day', 'week', 'month', 'year'] as const;
export type DashboardPeriodKind = (typeof DASHBOARD_PERIODS)[number];

/** The slots a period's chart is drawn in. */
export const SLOT_OF_PERIOD: Readonly<Record<DashboardPeriodKind, GroupBy>> = {
  day: 'half_hour',
  week: 'day',
  month: 'day',
  year: 'month',
};

/** A local period of a zone: its first local date, its span of time, and the dates of its neighbours. */
export interface DashboardPeriod {
  readonly kind: DashboardPeriodKind;
  /** The date to ask for it by: its first date (1970-01-01 for the week that starts in 1969). */
  readonly date: LocalDate;
  readonly start: number;
  readonly end: number;
  /** A date of the previous period, `null` before the dates a period can be asked for. */
  readonly previous: LocalDate | null;
  /** A date of the next period, `null` after the dates a period can be asked for. */
  readonly next: LocalDate | null;
}

function yearOf(timeZone: string, year: number): DashboardPeriod {
  const first = { year, month: 1, day: 1 };
  const previous = { year: year - 1, month: 1, day: 1 };
  const next = { year: year + 1, month: 1, day: 1 };
  return {
    kind: 'year',
    date: first,
    start: startOfLocalDate(timeZone, first),
    end: startOfLocalDate(timeZone, next),
    previous: isPeriodDate(previous) ? previous : null,
    next: isPeriodDate(next) ? next : null,
  };
}

/** The day, week (from Monday), month or year of a zone that holds the local date. */
export function dashboardPeriodOf(
  timeZone: string,
  kind: DashboardPeriodKind,
  date: LocalDate,
): DashboardPeriod {
  return kind === 'year' ? yearOf(timeZone, date.year) : periodOf(timeZone, kind, date);
}

/**
 * The period that holds the latest data: the one its last instant falls in (data that ends at
 * midnight ends the day before, which it completes).
 */
export function latestPeriod(
  timeZone: string,
  kind: DashboardPeriodKind,
  span: { readonly first: number; readonly last: number },
): DashboardPeriod {
  const time = Math.max(span.first, span.last - 1);
  return dashboardPeriodOf(timeZone, kind, localDateAt(timeZone, time));
}

/** The instant the zone's clocks show a wall time (seconds of the local timeline); in a skipped hour, just after it. */
function instantOfWall(timeZone: string, wall: number): number {
  const guess = wall - utcOffsetAt(timeZone, wall);
  return wall - utcOffsetAt(timeZone, guess);
}

/**
 * The stretch of the previous period to compare the period's data with: the whole previous period
 * when the data covers this one to its end, else as far into it by the local clock as the data
 * reaches into this one ("so far": the 28th to 14:30 against the 27th to 14:30). `null` when the
 * data does not cover the period from its start, or the previous period from its start: there is
 * nothing like for like.
 */
export function comparableWindow(
  timeZone: string,
  period: DashboardPeriod,
  window: Window,
  span: { readonly first: number; readonly last: number },
): Window | null {
  if (period.previous === null || window[0] !== period.start) return null;
  const previous = dashboardPeriodOf(timeZone, period.kind, period.previous);
  if (span.first > previous.start) return null;
  const wallElapsed = wallSecondsAt(timeZone, window[1]) - wallSecondsAt(timeZone, period.start);
  const to =
    window[1] >= period.end
      ? previous.end
      : Math.min(
          previous.end,
          instantOfWall(timeZone, wallSecondsAt(timeZone, previous.start) + wallElapsed),
        );
  return to > previous.start ? [previous.start, to] : null;
}

/** The local day of the zone that holds `time`. */
export function dayHolding(timeZone: string, time: number): Window {
  const day = dashboardPeriodOf(timeZone, 'day', localDateAt(timeZone, time));
  return [day.start, day.end];
}
