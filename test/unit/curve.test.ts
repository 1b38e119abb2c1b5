import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clipSegment,
  energyBetween,
  latestReadingPerTime,
  QUARTERS_PER_DAY,
  quarterEnergy,
  SECONDS_PER_DAY,
  segmentKwh,
  segmentsOfIntervals,
  segmentsOfReadings,
  usageKwh,
} from '../../src/energy/curve';
import type { Reading } from '../../src/energy/types';
import { directPriceOf } from '../support/direct-pricing';
import { DAY, decimalArb, START } from '../support/tariff-arbitraries';

const T0 = 1_606_636_800; // 2020-11-29 08:00 UTC
const MINUTE = 60;
const HOUR = 3600;

function expectClose(actual: number, expected: number, what = 'kWh'): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected)),
  );
}

/** The curve a meter holds after storing these readings in order. */
const curveOf = (readings: readonly Reading[]) =>
  segmentsOfReadings(latestReadingPerTime(readings));

/** Readings around START, most within two days, some far out, with repeated times. */
const readingsArb = fc.array(
  fc.record({
    time: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: START, max: START + 2 * DAY }) },
      { weight: 1, arbitrary: fc.integer({ min: START - 20 * DAY, max: START + 20 * DAY }) },
    ),
    reading: decimalArb(0, 50),
  }),
  { maxLength: 40 },
);

/** Readings with distinct times, so that the order they arrive in cannot matter. */
const distinctReadingsArb = fc.uniqueArray(
  fc.record({ time: fc.integer({ min: START, max: START + 3 * DAY }), reading: decimalArb(0, 50) }),
  { selector: (reading) => reading.time, maxLength: 40 },
);

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

  it('counts the last reading given for a repeated time, once', () => {
    // 35 kW at T0 is replaced by 15 kW: (15 + 5) / 2 × 0.5 h = 5 kWh.
    const readings = [
      { time: T0, reading: 35 },
      { time: T0 + 30 * MINUTE, reading: 5 },
      { time: T0, reading: 15 },
    ];
    expect(usageKwh(readings)).toBeCloseTo(5, 12);
  });

  it('is the same whatever order readings of distinct times arrive in', () => {
    fc.assert(
      fc.property(
        distinctReadingsArb.chain((readings) =>
          fc.tuple(
            fc.constant(readings),
            fc.shuffledSubarray(readings, { minLength: readings.length }),
          ),
        ),
        ([readings, shuffled]) => {
          expect(usageKwh(shuffled)).toBe(usageKwh(readings));
        },
      ),
    );
  });

  it('agrees with the reference over the readings’ span', () => {
    fc.assert(
      fc.property(readingsArb, (readings) => {
        fc.pre(readings.length > 0);
        expectClose(usageKwh(readings), directPriceOf({ readings }, []).kwh);
      }),
    );
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

  it('is unchanged by posting a batch again (idempotent re-posting)', () => {
    fc.assert(
      fc.property(readingsArb, readingsArb, (earlier, batch) => {
        const once = latestReadingPerTime([...earlier, ...batch]);
        expect(latestReadingPerTime([...earlier, ...batch, ...batch])).toEqual(once);
        expect(latestReadingPerTime([...once, ...batch])).toEqual(once);
      }),
    );
  });
});

describe('segmentsOfReadings and segmentsOfIntervals', () => {
  it('makes a piece per consecutive pair of readings, and none of a single reading', () => {
    expect(segmentsOfReadings([{ time: 0, reading: 3 }])).toEqual([]);
    expect(
      segmentsOfReadings([
        { time: 0, reading: 3 },
        { time: 60, reading: 1 },
        { time: 600, reading: 2 },
      ]),
    ).toEqual([
      { startTime: 0, startKw: 3, endTime: 60, endKw: 1 },
      { startTime: 60, startKw: 1, endTime: 600, endKw: 2 },
    ]);
  });

  it('spreads an interval’s kWh evenly: 1 kWh over half an hour is 2 kW', () => {
    expect(segmentsOfIntervals([{ start: T0, end: T0 + 1800, kwh: 1 }])).toEqual([
      { startTime: T0, startKw: 2, endTime: T0 + 1800, endKw: 2 },
    ]);
  });
});

describe('clipSegment and segmentKwh', () => {
  it('cuts a segment at the window edges, interpolating the power there', () => {
    const [rising, falling] = curveOf([
      { time: 0, reading: 0 },
      { time: 100, reading: 10 },
      { time: 200, reading: 0 },
    ]);
    if (!rising || !falling) throw new Error('two segments expected');
    expect(clipSegment(rising, 20, 150)).toEqual({
      startTime: 20,
      startKw: 2,
      endTime: 100,
      endKw: 10,
    });
    expect(clipSegment(rising, 50, 150)).toEqual({
      startTime: 50,
      startKw: 5,
      endTime: 100,
      endKw: 10,
    });
    expect(clipSegment(falling, 50, 150)).toEqual({
      startTime: 100,
      startKw: 10,
      endTime: 150,
      endKw: 5,
    });
  });

  it('is the trapezoid’s area, and nothing for a segment clipped away', () => {
    const segment = { startTime: T0, startKw: 35, endTime: T0 + 1800, endKw: 5 };
    expect(segmentKwh(segment)).toBe(10);
    expect(segmentKwh(clipSegment(segment, T0 + 3600, T0 + 7200))).toBe(0);
  });
});

