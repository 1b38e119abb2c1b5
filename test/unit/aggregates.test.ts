import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUCKET_FAN_OUT,
  BUCKET_SECONDS,
  bucketKwhInRange,
  bucketRangesOverlapped,
  coveringBucketRuns,
  parentRuns,
  splitIntoRuns,
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

describe('splitIntoRuns', () => {
  const readings = [100, 200, 300, 400, 500].map((time) => ({ time, reading: 1 }));

  it('keeps a batch with no stored reading inside it as one run', () => {
    expect(splitIntoRuns(readings, () => false)).toEqual([readings]);
  });

  it('cuts the batch at every gap that holds a stored reading', () => {
    const runs = splitIntoRuns(readings, (gap) => gap === 0 || gap === 2);
    expect(runs.map((run) => run.map((reading) => reading.time))).toEqual([
      [100],
      [200, 300],
      [400, 500],
    ]);
  });
});

describe('bucketRangesOverlapped', () => {
  it('merges the quarter hours of short segments into disjoint ranges, leaving long ones out', () => {
    const segments = [
      { startTime: 600, startKw: 1, endTime: 2400, endKw: 1 }, // buckets 0–2
      { startTime: 2400, startKw: 1, endTime: 2700, endKw: 1 }, // bucket 2
      { startTime: 9000, startKw: 1, endTime: 9000 + 2 * 86_400, endKw: 1 }, // long: none
      { startTime: 18_000, startKw: 1, endTime: 18_900, endKw: 1 }, // bucket 20
    ];
    expect(bucketRangesOverlapped(segments)).toEqual([
      [0, 3],
      [20, 21],
    ]);
  });
});

describe('bucketKwhInRange', () => {
  it('splits a short segment into the quarter hours it crosses', () => {
    // 2 kW constant from 00:10 to 00:40: 5 min, 15 min and 10 min in three buckets.
    const readings = [
      { time: 600, reading: 2 },
      { time: 2400, reading: 2 },
    ];
    const kwhByBucket = bucketKwhInRange(readings, 0, 3);
    expect([...kwhByBucket.keys()]).toEqual([0, 1, 2]);
    expect(kwhByBucket.get(0)).toBeCloseTo(2 * (300 / 3600), 12);
    expect(kwhByBucket.get(1)).toBeCloseTo(2 * (BUCKET_SECONDS / 3600), 12);
    expect(kwhByBucket.get(2)).toBeCloseTo(2 * (600 / 3600), 12);
  });

  it('leaves a gap of more than a day out of the buckets, which read 0', () => {
    const readings = [
      { time: 0, reading: 1 },
      { time: 10 * 86_400, reading: 3 },
    ];
    expect([...bucketKwhInRange(readings, 0, 2)]).toEqual([
      [0, 0],
      [1, 0],
    ]);
  });

  it('counts only the part of a segment inside the range', () => {
    // 1 kW from 00:00 to 00:30 crosses buckets 0 and 1; only bucket 1 is asked for.
    const readings = [
      { time: 0, reading: 1 },
      { time: 1800, reading: 1 },
    ];
    expect([...bucketKwhInRange(readings, 1, 2)]).toEqual([[1, 0.25]]);
  });
});
