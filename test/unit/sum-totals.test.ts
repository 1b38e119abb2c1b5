import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SumTotals } from '../../src/energy/sum-totals';

describe('totals of rows of sums', () => {
  it('keeps a small value that a large one would swallow', () => {
    const totals = new SumTotals();
    totals.addAll({ k: 1e16 });
    totals.addAll({ k: 1 });
    totals.addAll({ k: -1e16 });
    expect(totals.totals().get('k')).toBe(1);
  });

  it('adds each key on its own, keys absent from a row adding nothing', () => {
    const totals = new SumTotals();
    totals.addAll({ k: 1.5, 'e:plan': 2 });
    totals.addAll({ k: 2.25 });
    expect(Object.fromEntries(totals.totals())).toEqual({ k: 3.75, 'e:plan': 2 });
  });

  it('adds whole kWh of any size exactly, in any order', () => {
    // Integers below 2^53 each, whose exact total BigInt gives; the total stays below 2^53.
    const rows = fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { maxLength: 200 });
    fc.assert(
      fc.property(rows, (values) => {
        const totals = new SumTotals();
        for (const value of values) totals.add('k', value);
        const exact = values.reduce((sum, value) => sum + BigInt(value), 0n);
        return (totals.totals().get('k') ?? 0) === Number(exact);
      }),
    );
  });
});
