import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateUpdate,
  BUCKET_FAN_OUT,
  BUCKET_SECONDS,
  coveringBucketRuns,
  parentRuns,
  TOP_BUCKET_LEVEL,
} from '../../src/energy/aggregates';

/** The base buckets a run of level-k buckets spans. */
function baseRange(run: { level: number; first: number; end: number }): [number, number] {
  const width = BUCKET_FAN_OUT ** run.level;
  return [run.first * width, run.end * width];
}

describe('coveringBucketRuns', () => {
  it('covers every base bucket of the range exactly once, with at most two runs per level', () => {
    fc.assert(
      // Every base bucket of an accepted time: from the epoch to 2106 (2^32 s).
      fc.property(fc.nat(4_700_000), fc.nat(4_700_000), (first, length) => {
        const runs = coveringBucketRuns(first, first + length);
        const ranges = runs.map(baseRange).sort((a, b) => a[0] - b[0]);
        let next = first;
        for (const [start, end] of ranges) {
          expect(start).toBe(next);
          expect(end).toBeGreaterThan(start);
          next = end;
        }
        expect(next).toBe(first + length);
        const perLevel = new Map<number, number>();
        for (const run of runs) perLevel.set(run.level, (perLevel.get(run.level) ?? 0) + 1);
        for (const count of perLevel.values()) expect(count).toBeLessThanOrEqual(2);
        for (const run of runs) {
          expect(run.end - run.first).toBeLessThan(2 * BUCKET_FAN_OUT);
          expect(run.level).toBeLessThanOrEqual(TOP_BUCKET_LEVEL);
        }
      }),
    );
  });

  it('is empty for an empty range', () => {
    expect(coveringBucketRuns(40, 40)).toEqual([]);
  });
});

describe('parentRuns', () => {
  it('groups the parents of buckets into runs of consecutive parents', () => {
    expect(parentRuns(0, [0, 15, 16, 40, 48, 200])).toEqual([
      { level: 1, first: 0, end: 4 },
      { level: 1, first: 12, end: 13 },
    ]);
  });
});

describe('aggregateUpdate', () => {
  it('splits a short segment into the quarter hours it crosses', () => {
    // 2 kW constant from 00:10 to 00:40: 5 min, 15 min and 10 min in three buckets.
    const readings = [
      { time: 600, reading: 2 },
      { time: 2400, reading: 2 },
    ];
    const update = aggregateUpdate([], readings, 600, 2400);
    expect([...update.kwhByBucket.keys()]).toEqual([0, 1, 2]);
    expect(update.kwhByBucket.get(0)).toBeCloseTo(2 * (300 / 3600), 12);
    expect(update.kwhByBucket.get(1)).toBeCloseTo(2 * (BUCKET_SECONDS / 3600), 12);
    expect(update.kwhByBucket.get(2)).toBeCloseTo(2 * (600 / 3600), 12);
    expect(update.longSegments).toEqual([]);
  });

  it('keeps a gap of more than a day whole instead of spreading it over buckets', () => {
    const readings = [
      { time: 0, reading: 1 },
      { time: 10 * 86_400, reading: 3 },
    ];
    const update = aggregateUpdate([], readings, 0, 10 * 86_400);
    expect(update.kwhByBucket.size).toBe(0);
    expect(update.longSegments).toEqual([{ startTime: 0, startKw: 1, endTime: 864_000, endKw: 3 }]);
  });

  it('splits a long gap when a reading arrives inside it', () => {
    const before = [
      { time: 0, reading: 1 },
      { time: 172_800, reading: 1 },
    ];
    const after = [
      { time: 0, reading: 1 },
      { time: 600, reading: 1 },
      { time: 172_800, reading: 1 },
    ];
    const update = aggregateUpdate(before, after, 0, 172_800);
    expect([...update.kwhByBucket]).toEqual([[0, 600 / 3600]]);
    expect(update.longSegments).toEqual([
      { startTime: 600, startKw: 1, endTime: 172_800, endKw: 1 },
    ]);
  });
});
