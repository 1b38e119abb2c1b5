import {
  FLEET_GROUP_SECONDS,
  type FleetGroupBy,
  type FleetInterval,
  fleetIntervals,
} from '../energy/fleet-intervals';
import type { FleetStore } from './fleet-store';

/**
 * A page covers at most a year and a day of time, so one page reads at most 17,568 half-hour
 * rows, whatever `pageSize` and `groupBy` ask for.
 */
export const MAX_PAGE_SECONDS = 366 * 86_400;

/** What a page of the fleet's usage is computed for. */
export interface FleetUsageQuery {
  readonly from: number;
  readonly to: number;
  readonly groupBy: FleetGroupBy;
  readonly pageSize: number;
}

/** A page of the fleet's usage, and where the next one starts (`null` after the last). */
export interface FleetUsagePage {
  readonly intervals: FleetInterval[];
  readonly next: number | null;
}

function intervalStart(time: number, length: number): number {
  return Math.floor(time / length) * length;
}

/** Whether a page may start at `at`: the window's start, or an interval's start inside it. */
export function isPageStart(query: FleetUsageQuery, at: number): boolean {
  const length = FLEET_GROUP_SECONDS[query.groupBy];
  return at === query.from || (at > query.from && at < query.to && at % length === 0);
}

/**
 * The page starting at `startAt`: up to `pageSize` intervals (and at most MAX_PAGE_SECONDS of
 * time) from there, or from the first interval where some meter has data when there is none at
 * `startAt`. Time without data is skipped, so a sparse window costs what its data holds, and
 * `next` is `null` once no data follows in the window. One round trip to D1 when the page starts
 * where data is (every page but a first one before any data), two otherwise.
 */
export async function fleetUsagePage(
  store: FleetStore,
  query: FleetUsageQuery,
  startAt: number,
): Promise<FleetUsagePage> {
  const length = FLEET_GROUP_SECONDS[query.groupBy];
  const intervalsPerPage = Math.min(query.pageSize, MAX_PAGE_SECONDS / length);
  const pageEnd = (from: number) =>
    Math.min(query.to, intervalStart(from, length) + intervalsPerPage * length);
  let from = startAt;
  let read = await store.usageBetween(from, pageEnd(from));
  if (read.rows.length === 0 && read.pieces.length === 0) {
    if (read.nextDataAt === null || read.nextDataAt >= query.to)
      return { intervals: [], next: null };
    from = Math.max(startAt, intervalStart(read.nextDataAt, length));
    read = await store.usageBetween(from, pageEnd(from));
  }
  const to = pageEnd(from);
  const intervals = fleetIntervals(read.rows, read.pieces, { from, to }, query.groupBy);
  const next =
    read.nextDataAt === null || read.nextDataAt >= query.to
      ? null
      : Math.max(to, intervalStart(read.nextDataAt, length));
  return { intervals, next };
}
