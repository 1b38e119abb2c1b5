/**
 * Local time in IANA time zones, from Intl alone (the runtime's time-zone database). A zone's UTC
 * offset is read with Intl once per week of a year and the changes between samples are searched to
 * the second; the result is kept per zone and year, so afterwards an offset costs a binary search.
 */

/** A local calendar date: `month` 1–12, `day` 1–31. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A UTC offset that holds from `time` on (seconds east of UTC). */
interface OffsetChange {
  readonly time: number;
  readonly offsetSeconds: number;
  /** False for the offset a year starts with when it is the one the previous year ended with. */
  readonly isChange: boolean;
}

const SECONDS_PER_DAY = 86_400;
const SECONDS_PER_WEEK = 7 * SECONDS_PER_DAY;
// No zone has changed its offset twice within a week; sampling weekly finds every change.
const SAMPLE_SECONDS = SECONDS_PER_WEEK;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetsByZoneYear = new Map<string, OffsetChange[]>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether Intl knows the zone (an IANA name such as `Europe/London`, or `UTC`). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Each word of each part capitalised: `asia/ho_chi_minh` → `Asia/Ho_Chi_Minh`. */
function titleCased(timeZone: string): string {
  return timeZone
    .toLowerCase()
    .replace(
      /(^|[/_])([a-z])/g,
      (_match, before: string, letter: string) => before + letter.toUpperCase(),
    );
}

/**
 * The zone's name with its case set right (`europe/london` → `Europe/London`); the zone must be
 * known. Intl resolves some current names to older aliases (`Asia/Kolkata` to `Asia/Calcutta`),
 * which callers would not recognise, so such a name keeps its own spelling, its words capitalised
 * when that names the same zone, else as given.
 */
export function canonicalTimeZone(timeZone: string): string {
  const resolved = formatterFor(timeZone).resolvedOptions().timeZone;
  if (resolved.toLowerCase() === timeZone.toLowerCase()) return resolved;
  const capitalised = titleCased(timeZone);
  return isKnownTimeZone(capitalised) &&
    formatterFor(capitalised).resolvedOptions().timeZone === resolved
    ? capitalised
    : timeZone;
}

/** Whether two known names are the same zone (`Asia/Kolkata` and `asia/calcutta`, say). */
export function isSameTimeZone(a: string, b: string): boolean {
  return formatterFor(a).resolvedOptions().timeZone === formatterFor(b).resolvedOptions().timeZone;
}

/** The offset from Intl itself: the local wall clock read as UTC, minus the instant. */
function offsetFromIntl(timeZone: string, time: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(time * 1000)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  // Years before 100 would be read as 19xx by Date.UTC's legacy rule; no accepted time is there.
  return wall / 1000 - time;
}

function startOfUtcYear(year: number): number {
  return Date.UTC(year, 0, 1) / 1000;
}

/** The offsets of one UTC year: the one at its start, then every change inside it, in order. */
function offsetChangesOfYear(timeZone: string, year: number): OffsetChange[] {
  const key = `${timeZone}|${year}`;
  const cached = offsetsByZoneYear.get(key);
  if (cached) return cached;
  const start = startOfUtcYear(year);
  const end = startOfUtcYear(year + 1);
  const startOffset = offsetFromIntl(timeZone, start);
  const changes: OffsetChange[] = [
    {
      time: start,
      offsetSeconds: startOffset,
      isChange: offsetFromIntl(timeZone, start - 1) !== startOffset,
    },
  ];
  let sampled = start;
  let sampledOffset = changes[0]?.offsetSeconds ?? 0;
  while (sampled < end) {
    const next = Math.min(sampled + SAMPLE_SECONDS, end);
    const nextOffset = offsetFromIntl(timeZone, next);
    if (nextOffset !== sampledOffset) {
      // Binary search for the first second with the new offset.
      let before = sampled;
      let after = next;
      while (after - before > 1) {
        const middle = Math.floor((before + after) / 2);
        if (offsetFromIntl(timeZone, middle) === sampledOffset) before = middle;
        else after = middle;
      }
      if (after < end) changes.push({ time: after, offsetSeconds: nextOffset, isChange: true });
    }
    sampled = next;
    sampledOffset = nextOffset;
  }
  offsetsByZoneYear.set(key, changes);
  return changes;
}

