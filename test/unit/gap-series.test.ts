import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SECONDS_PER_DAY } from '../../src/energy/curve';
import { type GapPlan, gapFigures, type LongGap } from '../../src/energy/gap-series';
import { planDayRates } from '../../src/energy/plan-series';
import type { PricePlan } from '../../src/energy/plan-versions';
import { type DynamicRates, NO_DYNAMIC_RATES } from '../../src/energy/rate-pieces';
import { directPriceOf } from '../support/direct-pricing';
import { decimalArb, dynamicRatesArb, planArb } from '../support/tariff-arbitraries';

const DAY = SECONDS_PER_DAY;
// 2024-03-01: the gaps below cross London's and New York's spring clock changes.
const GAP_START = Date.parse('2024-03-01T10:17:23Z') / 1000;

function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected)),
  );
}

function gapPlan(plan: PricePlan, dynamic: DynamicRates = NO_DYNAMIC_RATES): GapPlan {
  return {
    plan,
    dynamic,
    dayRates: (day) => planDayRates(plan, dynamic, day * DAY),
  };
}

describe('gapFigures', () => {
  it('prices whole days of a long straight gap like the reference, folded by weekday', () => {
    fc.assert(
      fc.property(
        fc.tuple(planArb('gap-a', { around: GAP_START }), planArb('gap-b', { around: GAP_START })),
        dynamicRatesArb(GAP_START + 20 * DAY),
        fc.integer({ min: 12, max: 40 }),
        decimalArb(0, 5),
        decimalArb(0, 5),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        (plans, dynamicImport, days, startKw, endKw, skipHead, skipTail) => {
          const endTime = GAP_START + days * DAY + 4321;
          const segment = { startTime: GAP_START, startKw, endTime, endKw };
          const gap: LongGap = {
            firstDay: Math.floor(GAP_START / DAY) + 1,
            endDay: Math.floor(endTime / DAY),
            segment,
          };
          const fromDay = gap.firstDay + skipHead;
          const toDay = gap.endDay - skipTail;
          fc.pre(toDay > fromDay);
          const dynamic = { import: dynamicImport, export: [] };
          const figures = gapFigures(gap, fromDay, toDay, [
            gapPlan(plans[0], dynamic),
            gapPlan(plans[1]),
          ]);
          const direct = directPriceOf(
            {
              readings: [
                { time: GAP_START, reading: startKw },
                { time: endTime, reading: endKw },
              ],
            },
            [{ ...plans[0], dynamicImport }, plans[1]],
            { from: fromDay * DAY, to: toDay * DAY },
          );
          expectClose(figures.kwh, direct.kwh, 'kWh');
          figures.plans.forEach((series, p) => {
            const expected = direct.plans[p];
            if (!series || !expected) throw new Error('a plan went missing');
            expectClose(series.energy + series.vat, expected.energyCost, 'energy');
            expectClose(series.lowest, expected.lowestEnergyCost, 'lowest');
          });
        },
      ),
      { numRuns: 15 },
    );
  }, 60_000);

  it('costs a gap of 50 years a few hundred folded sums, not a day at a time', () => {
    const plan = planArb('long', { zones: ['Europe/London'] });
    const [sample] = fc.sample(plan, { numRuns: 1, seed: 7 });
    if (!sample) throw new Error('no plan');
    const segment = { startTime: 0, startKw: 1, endTime: 50 * 365 * DAY, endKw: 2 };
    const gap: LongGap = { firstDay: 1, endDay: 50 * 365, segment };
    let daysPriced = 0;
    const counting: GapPlan = {
      plan: sample,
      dynamic: { import: [], export: [] },
      dayRates: (day) => {
        daysPriced++;
        return planDayRates(sample, { import: [], export: [] }, day * DAY);
      },
    };
    gapFigures(gap, gap.firstDay, gap.endDay, [counting]);
    // Two clock changes a year (each a few special days), and a handful of folded weekdays.
    expect(daysPriced).toBeLessThan(50 * 2 * 4 + 100);
  });
});
