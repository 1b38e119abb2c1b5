import { describe, expect, it } from 'vitest';
import {
  canonicalTimeZone,
  isKnownTimeZone,
  localDateAt,
  nextOffsetChange,
  startOfLocalDate,
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

  it.each(['Mars/Olympus_Mons', '', 'Europe/', '+01:00x'])('refuses %j', (zone) => {
    expect(isKnownTimeZone(zone)).toBe(false);
  });
});
