import { describe, expect, it } from 'vitest';
import { latestReadingPerTime, segmentsInWindow, usageKwh } from '../../src/energy/usage';

const T0 = 1_606_636_800; // 2020-11-29 08:00 UTC
const MINUTE = 60;
const HOUR = 3600;

describe('usageKwh', () => {
  it.each([
    { name: 'no readings', readings: [], kwh: 0 },
    { name: 'a single reading', readings: [{ time: T0, reading: 5 }], kwh: 0 },
    {
      name: '35 kW at 10:30 then 5 kW at 11:00 (the contract example)',
      readings: [
        { time: T0, reading: 35 },
        { time: T0 + 30 * MINUTE, reading: 5 },
      ],
      kwh: 10,
    },
    {
      name: '0.65, 0.35, 0.5 kW half an hour apart',
      readings: [
        { time: T0, reading: 0.65 },
        { time: T0 + 30 * MINUTE, reading: 0.35 },
        { time: T0 + HOUR, reading: 0.5 },
      ],
      kwh: 0.4625,
    },
    {
      name: 'a constant 2 kW for three hours with uneven gaps',
      readings: [
        { time: T0, reading: 2 },
        { time: T0 + 10 * MINUTE, reading: 2 },
        { time: T0 + 3 * HOUR, reading: 2 },
      ],
      kwh: 6,
    },
    {
      name: 'zero power',
      readings: [
        { time: T0, reading: 0 },
        { time: T0 + HOUR, reading: 0 },
      ],
      kwh: 0,
    },
  ])('is $kwh kWh for $name', ({ readings, kwh }) => {
    expect(usageKwh(readings)).toBeCloseTo(kwh, 12);
  });

  it('sorts readings given out of order', () => {
    const readings = [
      { time: T0 + HOUR, reading: 0.5 },
      { time: T0, reading: 0.65 },
      { time: T0 + 30 * MINUTE, reading: 0.35 },
    ];
    expect(usageKwh(readings)).toBeCloseTo(0.4625, 12);
  });

  it('counts only the part of an interval inside the window, interpolating power at the cut', () => {
    // 0 kW at T0 rising to 4 kW an hour later: at T0+30min the power is 2 kW.
    const readings = [
      { time: T0, reading: 0 },
      { time: T0 + HOUR, reading: 4 },
    ];
    expect(usageKwh(readings, { from: T0, to: T0 + 30 * MINUTE })).toBeCloseTo(0.5, 12);
    expect(usageKwh(readings, { from: T0 + 30 * MINUTE })).toBeCloseTo(1.5, 12);
    expect(usageKwh(readings, { from: T0 + 15 * MINUTE, to: T0 + 45 * MINUTE })).toBeCloseTo(1, 12);
  });

  it('is zero for a window outside the readings', () => {
    const readings = [
      { time: T0, reading: 3 },
      { time: T0 + HOUR, reading: 3 },
    ];
    expect(usageKwh(readings, { from: T0 + 2 * HOUR, to: T0 + 3 * HOUR })).toBe(0);
    expect(usageKwh(readings, { to: T0 })).toBe(0);
  });
});

describe('latestReadingPerTime', () => {
  it('keeps the last reading given for a time and sorts by time', () => {
    const readings = [
      { time: 20, reading: 1 },
      { time: 10, reading: 2 },
      { time: 20, reading: 3 },
    ];
    expect(latestReadingPerTime(readings)).toEqual([
      { time: 10, reading: 2 },
      { time: 20, reading: 3 },
    ]);
  });
});

describe('segmentsInWindow', () => {
  it('cuts the segments that cross the window edges', () => {
    const readings = [
      { time: 0, reading: 0 },
      { time: 100, reading: 10 },
      { time: 200, reading: 0 },
    ];
    expect(segmentsInWindow(readings, { from: 50, to: 150 })).toEqual([
      { startTime: 50, startKw: 5, endTime: 100, endKw: 10 },
      { startTime: 100, startKw: 10, endTime: 150, endKw: 5 },
    ]);
  });
});
