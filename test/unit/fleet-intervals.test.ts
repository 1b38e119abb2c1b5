import { describe, expect, it } from 'vitest';
import {
  type FleetGapPiece,
  type FleetHalfHourRow,
  fleetIntervals,
} from '../../src/energy/fleet-intervals';

const DAY = 86_400;
// 2024-03-01T00:00:00Z, a UTC midnight.
const T0 = 1_709_251_200;

const row = (start: number, importKwh: number, exportKwh: number, meters: number) =>
  ({ start, importKwh, exportKwh, meters }) satisfies FleetHalfHourRow;

// A meter's long gap: 1 kW at T0 rising to 2 kW eight days later.
const GAP: FleetGapPiece = { startTime: T0, endTime: T0 + 8 * DAY, startKw: 1, endKw: 2, count: 1 };

describe('fleetIntervals', () => {
  it('lists half hours as summed, leaving out those where no meter has data', () => {
    const rows = [row(T0, 1.5, 0.25, 2), row(T0 + 1800, 1e-17, 0, 0), row(T0 + 3600, 0, 0, 1)];

    const intervals = fleetIntervals(rows, [], { from: T0, to: T0 + 7200 }, 'half_hour');

    expect(intervals).toEqual([
      { start: T0, end: T0 + 1800, importKwh: 1.5, exportKwh: 0.25, meters: 2 },
      { start: T0 + 3600, end: T0 + 5400, importKwh: 0, exportKwh: 0, meters: 1 },
    ]);
  });

  it('sums an hour of half hours, its meters the most of either, the window cutting the first', () => {
    const rows = [row(T0 + 1800, 1, 0, 3), row(T0 + 3600, 2, 0.5, 1), row(T0 + 5400, 4, 0, 2)];

    const intervals = fleetIntervals(rows, [], { from: T0 + 1800, to: T0 + 7200 }, 'hour');

    expect(intervals).toEqual([
      { start: T0 + 1800, end: T0 + 3600, importKwh: 1, exportKwh: 0, meters: 3 },
      { start: T0 + 3600, end: T0 + 7200, importKwh: 6, exportKwh: 0.5, meters: 2 },
    ]);
  });

  it('integrates a long-gap piece: ½ h × the power at each half hour’s middle', () => {
    const [first] = fleetIntervals([], [GAP], { from: T0, to: T0 + 1800 }, 'half_hour');

    // 1 kW + 1 kW × 900 s / 8 days, for half an hour.
    expect(first?.importKwh).toBeCloseTo(0.5 * (1 + 900 / (8 * DAY)), 12);
    expect(first?.meters).toBe(1);
  });

  it('integrates a long-gap piece by day: the trapezoid of each day, 288 kWh in all', () => {
    const days = fleetIntervals([], [GAP], { from: T0 - DAY, to: T0 + 9 * DAY }, 'day');

    expect(days.map((day) => day.start)).toEqual([...Array(8).keys()].map((d) => T0 + d * DAY));
    // Day d: 24 h × the mean of 1 + d/8 and 1 + (d+1)/8 kW.
    for (const [d, day] of days.entries()) {
      expect(day.importKwh).toBeCloseTo(24 * (1 + (d + 0.5) / 8), 9);
    }
    expect(days.reduce((sum, day) => sum + day.importKwh, 0)).toBeCloseTo(288, 9);
    expect(days.every((day) => day.meters === 1 && day.exportKwh === 0)).toBe(true);
  });

  it('adds pieces to the half hours and counts their meters, a piece twice over twice', () => {
    const twice = { ...GAP, count: 2 };
    const [only] = fleetIntervals([row(T0, 1, 0, 1)], [twice], { from: T0, to: T0 + 1800 }, 'hour');

    expect(only?.importKwh).toBeCloseTo(1 + 2 * 0.5 * (1 + 900 / (8 * DAY)), 12);
    expect(only?.meters).toBe(3);
    expect(only?.end).toBe(T0 + 1800);
  });

  it('leaves out a day once pieces net to no meter', () => {
    const gone = fleetIntervals(
      [],
      [GAP, { ...GAP, count: -1 }],
      { from: T0, to: T0 + DAY },
      'day',
    );

    expect(gone).toEqual([]);
  });
});
