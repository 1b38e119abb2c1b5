import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Reading } from '../../src/energy/types';
import { decodeHour, encodeHour } from '../../src/meter/hour-encoding';

const HOUR = 472_000; // 2023-11-05T16:00:00Z
const START = HOUR * 3600;

/** Readings at these offsets into the hour, with these kW. */
function hourOf(offsets: readonly number[], kw: readonly number[]): Reading[] {
  return offsets.map((offset, index) => ({ time: START + offset, reading: kw[index] ?? 0 }));
}

/** Whether two lists hold the same readings, -0 and NaN told apart as the bits are. */
function sameReadings(a: readonly Reading[], b: readonly Reading[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (reading, i) => reading.time === b[i]?.time && Object.is(reading.reading, b[i]?.reading),
    )
  );
}

describe('an hour of readings as one row', () => {
  it('keeps evenly spaced readings to the watt as a start, a step and whole watts', () => {
    const readings = hourOf([0, 60, 120, 180], [0.523, 1.2, 0.05, 3]);
    expect(encodeHour(HOUR, readings)).toBe('{"s":[0,60],"e":3,"k":[523,1200,50,3000]}');
  });

  it('keeps uneven offsets as differences and kW with no short decimal as they are', () => {
    const readings = hourOf([5, 65, 3599], [1 / 3, 0.1, 2]);
    expect(encodeHour(HOUR, readings)).toBe(`{"d":[5,60,3534],"v":[${1 / 3},0.1,2]}`);
  });

  it('keeps a single reading with its offset and no step', () => {
    expect(encodeHour(HOUR, hourOf([1800], [7]))).toBe('{"s":[1800,0],"e":0,"k":[7]}');
  });

  it('reads rows of the first layout, [offset, kW, …], as they were stored', () => {
    expect(decodeHour(HOUR, '[100,5,3599,0.5]')).toEqual(hourOf([100, 3599], [5, 0.5]));
  });

  it('gives back exactly the readings stored, whatever their times and kW', () => {
    const hours = fc
      .uniqueArray(fc.integer({ min: 0, max: 3599 }), { minLength: 1, maxLength: 120 })
      .chain((offsets) =>
        fc.tuple(
          fc.constant([...offsets].sort((a, b) => a - b)),
          fc.array(
            fc.oneof(
              fc.double({ min: 0, max: 1_000_000, noNaN: true }),
              fc.integer({ min: 0, max: 1_000_000_000 }).map((watts) => watts / 1000),
              fc.integer({ min: 0, max: 100_000 }).map((tenths) => tenths / 10),
            ),
            { minLength: offsets.length, maxLength: offsets.length },
          ),
        ),
      );
    fc.assert(
      fc.property(hours, ([offsets, kw]) => {
        const readings = hourOf(offsets, kw);
        return sameReadings(decodeHour(HOUR, encodeHour(HOUR, readings)), readings);
      }),
      { numRuns: 2000 },
    );
  });

  it('stores an hour of minute readings to the watt as their whole watts and a few bytes', () => {
    const offsets = Array.from({ length: 60 }, (_, minute) => minute * 60);
    const watts = offsets.map((_, minute) => 40 + ((minute * 7919) % 9000));
    const text = encodeHour(
      HOUR,
      hourOf(
        offsets,
        watts.map((w) => w / 1000),
      ),
    );
    expect(text).toBe(`{"s":[0,60],"e":3,"k":[${watts.join(',')}]}`);
  });
});
