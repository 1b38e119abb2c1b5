import { describe, expect, it } from 'vitest';
import {
  canonicalTimeZone,
  isKnownTimeZone,
  isSameTimeZone,
  localDateAt,
  nextOffsetChange,
  startOfLocalDate,
  TIME_ZONE_CACHE_LIMITS,
  timeZoneCacheSizes,
  utcOffsetAt,
} from '../../src/energy/time-zone';

const at = (iso: string) => Date.parse(iso) / 1000;
const HOUR = 3600;

describe('utcOffsetAt', () => {
  it.each([
    ['Europe/London', '2024-01-15T12:00:00Z', 0],
    ['Europe/London', '2024-07-15T12:00:00Z', HOUR],
    ['America/New_York', '2024-01-15T12:00:00Z', -5 * HOUR],
    ['America/New_York', '2024-07-15T12:00:00Z', -4 * HOUR],
    ['Asia/Kolkata', '2024-07-15T12:00:00Z', 5.5 * HOUR],
    ['Asia/Kathmandu', '2024-07-15T12:00:00Z', 5.75 * HOUR],
    ['Australia/Lord_Howe', '2024-01-15T12:00:00Z', 11 * HOUR],
    ['Australia/Lord_Howe', '2024-07-15T12:00:00Z', 10.5 * HOUR],
    ['UTC', '1970-01-01T00:00:00Z', 0],
  ])('in %s at %s is %d s', (zone, iso, offset) => {
    expect(utcOffsetAt(zone, at(iso))).toBe(offset);
  });

  it('changes on the exact second London springs forward', () => {
    const change = at('2024-03-31T01:00:00Z');
    expect(utcOffsetAt('Europe/London', change - 1)).toBe(0);
    expect(utcOffsetAt('Europe/London', change)).toBe(HOUR);
  });
});

describe('nextOffsetChange', () => {
  it("finds London's clock changes in order", () => {
    const spring = nextOffsetChange(
      'Europe/London',
      at('2024-01-01T00:00:00Z'),
      at('2025-01-01T00:00:00Z'),
    );
    expect(spring).toBe(at('2024-03-31T01:00:00Z'));
    const autumn = nextOffsetChange('Europe/London', spring ?? 0, at('2025-01-01T00:00:00Z'));
    expect(autumn).toBe(at('2024-10-27T01:00:00Z'));
  });

  it('finds none in a zone without daylight saving', () => {
    expect(
      nextOffsetChange('Asia/Kolkata', at('2020-01-01T00:00:00Z'), at('2024-01-01T00:00:00Z')),
    ).toBeNull();
  });
});

describe('startOfLocalDate', () => {
  it.each([
    ['Europe/London', { year: 2024, month: 3, day: 31 }, '2024-03-31T00:00:00Z'],
    ['Europe/London', { year: 2024, month: 4, day: 1 }, '2024-03-31T23:00:00Z'],
    ['Europe/London', { year: 2024, month: 10, day: 27 }, '2024-10-26T23:00:00Z'],
    ['Europe/London', { year: 2024, month: 10, day: 28 }, '2024-10-28T00:00:00Z'],
    ['Asia/Kolkata', { year: 2024, month: 3, day: 30 }, '2024-03-29T18:30:00Z'],
    // Clocks went from 23:59:59 straight to 01:00 that day: it began at 01:00 local, 03:00 UTC.
    ['America/Sao_Paulo', { year: 2018, month: 11, day: 4 }, '2018-11-04T03:00:00Z'],
  ])('in %s, %o begins at %s', (zone, date, iso) => {
    expect(startOfLocalDate(zone, date)).toBe(at(iso));
  });
});

describe('localDateAt', () => {
  it('is already the next date east of UTC', () => {
    expect(localDateAt('Asia/Kolkata', at('2024-03-29T19:00:00Z'))).toEqual({
      year: 2024,
      month: 3,
      day: 30,
    });
  });
});

describe('time zone names', () => {
  it('knows IANA names and UTC, in any case, and spells them canonically', () => {
    expect(isKnownTimeZone('Europe/London')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(canonicalTimeZone('europe/london')).toBe('Europe/London');
    expect(canonicalTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('asia/kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('ASIA/KOLKATA')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('america/argentina/buenos_aires')).toBe(
      'America/Argentina/Buenos_Aires',
    );
  });

  it.each([
    ['US/Pacific', 'America/Los_Angeles'],
    ['us/pacific', 'America/Los_Angeles'],
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['EUROPE/KIEV', 'Europe/Kyiv'],
    ['europe/kyiv', 'Europe/Kyiv'],
    ['etc/utc', 'UTC'],
    ['utc', 'UTC'],
    ['etc/gmt+5', 'Etc/GMT+5'],
  ])('spells %j as the current IANA name of the zone, %j', (spelling, name) => {
    expect(canonicalTimeZone(spelling)).toBe(name);
    expect(isSameTimeZone(spelling, name)).toBe(true);
  });

  it('answers by current IANA names that Intl knows, each for the zone it renamed', () => {
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const name = canonicalTimeZone(zone);
      expect(isKnownTimeZone(name), zone).toBe(true);
      expect(canonicalTimeZone(name), zone).toBe(name);
      expect(utcOffsetAt(name, 1_700_000_000), zone).toBe(utcOffsetAt(zone, 1_700_000_000));
    }
  });

  it.each(['Mars/Olympus_Mons', '', 'Europe/', '+01:00x'])('refuses %j', (zone) => {
    expect(isKnownTimeZone(zone)).toBe(false);
    expect(isSameTimeZone(zone, zone)).toBe(false);
  });
});

/** The `index`th spelling of a name in upper and lower case letters (a binary count over its letters). */
function caseSpelling(name: string, index: number): string {
  let bit = 0;
  return [...name]
    .map((character) => {
      if (!/[a-z]/i.test(character)) return character;
      const upper = (index >> bit++) & 1;
      return upper ? character.toUpperCase() : character.toLowerCase();
    })
    .join('');
}

describe('the per-isolate caches', () => {
  it('stay bounded, whatever spellings and years clients send', () => {
    const zone = 'America/Argentina/Buenos_Aires';
    const offset = utcOffsetAt(zone, 1_700_000_000);
    for (let index = 0; index < 20_000; index++) {
      const spelling = caseSpelling(zone, index);
      expect(canonicalTimeZone(spelling)).toBe(zone);
      expect(utcOffsetAt(spelling, 1_700_000_000)).toBe(offset);
    }
    // Unknown names and zone years beyond the limits push out the oldest entries.
    for (let index = 0; index < 2 * TIME_ZONE_CACHE_LIMITS.spellings; index++) {
      expect(isKnownTimeZone(`Mars/Crater_${index}`)).toBe(false);
    }
    for (let year = 1970; year < 1970 + TIME_ZONE_CACHE_LIMITS.zoneYears + 100; year += 1) {
      utcOffsetAt('Europe/London', Date.UTC(year, 6, 1) / 1000);
    }
    const sizes = timeZoneCacheSizes();
    expect(sizes.spellings).toBeLessThanOrEqual(TIME_ZONE_CACHE_LIMITS.spellings);
    expect(sizes.zones).toBeLessThanOrEqual(TIME_ZONE_CACHE_LIMITS.zones);
    expect(sizes.zoneYears).toBeLessThanOrEqual(TIME_ZONE_CACHE_LIMITS.zoneYears);
    expect(canonicalTimeZone('asia/kolkata')).toBe('Asia/Kolkata');
  });
});