function utcYearOf(time: number): number {
  return new Date(time * 1000).getUTCFullYear();
}

/** A stretch of time `[from, until)` with one offset: the last one looked up, per zone. */
interface OffsetStretch {
  readonly from: number;
  readonly until: number;
  readonly offsetSeconds: number;
}

const lastStretchByZone = new Map<string, OffsetStretch>();

/** Seconds east of UTC in `timeZone` at the epoch second `time` (local = UTC + offset). */
export function utcOffsetAt(timeZone: string, time: number): number {
  // Lookups come in runs of nearby times (a window's intervals, a batch's buckets).
  const last = lastStretchByZone.get(timeZone);
  if (last && time >= last.from && time < last.until) return last.offsetSeconds;
  const year = utcYearOf(time);
  const changes = offsetChangesOfYear(timeZone, year);
  let low = 0;
  let high = changes.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((changes[middle] as OffsetChange).time <= time) low = middle;
    else high = middle - 1;
  }
  const change = changes[low] as OffsetChange;
  lastStretchByZone.set(timeZone, {
    from: change.time,
    until: changes[low + 1]?.time ?? startOfUtcYear(year + 1),
    offsetSeconds: change.offsetSeconds,
  });
  return change.offsetSeconds;
}

/** The first instant after `time` (and before `before`) at which the zone's offset changes, if any. */
export function nextOffsetChange(timeZone: string, time: number, before: number): number | null {
  for (let year = utcYearOf(time); startOfUtcYear(year) < before; year++) {
    for (const change of offsetChangesOfYear(timeZone, year)) {
      if (change.isChange && change.time > time && change.time < before) {
        return change.time;
      }
    }
  }
  return null;
}

/** The wall-clock time in the zone, as seconds of a UTC-like timeline (local date and time). */
export function wallSecondsAt(timeZone: string, time: number): number {
  return time + utcOffsetAt(timeZone, time);
}

/** Days since 1970-01-01 of a local date. */
export function epochDayOf(date: LocalDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / 1000 / SECONDS_PER_DAY;
}

/** The local date of an epoch day (the inverse of `epochDayOf`). */
export function dateOfEpochDay(epochDay: number): LocalDate {
  const date = new Date(epochDay * SECONDS_PER_DAY * 1000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The local date in `timeZone` at the epoch second `time`. */
export function localDateAt(timeZone: string, time: number): LocalDate {
  return dateOfEpochDay(Math.floor(wallSecondsAt(timeZone, time) / SECONDS_PER_DAY));
}

/**
 * The first instant of a local date in the zone: its midnight, or, where clocks skipped midnight,
 * the moment they jumped into that date.
 */
export function startOfLocalDate(timeZone: string, date: LocalDate): number {
  const target = epochDayOf(date);
  const localDayAt = (time: number) => Math.floor(wallSecondsAt(timeZone, time) / SECONDS_PER_DAY);
  const midnightAsUtc = target * SECONDS_PER_DAY;
  // Usually exact: the offset an hour or so either side of midnight is the one at midnight.
  const guess = midnightAsUtc - utcOffsetAt(timeZone, midnightAsUtc);
  if (localDayAt(guess) === target && localDayAt(guess - 1) < target) return guess;
  // Offsets stay within ±18 hours, so the day's first instant lies in this range.
  let before = midnightAsUtc - 18 * 3600;
  let after = midnightAsUtc + 18 * 3600;
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (localDayAt(middle) < target) before = middle;
    else after = middle;
  }
  return after;
}

/** Day of the week of an epoch day, 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday). */
export function weekdayOfEpochDay(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}
