import { SECONDS_PER_DAY } from './curve';
import { type PricePlan, versionIndexAt, versionSpans } from './plan-versions';
import type { DynamicRate, DynamicRates } from './rate-pieces';
import { nextOffsetChange, utcOffsetAt, weekdayOfEpochDay } from './time-zone';

const QUARTER_HOUR = 900;

/** Whether a published rate of the list overlaps `[from, to)` (binary search). */
function publishedWithin(rates: readonly DynamicRate[], from: number, to: number): boolean {
  let low = 0;
  let high = rates.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((rates[middle] as DynamicRate).end <= from) low = middle + 1;
    else high = middle;
  }
  const rate = rates[low];
  return rate !== undefined && rate.start < to;
}

/**
 * What a UTC day's rates on a plan depend on, when that is little: a day whose neighbourhood (the
 * day before to the day after, as far as its local days reach) has one version, one zone offset on
 * a whole quarter hour, and no published rate is priced exactly like every other such day with the
 * same version, offset and weekday. Returns that key, or `null` for a day that is special.
 */
export function regularDayKey(plan: PricePlan, dynamic: DynamicRates, day: number): string | null {
  const from = (day - 1) * SECONDS_PER_DAY;
  const to = (day + 2) * SECONDS_PER_DAY;
  const index = versionIndexAt(plan.versions, from);
  if (versionIndexAt(plan.versions, to - 1) !== index) return null;
  if (publishedWithin(dynamic.import, from, to) || publishedWithin(dynamic.export, from, to)) {
    return null;
  }
  const zone = plan.versions[index]?.timeZone ?? 'UTC';
  if (nextOffsetChange(zone, from, to) !== null) return null;
  const offset = utcOffsetAt(zone, from);
  if (offset % QUARTER_HOUR !== 0) return null;
  return `${index}|${offset}|${weekdayOfEpochDay(day)}`;
}

/**
 * The days of `[firstDay, endDay)` that are not regular (see `regularDayKey`) for the plan, as
 * sorted disjoint ranges: those near a version's start, a change of a zone's offset, or a
 * published rate. Found from the changes themselves, not by visiting every day.
 */
export function specialDays(
  plan: PricePlan,
  dynamic: DynamicRates,
  firstDay: number,
  endDay: number,
): [number, number][] {
  const near: [number, number][] = [];
  const around = (fromDay: number, toDay: number) => near.push([fromDay - 1, toDay + 2]);
  const from = firstDay * SECONDS_PER_DAY;
  const to = endDay * SECONDS_PER_DAY;
  for (const span of versionSpans(plan, from - SECONDS_PER_DAY, to + SECONDS_PER_DAY)) {
    const startDay = Math.floor(span.from / SECONDS_PER_DAY);
    around(startDay, startDay);
    const zone = span.version.timeZone;
    for (let at = span.from; ; ) {
      const change = nextOffsetChange(zone, at, span.to);
      const stretchEnd = change ?? span.to;
      if (utcOffsetAt(zone, at) % QUARTER_HOUR !== 0) {
        around(Math.floor(at / SECONDS_PER_DAY), Math.floor((stretchEnd - 1) / SECONDS_PER_DAY));
      }
      if (change === null) break;
      const changeDay = Math.floor(change / SECONDS_PER_DAY);
      around(changeDay, changeDay);
      at = change;
    }
  }
  for (const rate of [...dynamic.import, ...dynamic.export]) {
    if (rate.end <= from - SECONDS_PER_DAY || rate.start >= to + SECONDS_PER_DAY) continue;
    around(Math.floor(rate.start / SECONDS_PER_DAY), Math.floor((rate.end - 1) / SECONDS_PER_DAY));
  }
  const clipped = near
    .map(([a, b]): [number, number] => [Math.max(a, firstDay), Math.min(b, endDay)])
    .filter(([a, b]) => a < b)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of clipped) {
    const last = merged.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}
