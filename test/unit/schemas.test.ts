import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { SmartMeterIdSchema } from '../../src/meter-id';
import { RecommendQuerySchema } from '../../src/schemas/price-plans';
import { WindowQuerySchema } from '../../src/schemas/query';
import { ReadingsInputSchema } from '../../src/schemas/readings';

const nowSeconds = () => Math.floor(Date.now() / 1000);

function messagesFor(schema: v.GenericSchema, input: unknown): string[] {
  const result = v.safeParse(schema, input);
  return result.success ? [] : result.issues.map((issue) => issue.message);
}

describe('SmartMeterIdSchema', () => {
  it.each(['smart-meter-0', 'a', '0', 'A.b_c-9', 'x'.repeat(64)])('accepts %j', (id) => {
    expect(v.safeParse(SmartMeterIdSchema, id).success).toBe(true);
  });

  it.each(['', '-meter', '.meter', '_m', 'meter 0', 'mètre', 'm/0', 'x'.repeat(65), 'a\n'])(
    'rejects %j',
    (id) => {
      expect(v.safeParse(SmartMeterIdSchema, id).success).toBe(false);
    },
  );
});

describe('ReadingsInputSchema', () => {
  const valid = {
    smartMeterId: 'smart-meter-0',
    electricityReadings: [{ time: 1606636800, reading: 0.0503 }],
  };

  it('accepts the seed example and drops unknown fields', () => {
    const output = v.parse(ReadingsInputSchema, { ...valid, extra: true });
    expect(output).toEqual(valid);
  });

  it('accepts an empty array and a zero reading at the epoch', () => {
    expect(v.safeParse(ReadingsInputSchema, { ...valid, electricityReadings: [] }).success).toBe(
      true,
    );
    expect(
      v.safeParse(ReadingsInputSchema, { ...valid, electricityReadings: [{ time: 0, reading: 0 }] })
        .success,
    ).toBe(true);
  });

  it('accepts a time up to 24 hours after the server clock', () => {
    const time = nowSeconds() + 24 * 3600 - 60;
    expect(
      v.safeParse(ReadingsInputSchema, { ...valid, electricityReadings: [{ time, reading: 1 }] })
        .success,
    ).toBe(true);
  });

  it.each([
    { name: 'a negative time', reading: { time: -1, reading: 1 }, message: /epoch/ },
    { name: 'a fractional time', reading: { time: 1.5, reading: 1 }, message: /whole seconds/ },
    { name: 'a string time', reading: { time: '1606636800', reading: 1 }, message: /number/ },
    {
      name: 'a time in milliseconds',
      reading: { time: Date.now(), reading: 1 },
      message: /milliseconds/,
    },
    {
      name: 'a time two days ahead',
      reading: { time: nowSeconds() + 2 * 86400, reading: 1 },
      message: /24 hours/,
    },
    { name: 'a negative reading', reading: { time: 1, reading: -0.1 }, message: /0 kW or more/ },
    {
      name: 'a reading above 1,000,000 kW',
      reading: { time: 1, reading: 1_000_000.5 },
      message: /at most 1,000,000 kW/,
    },
    {
      name: 'the largest double as a reading',
      reading: { time: 1, reading: Number.MAX_VALUE },
      message: /at most 1,000,000 kW/,
    },
    { name: 'a missing reading', reading: { time: 1 }, message: /required/ },
    { name: 'a null reading', reading: { time: 1, reading: null }, message: /kW/ },
  ])('rejects $name', ({ reading, message }) => {
    const messages = messagesFor(ReadingsInputSchema, { ...valid, electricityReadings: [reading] });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it('accepts 1,000,000 kW, the physical bound', () => {
    const electricityReadings = [{ time: 1, reading: 1_000_000 }];
    expect(v.safeParse(ReadingsInputSchema, { ...valid, electricityReadings }).success).toBe(true);
  });

  it('refuses an oversized batch by its length alone, before looking at any reading', () => {
    const electricityReadings = Array.from({ length: 10_001 }, () => 0);
    expect(messagesFor(ReadingsInputSchema, { ...valid, electricityReadings })).toEqual([
      'must hold at most 10000 readings per request',
    ]);
  });

  it('rejects more than 10,000 readings', () => {
    const electricityReadings = Array.from({ length: 10_001 }, (_, time) => ({ time, reading: 1 }));
    expect(messagesFor(ReadingsInputSchema, { ...valid, electricityReadings })).toEqual([
      'must hold at most 10000 readings per request',
    ]);
  });
});

describe('WindowQuerySchema', () => {
  it('turns wire strings into epoch seconds', () => {
    expect(v.parse(WindowQuerySchema, { from: '0', to: '1606636800' })).toEqual({
      from: 0,
      to: 1606636800,
    });
  });

  it.each([
    { from: '-1' },
    { from: '1.5' },
    { to: 'abc' },
    { to: '' },
    { from: '10', to: '10' },
    { from: '11', to: '10' },
    { from: '1'.repeat(16) },
  ])('rejects %j', (query) => {
    expect(v.safeParse(WindowQuerySchema, query).success).toBe(false);
  });

  it('says a repeated parameter must be given once', () => {
    expect(messagesFor(WindowQuerySchema, { from: ['1', '2'] })).toEqual(['must be given once']);
  });
});

describe('RecommendQuerySchema', () => {
  it('accepts a limit of 1 or more', () => {
    expect(v.parse(RecommendQuerySchema, { limit: '1' })).toEqual({ limit: 1 });
    expect(v.parse(RecommendQuerySchema, { limit: '100' })).toEqual({ limit: 100 });
  });

  it.each(['0', '-1', '1.5', 'two', '', ' 1'])('rejects limit=%j', (limit) => {
    expect(v.safeParse(RecommendQuerySchema, { limit }).success).toBe(false);
  });
});
