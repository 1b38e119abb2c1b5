import type { Reading } from '../energy/types';
import { hourOf, type ReadingHoursTable } from './reading-hours-table';

/** A closed span of time `[from, to]` whose curve a write changed. */
export type ChangedSpan = readonly [from: number, to: number];

/** Merges sorted, overlapping or touching spans into disjoint ones. */
export function mergeSpans(spans: readonly ChangedSpan[]): ChangedSpan[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

function groupByHour(sorted: readonly Reading[]): Map<number, Reading[]> {
  const byHour = new Map<number, Reading[]>();
  for (const reading of sorted) {
    const hour = hourOf(reading.time);
    const list = byHour.get(hour);
    if (list) list.push(reading);
    else byHour.set(hour, [reading]);
  }
  return byHour;
}

/** Stored readings of an hour with the new ones over them (a new reading replaces one at its time). */
function mergeHour(stored: readonly Reading[], added: readonly Reading[]): Reading[] {
  const byTime = new Map<number, number>();
  for (const { time, reading } of stored) byTime.set(time, reading);
  for (const { time, reading } of added) byTime.set(time, reading);
  return Array.from(byTime, ([time, reading]) => ({ time, reading })).sort(
    (a, b) => a.time - b.time,
  );
}

/**
 * Stores readings (sorted by time, one per time) into their hours, and tells where the curve
 * changed: around each new reading, from the reading before it to the reading after it. The work
 * follows the batch: only the hours it touches are read and written, plus, for each run of them
 * with no other stored hour between, the stored reading just before and just after.
 */
export function writeReadings(
  table: ReadingHoursTable,
  sorted: readonly Reading[],
  beforeWrite: (changed: ChangedSpan[]) => void = () => {},
): ChangedSpan[] {
  const added = groupByHour(sorted);
  const hours = [...added.keys()].sort((a, b) => a - b);
  const stored = table.hours(hours);
  const merged = new Map<number, Reading[]>();
  for (const hour of hours)
    merged.set(hour, mergeHour(stored.get(hour) ?? [], added.get(hour) ?? []));
  // Touched hours with no stored hour between them form one stretch of the curve.
  const separated = table.holdsHoursBetween(
    hours.slice(1).map((hour, i) => [hours[i] as number, hour]),
  );
  const newTimes = new Set(sorted.map((reading) => reading.time));
  const spans: ChangedSpan[] = [];
  let clusterStart = 0;
  hours.forEach((_, index) => {
    const isLast = index === hours.length - 1 || separated[index] === true;
    if (!isLast) return;
    const clusterHours = hours.slice(clusterStart, index + 1);
    const readings = clusterHours.flatMap((hour) => merged.get(hour) ?? []);
    const before = table.lastBefore(clusterHours[0] as number);
    const after = table.firstAfter(clusterHours.at(-1) as number);
    readings.forEach((reading, i) => {
      if (!newTimes.has(reading.time)) return;
      const previous = readings[i - 1]?.time ?? before?.time ?? reading.time;
      const next = readings[i + 1]?.time ?? after?.time ?? reading.time;
      spans.push([previous, next]);
    });
    clusterStart = index + 1;
  });
  const changed = mergeSpans(spans);
  beforeWrite(changed);
  table.write(merged);
  return changed;
}

/** Stores readings (sorted by time, one per time) into their hours, a time stored taking the new reading. */
export function mergeIntoHours(table: ReadingHoursTable, sorted: readonly Reading[]): void {
  const added = groupByHour(sorted);
  const stored = table.hours([...added.keys()]);
  const merged = new Map<number, Reading[]>();
  for (const [hour, readings] of added)
    merged.set(hour, mergeHour(stored.get(hour) ?? [], readings));
  table.write(merged);
}
