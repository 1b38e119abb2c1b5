import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coveringDayRuns,
  DAY_FAN_OUT,
  type DayRun,
  parentsOf,
  TOP_DAY_LEVEL,
} from '../../src/energy/day-tree';
import { LATEST_QUERY_TIME } from '../../src/energy/types';

/** The days a run of level-k buckets spans. */
function dayRange(run: DayRun): [number, number] {
  const width = DAY_FAN_OUT ** run.level;
  return [run.first * width, run.end * width];
}

// Days of stored data (times up to a day after the clock) stay below 16^4 until 2149; a query's
// window may reach the end of 9999.
const LAST_DATA_DAY = DAY_FAN_OUT ** (TOP_DAY_LEVEL + 1) - 1;
const LAST_QUERY_DAY = Math.floor(LATEST_QUERY_TIME / 86_400);

/** Days `[first, end)` from two days in any order, both included. */
const dayRangeArb = (lastDay: number) =>
  fc
    .tuple(fc.nat(lastDay), fc.nat(lastDay))
    .map(([a, b]): [number, number] => (a <= b ? [a, b + 1] : [b, a + 1]));

/** Checks that the runs cover `[first, end)`, every day once. */
function expectExactCover(runs: readonly DayRun[], first: number, end: number): void {
  const ranges = runs.map(dayRange).sort((x, y) => x[0] - y[0]);
  let next = first;
  for (const [start, stop] of ranges) {
    expect(start).toBe(next);
    expect(stop).toBeGreaterThan(start);
    next = stop;
  }
  expect(next).toBe(end);
}

describe('coveringDayRuns', () => {
  it('covers every day of data exactly once, with at most two short runs per level', () => {
    fc.assert(
      fc.property(dayRangeArb(LAST_DATA_DAY), ([first, end]) => {
        const runs = coveringDayRuns(first, end);
        expectExactCover(runs, first, end);
        const perLevel = new Map<number, number>();
        for (const run of runs) perLevel.set(run.level, (perLevel.get(run.level) ?? 0) + 1);
        for (const count of perLevel.values()) expect(count).toBeLessThanOrEqual(2);
        for (const run of runs) {
          expect(run.end - run.first).toBeLessThan(2 * DAY_FAN_OUT);
          expect(run.level).toBeLessThanOrEqual(TOP_DAY_LEVEL);
        }
      }),
    );
  });

  it('covers a query’s days exactly once up to the end of 9999, in runs up to level 3', () => {
    fc.assert(
      fc.property(dayRangeArb(LAST_QUERY_DAY), ([first, end]) => {
        const runs = coveringDayRuns(first, end);
        expectExactCover(runs, first, end);
        for (const run of runs) expect(run.level).toBeLessThanOrEqual(TOP_DAY_LEVEL);
      }),
    );
  });

  it.each([
    ['one day', 40, 41, [{ level: 0, first: 40, end: 41 }]],
    ['a whole level-1 bucket', 32, 48, [{ level: 1, first: 2, end: 3 }]],
    [
      'days on both sides of a level-1 bucket',
      30,
      50,
      [
        { level: 0, first: 30, end: 32 },
        { level: 0, first: 48, end: 50 },
        { level: 1, first: 2, end: 3 },
      ],
    ],
  ])('reads %s as few runs', (_name, first, end, runs) => {
    expect(coveringDayRuns(first, end)).toEqual(runs);
  });

  it('is empty for an empty range', () => {
    expect(coveringDayRuns(40, 40)).toEqual([]);
  });
});

describe('parentsOf', () => {
  it('gives the distinct parents of buckets, ascending', () => {
    expect(parentsOf([200, 0, 15, 16, 40, 48, 15])).toEqual([0, 1, 2, 3, 12]);
  });

  it('gives none of no buckets', () => {
    expect(parentsOf([])).toEqual([]);
  });
});
