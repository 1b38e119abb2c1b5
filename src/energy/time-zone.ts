/**
 * Local time in IANA time zones, from Intl alone (the runtime's time-zone database). A zone's UTC
 * offset is read with Intl once per week of a year and the changes between samples are searched to
 * the second; the result is kept per zone and year, so afterwards an offset costs a binary search.
 * Every cache is keyed by the zone's one spelling and bounded, whatever names clients send.
 */

import { LruMap } from '../lru-map';

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

/** How many entries each per-isolate cache keeps at most. */
export const TIME_ZONE_CACHE_LIMITS = { spellings: 256, zones: 64, zoneYears: 1024 } as const;

/**
 * Zones IANA has renamed that Intl (ICU's data) still names by their former name: the names
 * answered are IANA's current ones, those users know (`Asia/Kolkata`, not `Asia/Calcutta`).
 */
const CURRENT_IANA_NAMES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** What is kept per zone: Intl's formatter, and the stretch of one offset looked up last. */
interface Zone {
  readonly name: string;
  readonly formatter: Intl.DateTimeFormat;
  lastStretch: OffsetStretch | undefined;
}

/** A stretch of time `[from, until)` with one offset. */
interface OffsetStretch {
  readonly from: number;
  readonly until: number;
  readonly offsetSeconds: number;
}

// Names are case-insensitive: every spelling of a zone shares one entry, keyed in lower case.
const namesBySpelling = new LruMap<string, string | null>(TIME_ZONE_CACHE_LIMITS.spellings);
const zones = new LruMap<string, Zone>(TIME_ZONE_CACHE_LIMITS.zones);
const offsetsByZoneYear = new LruMap<string, OffsetChange[]>(TIME_ZONE_CACHE_LIMITS.zoneYears);
// Lookups come in runs of one spelling: the last one answers without a map lookup.
let lastLookup: { readonly spelling: string; readonly zone: Zone } | undefined;

/** How many entries each cache holds now (for tests and diagnostics). */
export function timeZoneCacheSizes(): { spellings: number; zones: number; zoneYears: number } {
  return { spellings: namesBySpelling.size, zones: zones.size, zoneYears: offsetsByZoneYear.size };
}

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
}

/** The zone's current IANA name, or `null` when Intl does not know it. */
function ianaNameOf(spelling: string): string | null {
  const key = spelling.toLowerCase();
  const known = namesBySpelling.get(key);
  if (known !== undefined) return known;
  let resolved: string | null = null;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: spelling }).resolvedOptions().timeZone;
  } catch {
    // Not a zone Intl knows.
  }
  return namesBySpelling.set(
    key,
    resolved === null ? null : (CURRENT_IANA_NAMES[resolved] ?? resolved),
  );
}

/** Whether Intl knows the zone (an IANA name such as `Europe/London`, or `UTC`), in any case. */
export function isKnownTimeZone(timeZone: string): boolean {
  return ianaNameOf(timeZone) !== null;
}

/**
 * The one spelling of a known zone: its current IANA name, case set right. A link names the zone
 * it links to (`US/Pacific` → `America/Los_Angeles`, `utc` → `UTC`), and a zone Intl knows by a
 * former name is answered by IANA's current one (`Asia/Calcutta` → `Asia/Kolkata`).
 */
export function canonicalTimeZone(timeZone: string): string {
  const name = ianaNameOf(timeZone);
  if (name === null) throw new RangeError(`Unknown time zone: ${JSON.stringify(timeZone)}`);
  return name;
}

/** Whether two names are the same known zone (`Asia/Kolkata` and `asia/calcutta`, say). */
export function isSameTimeZone(a: string, b: string): boolean {
  const name = ianaNameOf(a);
  return name !== null && name === ianaNameOf(b);
}

/** The cached state of a known zone, by any of its spellings. */
function zoneOf(spelling: string): Zone {
  if (lastLookup?.spelling === spelling) return lastLookup.zone;
  const name = canonicalTimeZone(spelling);
  const zone =
    zones.get(name) ??
    zones.set(name, { name, formatter: formatterOf(name), lastStretch: undefined });
  lastLookup = { spelling, zone };
  return zone;
}

