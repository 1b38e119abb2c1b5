import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  latestReadingPerTime,
  segmentsOfIntervals,
  segmentsOfReadings,
} from '../../src/energy/curve';
import { constantRatesOf } from '../../src/energy/plan-series';
import type { PricePlan } from '../../src/energy/plan-versions';
import type { DynamicRates } from '../../src/energy/rate-pieces';
import { standingCharge } from '../../src/energy/standing-charge';
import { type PricedPlan, windowsSeries } from '../../src/energy/window-series';
import {
  type DirectInterval,
  type DirectPlan,
  type DirectRate,
  type DirectReading,
  directPriceOf,
} from '../support/direct-pricing';
import { memoryWindowSource } from '../support/memory-source';
import {
  DAY,
  dynamicRatesArb,
  intervalsArb,
  planArb,
  readingsArb,
  START,
  windowArb,
} from '../support/tariff-arbitraries';

const RUNS = 60;

function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected)),
  );
}

interface Case {
  readonly readings: DirectReading[];
  readonly importIntervals: DirectInterval[] | null;
  readonly exportIntervals: DirectInterval[];
  readonly plans: PricePlan[];
  readonly dynamicImport: DirectRate[];
  readonly dynamicExport: DirectRate[];
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  readings: readingsArb,
  importIntervals: fc.option(intervalsArb, { nil: null }),
  exportIntervals: intervalsArb,
  plans: fc.tuple(planArb('plan-a'), planArb('plan-b'), planArb('plan-c')),
  dynamicImport: dynamicRatesArb(),
  dynamicExport: dynamicRatesArb(),
});

/** The dynamic plan of a case is its first one. */
function directPlans(c: Case): DirectPlan[] {
  return c.plans.map((plan, index) =>
    index === 0
      ? { ...plan, dynamicImport: c.dynamicImport, dynamicExport: c.dynamicExport }
      : plan,
  );
}

function priced(c: Case): { plans: PricedPlan[]; dynamic: Map<string, DynamicRates> } {
  const dynamic = new Map<string, DynamicRates>([
    [c.plans[0]?.id ?? '', { import: c.dynamicImport, export: c.dynamicExport }],
  ]);
  const plans = c.plans.map((plan, index) => ({
    plan,
    constant: constantRatesOf(
      plan,
      index === 0 && (c.dynamicImport.length > 0 || c.dynamicExport.length > 0),
    ),
  }));
  return { plans, dynamic };
}

function sourceOf(c: Case) {
  const importCurve =
    c.importIntervals === null
      ? segmentsOfReadings(latestReadingPerTime(c.readings))
      : segmentsOfIntervals(c.importIntervals);
  const { plans, dynamic } = priced(c);
  return {
    plans,
    source: memoryWindowSource(importCurve, segmentsOfIntervals(c.exportIntervals), plans, dynamic),
  };
}

describe('windowsSeries', () => {
  it('prices any window of any curve like the reference, on every kind of plan', () => {
    fc.assert(
      fc.property(caseArb, fc.array(windowArb, { minLength: 1, maxLength: 3 }), (c, windows) => {
        const { plans, source } = sourceOf(c);
        const meter =
          c.importIntervals === null
            ? { readings: c.readings, exportIntervals: c.exportIntervals }
            : { importIntervals: c.importIntervals, exportIntervals: c.exportIntervals };
        const actual = windowsSeries(
          windows.map(({ from, to }) => [from, to] as const),
          source,
          plans,
        );
        windows.forEach((window, w) => {
          const direct = directPriceOf(meter, directPlans(c), window);
          const figures = actual[w];
          if (figures === undefined) throw new Error('a window went missing');
          expectClose(figures.kwh, direct.kwh, 'kWh');
          expectClose(figures.exportKwh, direct.exportKwh, 'export kWh');
          figures.plans.forEach((series, p) => {
            const expected = direct.plans[p];
            if (expected === undefined) throw new Error('a plan went missing');
            const id = expected.pricePlanId;
            const standing = standingCharge(c.plans[p] as PricePlan, window.from, window.to);
            expectClose(series.energy + series.vat, expected.energyCost, `${id} energy`);
            expectClose(series.vat + standing.vat, expected.vat, `${id} VAT`);
            expectClose(standing.charge, expected.standingCharge, `${id} standing charge`);
            expectClose(series.lowest, expected.lowestEnergyCost, `${id} lowest`);
            expectClose(series.exportCredit, expected.exportCredit, `${id} export credit`);
          });
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('adds up over windows: a..b plus b..c is a..c', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.integer({ min: START - DAY, max: START + 2 * DAY }),
        fc.integer({ min: 1, max: 2 * DAY }),
        fc.integer({ min: 1, max: 2 * DAY }),
        (c, a, first, second) => {
          const { plans, source } = sourceOf(c);
          const b = a + first;
          const end = b + second;
          const [ab, bc, ac] = windowsSeries(
            [
              [a, b],
              [b, end],
              [a, end],
            ],
            source,
            plans,
          );
          if (!ab || !bc || !ac) throw new Error('a window went missing');
          expectClose(ab.kwh + bc.kwh, ac.kwh, 'kWh');
          ac.plans.forEach((series, p) => {
            const left = ab.plans[p];
            const right = bc.plans[p];
            if (!left || !right) throw new Error('a plan went missing');
            expectClose(left.energy + right.energy, series.energy, 'energy');
            expectClose(left.vat + right.vat, series.vat, 'VAT');
            expectClose(left.lowest + right.lowest, series.lowest, 'lowest');
            expectClose(left.exportCredit + right.exportCredit, series.exportCredit, 'export');
          });
        },
      ),
      { numRuns: RUNS },
    );
  });
});
