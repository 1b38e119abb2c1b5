import { describe, expect, it } from 'vitest';
import { configPricePlans } from '../../src/config/price-plans';
import { SECONDS_PER_DAY, segmentsOfIntervals, segmentsOfReadings } from '../../src/energy/curve';
import { aggregateDay, dayEnergyOf, planSumKeys } from '../../src/energy/day-aggregate';
import { constantRatesOf, planDayRates } from '../../src/energy/plan-series';
import { NO_DYNAMIC_RATES } from '../../src/energy/rate-pieces';
import { SUM_KEYS } from '../../src/energy/window-series';
import { ECONOMY_7_PLAN } from '../plans';

const DAY = 19_732; // 10 January 2024, a Wednesday
const MIDNIGHT = DAY * SECONDS_PER_DAY;

describe('dayEnergyOf', () => {
  const curve = segmentsOfReadings([
    { time: MIDNIGHT - 3600, reading: 2 },
    { time: MIDNIGHT, reading: 2 },
  ]);

  it('has nothing for a day the curve does not reach, even one it ends at', () => {
    expect(dayEnergyOf(DAY, curve, [])).toBeNull();
    expect(dayEnergyOf(DAY + 5, curve, [])).toBeNull();
  });

  it('gives a day its import per quarter hour, and export only where there is some', () => {
    const energy = dayEnergyOf(DAY - 1, curve, []);
    expect(energy?.importKwh.slice(92)).toEqual(new Float64Array([0.5, 0.5, 0.5, 0.5]));
    expect(energy?.exportKwh).toBeNull();

    const exported = segmentsOfIntervals([{ start: MIDNIGHT, end: MIDNIGHT + 900, kwh: 0.3 }]);
    const withExport = dayEnergyOf(DAY, [], exported);
    expect(withExport?.importKwh.every((kwh) => kwh === 0)).toBe(true);
    expect(withExport?.exportKwh?.[0]).toBeCloseTo(0.3, 12);
  });

  it('gives every day under a gap of days its share of the gap', () => {
    const gap = segmentsOfReadings([
      { time: MIDNIGHT, reading: 1 },
      { time: MIDNIGHT + 10 * SECONDS_PER_DAY, reading: 1 },
    ]);
    const fifth = dayEnergyOf(DAY + 4, gap, []);
    expect(fifth?.importKwh.reduce((sum, kwh) => sum + kwh, 0)).toBeCloseTo(24, 12);
  });
});

describe('aggregateDay', () => {
  it('sums the day’s kWh, and keeps series only for plans whose rates change', () => {
    // 1 kW all day: 7 night hours at 0.1 and 17 day hours at 0.3 on Economy 7.
    const curve = segmentsOfReadings([
      { time: MIDNIGHT, reading: 1 },
      { time: MIDNIGHT + SECONDS_PER_DAY, reading: 1 },
    ]);
    const energy = dayEnergyOf(DAY, curve, []);
    if (energy === null) throw new Error('the day has energy');
    const plans = [...configPricePlans(), ECONOMY_7_PLAN].map((plan) => ({
      plan,
      constant: constantRatesOf(plan, false),
    }));

    const aggregate = aggregateDay(DAY, energy, plans, (plan) =>
      planDayRates(plan, NO_DYNAMIC_RATES, MIDNIGHT),
    );

    expect(Object.keys(aggregate.sums).sort()).toEqual(
      [SUM_KEYS.importKwh, SUM_KEYS.exportKwh, ...planSumKeys('economy-7')].sort(),
    );
    expect(aggregate.sums[SUM_KEYS.importKwh]).toBeCloseTo(24, 12);
    expect(aggregate.sums[SUM_KEYS.exportKwh]).toBe(0);
    expect(aggregate.sums[SUM_KEYS.energy('economy-7')]).toBeCloseTo(7 * 0.1 + 17 * 0.3, 12);
    expect(aggregate.sums[SUM_KEYS.lowest('economy-7')]).toBeCloseTo(24 * 0.1, 12);
  });
});
