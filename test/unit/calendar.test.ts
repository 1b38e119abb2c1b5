import { describe, expect, it } from 'vitest';
import {
  intervalAround,
  intervalsFrom,
  latestFullPeriod,
  periodOf,
} from '../../src/energy/calendar';

const at = (iso: string) => Date.parse(iso) / 1000;
const iso = (time: number) => new Date(time * 1000).toISOString().replace('.000', '');
const isoInterval = ([start, end]: readonly [number, number]) => [iso(start), iso(end)];

describe('intervalAround', () => {
  it.each([
    [
      'a spring-forward day in London: 23 hours',
      'Europe/London',
      '2024-03-31T12:00:00Z',
      ['2024-03-31T00:00:00Z', '2024-03-31T23:00:00Z'],
    ],
    [
      'a fall-back day in London: 25 hours',
      'Europe/London',
      '2024-10-27T12:00:00Z',
      ['2024-10-26T23:00:00Z', '2024-10-28T00:00:00Z'],
    ],
    [
      'a day in Kolkata',
      'Asia/Kolkata',
      '2024-03-30T00:00:00Z',
      ['2024-03-29T18:30:00Z', '2024-03-30T18:30:00Z'],
    ],
    [
      'a day that began at 01:00 in São Paulo',
      'America/Sao_Paulo',
      '2018-11-04T12:00:00Z',
      ['2018-11-04T03:00:00Z', '2018-11-05T02:00:00Z'],
    ],
  ])('gives %s', (_name, zone, time, expected) => {
    expect(isoInterval(intervalAround(zone, 'day', at(time)))).toEqual(expected);
  });

  it('starts weeks on Monday, local time', () => {
    // Wednesday 2024-03-27 in London: the week of Monday 25 March, which ends after the clocks changed.
    expect(
      isoInterval(intervalAround('Europe/London', 'week', at('2024-03-27T12:00:00Z'))),
    ).toEqual(['2024-03-25T00:00:00Z', '2024-03-31T23:00:00Z']);
  });

  it('gives calendar months, February of a leap year included', () => {
    expect(isoInterval(intervalAround('UTC', 'month', at('2024-02-10T00:00:00Z')))).toEqual([
      '2024-02-01T00:00:00Z',
      '2024-03-01T00:00:00Z',
    ]);
    expect(
      isoInterval(intervalAround('America/New_York', 'month', at('2024-12-31T12:00:00Z'))),
    ).toEqual(['2024-12-01T05:00:00Z', '2025-01-01T05:00:00Z']);
  });

  it('gives local half hours in a zone 45 minutes off the hour', () => {
    // Kathmandu is UTC+5:45: local :00 and :30 are :15 and :45 UTC.
    expect(
      isoInterval(intervalAround('Asia/Kathmandu', 'half_hour', at('2024-05-01T10:20:00Z'))),
    ).toEqual(['2024-05-01T10:15:00Z', '2024-05-01T10:45:00Z']);
  });
});

describe('intervalsFrom', () => {
  it('lists the hour repeated when London falls back twice', () => {
    const { intervals } = intervalsFrom(
      'Europe/London',
      'hour',
      at('2024-10-26T23:00:00Z'),
      at('2024-10-27T03:00:00Z'),
      at('2024-10-27T03:00:00Z'),
      10,
    );
    // Local 00:00 BST, 01:00 BST, 01:00 GMT, 02:00 GMT.
    expect(intervals.map(isoInterval)).toEqual([
      ['2024-10-26T23:00:00Z', '2024-10-27T00:00:00Z'],
      ['2024-10-27T00:00:00Z', '2024-10-27T01:00:00Z'],
      ['2024-10-27T01:00:00Z', '2024-10-27T02:00:00Z'],
      ['2024-10-27T02:00:00Z', '2024-10-27T03:00:00Z'],
    ]);
  });

  it('cuts an hour where Lord Howe Island turns its clocks back half an hour', () => {
    // 02:00 (+11) became 01:30 (+10:30) at 15:00 UTC on 6 April 2024.
    const { intervals } = intervalsFrom(
      'Australia/Lord_Howe',
      'hour',
      at('2024-04-06T14:00:00Z'),
      at('2024-04-06T16:30:00Z'),
      at('2024-04-06T16:30:00Z'),
      10,
    );
    expect(intervals.map(isoInterval)).toEqual([
      ['2024-04-06T14:00:00Z', '2024-04-06T15:00:00Z'],
      ['2024-04-06T15:00:00Z', '2024-04-06T15:30:00Z'],
      ['2024-04-06T15:30:00Z', '2024-04-06T16:30:00Z'],
    ]);
  });

  it('starts a week mid-week when the window does, and ends on the window', () => {
    const { intervals, next } = intervalsFrom(
      'UTC',
      'week',
      at('2024-05-08T06:00:00Z'), // a Wednesday
      at('2024-05-21T00:00:00Z'),
      at('2024-05-21T00:00:00Z'),
      10,
    );
    expect(intervals.map(isoInterval)).toEqual([
      ['2024-05-08T06:00:00Z', '2024-05-13T00:00:00Z'],
      ['2024-05-13T00:00:00Z', '2024-05-20T00:00:00Z'],
      ['2024-05-20T00:00:00Z', '2024-05-21T00:00:00Z'],
    ]);
    expect(next).toBeNull();
  });

  it('stops at the page size and says where the next page starts', () => {
    const page = intervalsFrom(
      'UTC',
      'day',
      at('2024-05-01T00:00:00Z'),
      at('2024-06-01T00:00:00Z'),
      at('2024-06-01T00:00:00Z'),
      3,
    );
    expect(page.intervals).toHaveLength(3);
    expect(page.next).toBe(at('2024-05-04T00:00:00Z'));
  });

  it('lists no interval that starts after the last usage', () => {
    const page = intervalsFrom(
      'UTC',
      'day',
      at('2024-05-01T00:00:00Z'),
      at('2024-06-01T00:00:00Z'),
      at('2024-05-02T06:00:00Z'),
      10,
    );
    expect(page.intervals.map(isoInterval)).toEqual([
      ['2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z'],
      ['2024-05-02T00:00:00Z', '2024-05-03T00:00:00Z'],
    ]);
    expect(page.next).toBeNull();
  });
});

