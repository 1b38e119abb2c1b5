import { describe, expect, it } from 'vitest';
import { configPricePlans } from '../../src/config/price-plans';
import { Coverage } from '../../src/energy/coverage';
import { segmentsOfReadings } from '../../src/energy/curve';
import { constantRatesOf } from '../../src/energy/plan-series';
import {
  type DataSpan,
  priceWindow,
  resolveWindow,
  type UsageInputs,
} from '../../src/energy/usage-pages';
import { windowsSeries } from '../../src/energy/window-series';
import { memoryWindowSource } from '../support/memory-source';

const DAY = 86_400;
const SPAN = { first: 1_000 * DAY, last: 1_002 * DAY };

/** Usage inputs over a 1 kW curve across the span (or no data at all), on the reference plans. */
function inputsOver(span: DataSpan | null): UsageInputs {
  const curve =
    span === null
      ? []
      : segmentsOfReadings([
          { time: span.first, reading: 1 },
          { time: span.last, reading: 1 },
        ]);
  const plans = configPricePlans().map((plan) => ({
    plan,
    constant: constantRatesOf(plan, false),
  }));
  return {
    plans,
    history: [],
    series: (windows, asked) => windowsSeries(windows, memoryWindowSource(curve, [], asked), asked),
    span,
    coverage: () => new Coverage(span === null ? [] : [[span.first, span.last]]),
    hasExport: false,
    now: SPAN.last,
  };
}

describe('resolveWindow', () => {
  it.each([
    [{}, { from: SPAN.first, to: SPAN.last }],
    [{ from: SPAN.first + 5 }, { from: SPAN.first + 5, to: SPAN.last }],
    [{ to: SPAN.first - 10 }, { from: SPAN.first, to: SPAN.first }],
    [{ from: SPAN.last + 10 }, { from: SPAN.last + 10, to: SPAN.last + 10 }],
    [
      { from: 3, to: 7 },
      { from: 3, to: 7 },
    ],
  ])('resolves %o to %o', (window, expected) => {
    expect(resolveWindow(window, SPAN)).toEqual(expected);
  });
});

describe('priceWindow', () => {
  it('prices the readings’ span without a window, and nothing for a window beside the data', () => {
    const inputs = inputsOver(SPAN);

    const whole = priceWindow(inputs, {});
    const before = priceWindow(inputs, { from: 0, to: DAY });
    const cut = priceWindow(inputs, { to: SPAN.first - 10 });

    expect(whole?.kwh).toBeCloseTo(48, 12);
    expect(whole?.plans.map((plan) => plan.cost)).toEqual([480, 96, 48]);
    expect(before?.kwh).toBe(0);
    expect(before?.plans.map((plan) => plan.cost)).toEqual([0, 0, 0]);
    expect([cut?.from, cut?.to, cut?.kwh]).toEqual([SPAN.first, SPAN.first, 0]);
  });

  it('is null for a meter without data', () => {
    expect(priceWindow(inputsOver(null), {})).toBeNull();
  });
});