/** The offset from Intl itself: the local wall clock read as UTC, minus the instant. */
function offsetFromIntl(zone: Zone, time: number): number {
  const fields: Record<string, number> = {};
  for (const part of zone.formatter.formatToParts(time * 1000)) {
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
function offsetChangesOfYear(zone: Zone, year: number): OffsetChange[] {
  const key = `${zone.name}|${year}`;
  const cached = offsetsByZoneYear.get(key);
  if (cached) return cached;
  const start = startOfUtcYear(year);
  const end = startOfUtcYear(year + 1);
  const startOffset = offsetFromIntl(zone, start);
  const changes: OffsetChange[] = [
    {
      time: start,
      offsetSeconds: startOffset,
      isChange: offsetFromIntl(zone, start - 1) !== startOffset,
    },
  ];
  let sampled = start;
  let sampledOffset = changes[0]?.offsetSeconds ?? 0;
  while (sampled < end) {
    const next = Math.min(sampled + SAMPLE_SECONDS, end);
    const nextOffset = offsetFromIntl(zone, next);
    if (nextOffset !== sampledOffset) {
      // Binary search for the first second with the new offset.
      let before = sampled;
      let after = next;
      while (after - before > 1) {
        const middle = Math.floor((before + after) / 2);
        if (offsetFromIntl(zone, middle) === sampledOffset) before = middle;
        else after = middle;
      }
      if (after < end) changes.push({ time: after, offsetSeconds: nextOffset, isChange: true });
    }
    sampled = next;
    sampledOffset = nextOffset;
  }
  return offsetsByZoneYear.set(key, changes);
}

function utcYearOf(time: number): number {
  return new Date(time * 1000).getUTCFullYear();
}

/** Seconds east of UTC in `timeZone` at the epoch second `time` (local = UTC + offset). */
export function utcOffsetAt(timeZone: string, time: number): number {
  // Lookups come in runs of nearby times (a window's intervals, a batch's buckets).
  const zone = zoneOf(timeZone);
  const last = zone.lastStretch;
  if (last && time >= last.from && time < last.until) return last.offsetSeconds;
  const year = utcYearOf(time);
  const changes = offsetChangesOfYear(zone, year);
  let low = 0;
  let high = changes.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((changes[middle] as OffsetChange).time <= time) low = middle;
    else high = middle - 1;
  }
  const change = changes[low] as OffsetChange;
  zone.lastStretch = {
    from: change.time,
    until: changes[low + 1]?.time ?? startOfUtcYear(year + 1),
    offsetSeconds: change.offsetSeconds,
  };
  return change.offsetSeconds;
}

/** The first instant after `time` (and before `before`) at which the zone's offset changes, if any. */
export function nextOffsetChange(timeZone: string, time: number, before: number): number | null {
  const zone = zoneOf(timeZone);
  for (let year = utcYearOf(time); startOfUtcYear(year) < before; year++) {
    for (const change of offsetChangesOfYear(zone, year)) {
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

/** The local date at the epoch second `time` in `timeZone`, as days since 1970-01-01. */
export function localEpochDayAt(timeZone: string, time: number): number {
  return Math.floor(wallSecondsAt(timeZone, time) / SECONDS_PER_DAY);
}

/**
 * The first instant of a local date in the zone, given as days since 1970-01-01: its midnight,
 * or, where clocks skipped midnight, the moment they jumped into that date.
 */
export function startOfLocalEpochDay(timeZone: string, epochDay: number): number {
  const localDayAt = (time: number) => localEpochDayAt(timeZone, time);
  const midnightAsUtc = epochDay * SECONDS_PER_DAY;
  // Usually exact: the offset an hour or so either side of midnight is the one at midnight.
  const guess = midnightAsUtc - utcOffsetAt(timeZone, midnightAsUtc);
  if (localDayAt(guess) === epochDay && localDayAt(guess - 1) < epochDay) return guess;
  // Offsets stay within ±18 hours, so the day's first instant lies in this range.
  let before = midnightAsUtc - 18 * 3600;
  let after = midnightAsUtc + 18 * 3600;
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (localDayAt(middle) < epochDay) before = middle;
    else after = middle;
  }
  return after;
}

/**
 * The first instant of a local date in the zone: its midnight, or, where clocks skipped midnight,
 * the moment they jumped into that date.
 */
export function startOfLocalDate(timeZone: string, date: LocalDate): number {
  return startOfLocalEpochDay(timeZone, epochDayOf(date));
}

/** Day of the week of an epoch day, 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday). */
export function weekdayOfEpochDay(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}
