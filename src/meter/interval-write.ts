import type { EnergyInterval } from '../energy/curve';
import { type Channel, dayOf, type IntervalDaysTable } from './interval-days-table';
import type { ChangedSpan } from './reading-write';

/** Two intervals that overlap without covering the same span: a refusal names both. */
export interface IntervalOverlap {
  readonly overlap: readonly [EnergyInterval, EnergyInterval];
  /** Whether the second one is stored (else both are in the request). */
  readonly stored: boolean;
}

export function isIntervalOverlap(answer: unknown): answer is IntervalOverlap {
  return typeof answer === 'object' && answer !== null && 'overlap' in answer;
}

const sameSpan = (a: EnergyInterval, b: EnergyInterval) => a.start === b.start && a.end === b.end;

/**
 * The request's intervals by start, one per span (the last one given for a span wins), or the
 * first two that overlap with different spans.
 */
export function requestIntervals(
  intervals: readonly EnergyInterval[],
): EnergyInterval[] | IntervalOverlap {
  const bySpan = new Map<string, EnergyInterval>();
  for (const interval of intervals) bySpan.set(`${interval.start}|${interval.end}`, interval);
  const sorted = [...bySpan.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1] as EnergyInterval;
    const interval = sorted[i] as EnergyInterval;
    if (interval.start < previous.end) return { overlap: [previous, interval], stored: false };
  }
  return sorted;
}

/**
 * Stores a channel's intervals (sorted by start, not overlapping one another): an interval with
 * the span of a stored one replaces its kWh; one that overlaps a stored interval with another span
 * is refused, nothing stored. Returns where the curve changed: each interval's span.
 */
export function writeIntervals(
  table: IntervalDaysTable,
  channel: Channel,
  sorted: readonly EnergyInterval[],
  beforeWrite: (changed: ChangedSpan[]) => void = () => {},
): ChangedSpan[] | IntervalOverlap {
  // Intervals last a day at most: one starting the day before may reach into a new one.
  const days = new Set<number>();
  for (const { start, end } of sorted) {
    for (let day = dayOf(start) - 1; day <= dayOf(end - 1); day++) days.add(day);
  }
  const byDay = table.days(channel, [...days]);
  for (const interval of sorted) {
    for (let day = dayOf(interval.start) - 1; day <= dayOf(interval.end - 1); day++) {
      for (const stored of byDay.get(day) ?? []) {
        const overlaps = stored.start < interval.end && stored.end > interval.start;
        if (overlaps && !sameSpan(stored, interval))
          return { overlap: [interval, stored], stored: true };
      }
    }
  }
  const changedDays = new Map<number, EnergyInterval[]>();
  for (const interval of sorted) {
    const day = dayOf(interval.start);
    const list = changedDays.get(day) ?? (byDay.get(day) ?? []).slice();
    const at = list.findIndex((stored) => sameSpan(stored, interval));
    if (at >= 0) list[at] = interval;
    else list.push(interval);
    changedDays.set(day, list);
  }
  for (const list of changedDays.values()) list.sort((a, b) => a.start - b.start);
  const changed = sorted.map((interval): ChangedSpan => [interval.start, interval.end]);
  beforeWrite(changed);
  table.write(channel, changedDays);
  return changed;
}
