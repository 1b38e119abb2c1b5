import { describe, expect, it } from 'vitest';
import { type PowerSegment, segmentsOfReadings } from '../../src/energy/curve';
import { type LatestImport, liveFigures, todaySoFar } from '../../src/energy/live-figures';
import { constantRatesOf } from '../../src/energy/plan-series';
import type { PricePlan } from '../../src/energy/plan-versions';
import type { AccountSwitch, PricingInputs } from '../../src/energy/prices';
import { windowsSeries } from '../../src/energy/window-series';
import { testPlan } from '../plans';
import { memoryWindowSource } from '../support/memory-source';

const at = (iso: string) => Date.parse(iso) / 1000;

/** 1 on the pound per kWh and 0.48 a day (0.02 an hour), in London. */
const LONDON = testPlan({
  id: 'london-flat',
  supplier: 'Test Supplier',
  unitRatePerKwh: 1,
  timeZone: 'Europe/London',
  standingChargePerDay: 0.48,
});
/** 0.2 per kWh imported, 0.15 per kWh exported, in UTC. */
const EXPORTING = testPlan({
  id: 'exporting',
  supplier: 'Test Supplier',
  unitRatePerKwh: 0.2,
  exportRatePerKwh: 0.15,
});

/** A constant power from `from` to `to`, as two readings make it. */
function constantKw(kw: number, from: number, to: number): PowerSegment[] {
  return segmentsOfReadings([
    { time: from, reading: kw },
    { time: to, reading: kw },
  ]);
}

function inputsOf(options: {
  plans: readonly PricePlan[];
  history: readonly AccountSwitch[];
  importCurve: readonly PowerSegment[];
  exportCurve?: readonly PowerSegment[];
  now: number;
}): PricingInputs & { span: { first: number; last: number } | null; now: number } {
  const priced = options.plans.map((plan) => ({ plan, constant: constantRatesOf(plan, false) }));
  const curve = [...options.importCurve, ...(options.exportCurve ?? [])];
  const first = Math.min(...curve.map((segment) => segment.startTime));
  const last = Math.max(...curve.map((segment) => segment.endTime));
  return {
    plans: priced,
    history: options.history,
    series: (windows, asked) =>
      windowsSeries(
        windows,
        memoryWindowSource(options.importCurve, options.exportCurve ?? [], asked),
        asked,
      ),
    span: curve.length === 0 ? null : { first, last },
    now: options.now,
  };
}

describe('todaySoFar', () => {
  it.each([
    [
      'the account plan’s zone (01:30 BST)',
      [{ pricePlanId: 'london-flat', from: null }],
      '2024-07-01T23:00:00Z',
    ],
    ['UTC without an account', [], '2024-07-02T00:00:00Z'],
  ])('starts today at local midnight of %s', (_zone, history, start) => {
    const now = at('2024-07-02T00:30:00Z');
    const inputs = inputsOf({ plans: [LONDON], history, importCurve: [], now });

    expect(todaySoFar(inputs, now)).toEqual([at(start), now]);
  });

  it('starts a 25-hour day (the clocks go back) at its midnight, 25 hours before its end', () => {
    const now = at('2024-10-27T23:59:00Z');
    const history = [{ pricePlanId: 'london-flat', from: null }];
    const inputs = inputsOf({ plans: [LONDON], history, importCurve: [], now });

    expect(todaySoFar(inputs, now)).toEqual([at('2024-10-26T23:00:00Z'), now]);
  });
});

describe('liveFigures', () => {
  const now = at('2024-07-02T00:30:00Z');
  const importCurve = constantKw(1, at('2024-07-01T22:00:00Z'), now);
  const latest: LatestImport = { time: now, powerKw: 1 };

  it('counts energy and cost from local midnight in the plan’s zone, standing charge so far included', () => {
    const history = [{ pricePlanId: 'london-flat', from: null }];
    const inputs = inputsOf({ plans: [LONDON], history, importCurve, now });

    const figures = liveFigures(inputs, latest);

    // 23:00Z (midnight BST) to 00:30Z: 1.5 kWh at 1, and 1.5 hours of 0.02.
    expect(figures).toEqual({
      time: now,
      powerKw: 1,
      todayKwh: expect.closeTo(1.5, 12),
      todayCost: expect.closeTo(1.5 + 0.03, 12),
    });
  });

  it('counts from UTC midnight, with no cost, without an account', () => {
    const inputs = inputsOf({ plans: [LONDON], history: [], importCurve, now });

    expect(liveFigures(inputs, latest)).toEqual({
      time: now,
      powerKw: 1,
      todayKwh: expect.closeTo(0.5, 12),
      todayCost: null,
    });
  });

  it('nets the export credit out of the cost, and counts import alone as energy', () => {
    const noon = at('2024-07-02T12:00:00Z');
    const inputs = inputsOf({
      plans: [EXPORTING],
      history: [{ pricePlanId: 'exporting', from: null }],
      importCurve: constantKw(1, at('2024-07-02T09:00:00Z'), at('2024-07-02T11:00:00Z')),
      exportCurve: constantKw(0.5, at('2024-07-02T10:00:00Z'), at('2024-07-02T11:30:00Z')),
      now: noon,
    });

    const figures = liveFigures(inputs, { time: at('2024-07-02T11:00:00Z'), powerKw: 1 });

    // 2 kWh at 0.2 less 0.75 kWh at 0.15; the latest data is the export's end.
    expect(figures).toEqual({
      time: at('2024-07-02T11:30:00Z'),
      powerKw: 1,
      todayKwh: expect.closeTo(2, 12),
      todayCost: expect.closeTo(0.4 - 0.1125, 12),
    });
  });

  it('gives nulls and zero for a meter without data or account', () => {
    const inputs = inputsOf({ plans: [LONDON], history: [], importCurve: [], now });

    expect(liveFigures(inputs, null)).toEqual({
      time: null,
      powerKw: null,
      todayKwh: 0,
      todayCost: null,
    });
  });
});
