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
 * time) from the first one where some meter has data. Time without data is skipped, so a sparse
 * window costs what its data holds, and `next` is `null` once no data follows in the window.
 */
export async function fleetUsagePage(
  store: FleetStore,
  query: FleetUsageQuery,
  startAt: number,
): Promise<FleetUsagePage> {
  const length = FLEET_GROUP_SECONDS[query.groupBy];
  const firstData = await store.firstDataAt(startAt);
  if (firstData === null || firstData >= query.to) return { intervals: [], next: null };
  const from = Math.max(startAt, intervalStart(firstData, length));
  const intervalsPerPage = Math.min(query.pageSize, MAX_PAGE_SECONDS / length);
  const to = Math.min(query.to, intervalStart(from, length) + intervalsPerPage * length);
  const { rows, pieces, nextDataAt } = await store.usageBetween(from, to);
  const intervals = fleetIntervals(rows, pieces, { from, to }, query.groupBy);
  const next =
    nextDataAt === null || nextDataAt >= query.to
      ? null
      : Math.max(to, intervalStart(nextDataAt, length));
  return { intervals, next };
}
