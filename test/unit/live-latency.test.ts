import { describe, expect, it } from 'vitest';
import { deliveries, percentile, summarizeLatencies } from '../../scripts/live-latency';

describe('live delivery latency', () => {
  it('pairs each store with the first update that reaches its data time', () => {
    const stores = [
      { answeredAtMs: 1000, latestDataTime: 100 },
      { answeredAtMs: 1100, latestDataTime: 200 },
    ];
    const updates = [
      { receivedAtMs: 1105, time: 200 },
      { receivedAtMs: 1010, time: 100 },
    ];
    expect(deliveries(stores, updates)).toEqual({ latenciesMs: [10, 5], undelivered: 0 });
  });

  it('lets one update deliver the stores it folded together', () => {
    const stores = [
      { answeredAtMs: 1000, latestDataTime: 100 },
      { answeredAtMs: 1100, latestDataTime: 200 },
    ];
    expect(deliveries(stores, [{ receivedAtMs: 1120, time: 200 }])).toEqual({
      latenciesMs: [120, 20],
      undelivered: 0,
    });
  });

  it('counts an update that beat the answer as a negative delay, and a store never heard of', () => {
    const stores = [
      { answeredAtMs: 1000, latestDataTime: 100 },
      { answeredAtMs: 1200, latestDataTime: 300 },
    ];
    expect(deliveries(stores, [{ receivedAtMs: 990, time: 100 }])).toEqual({
      latenciesMs: [-10],
      undelivered: 1,
    });
    expect(deliveries(stores, [])).toEqual({ latenciesMs: [], undelivered: 2 });
  });

  it.each([
    [50, 50],
    [99, 99],
    [100, 100],
    [1, 1],
    [0.1, 1],
  ])('takes the nearest-rank p%s of 1…100 as %s', (p, expected) => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, p)).toBe(expected);
  });

  it('summarizes delays: p50, p99, max and how many beat the answer', () => {
    expect(summarizeLatencies([30, -4, 10, 20, 1000])).toEqual({
      deliveries: 5,
      p50Ms: 20,
      p99Ms: 1000,
      maxMs: 1000,
      beforeAnswer: 1,
    });
    expect(summarizeLatencies([])).toBeNull();
  });
});
