import { describe, expect, it } from 'vitest';
import { localDayAt } from '../../src/energy/local-day';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('localDayAt', () => {
  it.each([
    {
      name: 'a UTC day',
      time: '2024-03-30T12:00:00Z',
      timeZone: 'UTC',
      dayOfWeek: 'saturday',
      endTime: '2024-03-31T00:00:00Z',
    },
    {
      name: 'the last second of a UTC day',
      time: '2024-03-30T23:59:59Z',
      timeZone: 'UTC',
      dayOfWeek: 'saturday',
      endTime: '2024-03-31T00:00:00Z',
    },
    {
      name: 'a day east of UTC, already the next date there',
      time: '2024-03-29T23:30:00Z',
      timeZone: 'Asia/Kolkata',
      dayOfWeek: 'saturday',
      endTime: '2024-03-30T18:30:00Z',
    },
    {
      name: 'a 23-hour day when London springs forward',
      time: '2024-03-31T00:30:00Z',
      timeZone: 'Europe/London',
      dayOfWeek: 'sunday',
      endTime: '2024-03-31T23:00:00Z',
    },
    {
      name: 'a 25-hour day when London falls back',
      time: '2024-10-27T12:00:00Z',
      timeZone: 'Europe/London',
      dayOfWeek: 'sunday',
      endTime: '2024-10-28T00:00:00Z',
    },
    {
      name: 'a day whose next midnight never happens (São Paulo jumped from 00:00 to 01:00)',
      time: '2018-11-03T12:00:00Z',
      timeZone: 'America/Sao_Paulo',
      dayOfWeek: 'saturday',
      endTime: '2018-11-04T03:00:00Z',
    },
  ])('ends $name at the next local midnight', ({ time, timeZone, dayOfWeek, endTime }) => {
    expect(localDayAt(at(time), timeZone)).toEqual({ dayOfWeek, endTime: at(endTime) });
  });
});