describe('periodOf', () => {
  const date = (year: number, month: number, day: number) => ({ year, month, day });

  it('gives a London day of 25 hours with its neighbours', () => {
    const period = periodOf('Europe/London', 'day', date(2024, 10, 27));
    expect([iso(period.start), iso(period.end)]).toEqual([
      '2024-10-26T23:00:00Z',
      '2024-10-28T00:00:00Z',
    ]);
    expect([period.previous, period.next]).toEqual([date(2024, 10, 26), date(2024, 10, 28)]);
  });

  it('gives the week from Monday that holds a Sunday', () => {
    const period = periodOf('UTC', 'week', date(2024, 5, 12));
    expect(period.date).toEqual(date(2024, 5, 6));
    expect([iso(period.start), iso(period.end)]).toEqual([
      '2024-05-06T00:00:00Z',
      '2024-05-13T00:00:00Z',
    ]);
    expect([period.previous, period.next]).toEqual([date(2024, 4, 29), date(2024, 5, 13)]);
  });

  it('gives calendar months, stepping across the year', () => {
    const period = periodOf('UTC', 'month', date(2024, 12, 17));
    expect(period.date).toEqual(date(2024, 12, 1));
    expect([period.previous, period.next]).toEqual([date(2024, 11, 1), date(2025, 1, 1)]);
    expect(iso(period.end)).toBe('2025-01-01T00:00:00Z');
  });

  it('has no neighbour before 1970-01-01 or after 9999-12-31, the dates a period can be asked for', () => {
    expect(periodOf('UTC', 'week', date(1970, 1, 1)).previous).toBeNull();
    expect(periodOf('UTC', 'day', date(1970, 1, 1)).previous).toBeNull();
    expect(periodOf('UTC', 'day', date(1970, 1, 2)).previous).toEqual(date(1970, 1, 1));
    expect(periodOf('UTC', 'month', date(9999, 12, 31)).next).toBeNull();
    expect(periodOf('UTC', 'week', date(9999, 12, 27)).next).toBeNull();
    expect(periodOf('UTC', 'day', date(9999, 12, 30)).next).toEqual(date(9999, 12, 31));
  });
});

describe('latestFullPeriod', () => {
  const span = (first: string, last: string) => ({ first: at(first), last: at(last) });

  it('is the last period that ended by the last reading and holds usage', () => {
    const period = latestFullPeriod(
      'UTC',
      'day',
      span('2024-05-01T06:00:00Z', '2024-05-03T18:00:00Z'),
    );
    expect(iso(period.start)).toBe('2024-05-02T00:00:00Z');
  });

  it('is the period of the last reading when none has ended', () => {
    const period = latestFullPeriod(
      'UTC',
      'month',
      span('2024-05-01T06:00:00Z', '2024-05-03T18:00:00Z'),
    );
    expect(iso(period.start)).toBe('2024-05-01T00:00:00Z');
  });

  it('is the period that ends exactly at the last reading', () => {
    const period = latestFullPeriod(
      'UTC',
      'day',
      span('2024-05-01T06:00:00Z', '2024-05-03T00:00:00Z'),
    );
    expect(iso(period.start)).toBe('2024-05-02T00:00:00Z');
  });
});