describe('energyBetween', () => {
  // 0 kW at T0 rising to 4 kW an hour later: at T0+30min the power is 2 kW.
  const ramp = curveOf([
    { time: T0, reading: 0 },
    { time: T0 + HOUR, reading: 4 },
  ]);

  it.each([
    ['the first half hour', T0, T0 + 30 * MINUTE, 0.5],
    ['the first quarter hour, 0 to 1 kW', T0, T0 + 15 * MINUTE, 0.125],
    ['the second half hour, up to any later time', T0 + 30 * MINUTE, T0 + 10 * HOUR, 1.5],
    ['the middle half hour', T0 + 15 * MINUTE, T0 + 45 * MINUTE, 1],
    ['the whole hour from long before', T0 - 5 * DAY, T0 + HOUR, 2],
  ])('counts only the part of the curve inside %s', (_name, from, to, kwh) => {
    expect(energyBetween(ramp, from, to)).toBeCloseTo(kwh, 12);
  });

  it('is zero for a window outside the readings, or empty', () => {
    expect(energyBetween(ramp, T0 + 2 * HOUR, T0 + 3 * HOUR)).toBe(0);
    expect(energyBetween(ramp, T0 - HOUR, T0)).toBe(0);
    expect(energyBetween(ramp, T0 + 600, T0 + 600)).toBe(0);
    expect(energyBetween([], T0, T0 + HOUR)).toBe(0);
  });

  it('adds up over adjacent windows: a..b plus b..c is a..c', () => {
    fc.assert(
      fc.property(
        readingsArb,
        fc.uniqueArray(fc.integer({ min: START - 3 * DAY, max: START + 5 * DAY }), {
          minLength: 3,
          maxLength: 3,
        }),
        (readings, cuts) => {
          const [a = 0, b = 0, c = 0] = [...cuts].sort((x, y) => x - y);
          const curve = curveOf(readings);
          expectClose(
            energyBetween(curve, a, b) + energyBetween(curve, b, c),
            energyBetween(curve, a, c),
          );
        },
      ),
    );
  });

  it('agrees with the reference on any window', () => {
    fc.assert(
      fc.property(
        readingsArb,
        fc.integer({ min: START - 3 * DAY, max: START + 3 * DAY }),
        fc.integer({ min: 1, max: 4 * DAY }),
        (readings, from, length) => {
          fc.pre(readings.length > 0);
          const expected = directPriceOf({ readings }, [], { from, to: from + length }).kwh;
          expectClose(energyBetween(curveOf(readings), from, from + length), expected);
        },
      ),
    );
  });
});

describe('quarterEnergy', () => {
  const dayStart = Math.floor(T0 / SECONDS_PER_DAY) * SECONDS_PER_DAY;

  it('splits a short segment into the quarter hours it crosses', () => {
    // 2 kW constant from 00:10 to 00:40: 5 min, 15 min and 10 min in three quarter hours.
    const kwh = quarterEnergy(
      curveOf([
        { time: dayStart + 600, reading: 2 },
        { time: dayStart + 2400, reading: 2 },
      ]),
      dayStart,
    );
    expect(kwh).toHaveLength(QUARTERS_PER_DAY);
    expect(kwh[0]).toBeCloseTo(2 * (300 / 3600), 12);
    expect(kwh[1]).toBeCloseTo(2 * (900 / 3600), 12);
    expect(kwh[2]).toBeCloseTo(2 * (600 / 3600), 12);
    expect(kwh.slice(3).every((quarter) => quarter === 0)).toBe(true);
  });

  it('spreads a gap of days over every quarter hour of each day inside it', () => {
    // 1 kW to 3 kW over ten days: the power rises 0.2 kW a day.
    const curve = curveOf([
      { time: dayStart, reading: 1 },
      { time: dayStart + 10 * SECONDS_PER_DAY, reading: 3 },
    ]);
    const fifthDay = quarterEnergy(curve, dayStart + 4 * SECONDS_PER_DAY);
    // 1.8 kW to 2.0 kW over day 4: 45.6 kWh, the first quarter hour from 1.8 kW.
    expect(fifthDay.reduce((sum, quarter) => sum + quarter, 0)).toBeCloseTo(1.9 * 24, 9);
    expect(fifthDay[0]).toBeCloseTo(((1.8 + 1.8 + 0.2 / 96) / 2) * 0.25, 12);
    expect(quarterEnergy(curve, dayStart + 10 * SECONDS_PER_DAY).every((q) => q === 0)).toBe(true);
  });

  it('sums, over a day, to the day’s energy', () => {
    fc.assert(
      fc.property(readingsArb, fc.integer({ min: -3, max: 3 }), (readings, offset) => {
        const curve = curveOf(readings);
        const day = (Math.floor(START / SECONDS_PER_DAY) + offset) * SECONDS_PER_DAY;
        const total = quarterEnergy(curve, day).reduce((sum, quarter) => sum + quarter, 0);
        expectClose(total, energyBetween(curve, day, day + SECONDS_PER_DAY));
      }),
    );
  });
});
