import { describe, expect, it } from 'vitest';
import {
  latencyPercentiles,
  median,
  meetsTarget,
  percentile,
  ratiosPerRun,
  roundOrder,
  summarizeRuns,
} from '../../bench/ratio-math';

describe('bench ratio math', () => {
  it.each([
    { values: [1, 2, 3, 4], q: 0.5, expected: 2 },
    { values: [1, 2, 3, 4, 5], q: 0.5, expected: 3 },
    { values: [1, 2, 3, 4], q: 0.99, expected: 4 },
    { values: [7], q: 0.01, expected: 7 },
    { values: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], q: 0.9, expected: 90 },
  ])('takes the nearest-rank percentile $q of $values', ({ values, q, expected }) => {
    expect(percentile(values, q)).toBe(expected);
  });

  it('answers NaN for the percentile of no values', () => {
    expect(percentile([], 0.5)).toBeNaN();
    expect(median([])).toBeNaN();
  });

  it('sorts before taking a median or percentiles, leaving the input alone', () => {
    const latencies = [5, 1, 4, 2, 3];

    expect(median(latencies)).toBe(3);
    expect(latencyPercentiles(latencies)).toEqual({ p50: 3, p99: 5 });
    expect(latencies).toEqual([5, 1, 4, 2, 3]);
  });

  it('divides the subject by the reference run by run', () => {
    const ratios = ratiosPerRun([2, 3, 1.5], [1, 2, 0.5]);

    expect(ratios[0]).toBeCloseTo(2);
    expect(ratios[1]).toBeCloseTo(1.5);
    expect(ratios[2]).toBeCloseTo(3);
  });

  it('refuses runs that do not pair up', () => {
    expect(() => ratiosPerRun([1, 2], [1])).toThrow('2 subject runs against 1 reference runs');
  });

  it('summarizes runs as their median and min–max spread', () => {
    expect(summarizeRuns([2.07, 1.05, 1.4])).toEqual({
      median: 1.4,
      min: 1.05,
      max: 2.07,
      runs: [2.07, 1.05, 1.4],
    });
  });

  it('alternates the order of arms round by round', () => {
    expect(roundOrder(['floor', 'small', 'large'], 0)).toEqual(['floor', 'small', 'large']);
    expect(roundOrder(['floor', 'small', 'large'], 1)).toEqual(['large', 'small', 'floor']);
    expect(roundOrder(['floor', 'small', 'large'], 2)).toEqual(['floor', 'small', 'large']);
  });

  it.each([
    { ratio: 1.5, limit: 1.5, bound: 'at most', met: true },
    { ratio: 1.51, limit: 1.5, bound: 'at most', met: false },
    { ratio: 0.6, limit: 0.6, bound: 'at least', met: true },
    { ratio: 0.59, limit: 0.6, bound: 'at least', met: false },
  ] as const)('judges $ratio against $bound $limit: met $met', ({ ratio, limit, bound, met }) => {
    expect(meetsTarget(ratio, limit, bound)).toBe(met);
  });
});
