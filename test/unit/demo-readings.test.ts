import { describe, expect, it } from 'vitest';
import { DEMO_END_TIME, DEMO_METER_IDS, demoReadings } from '../../scripts/demo-readings';
import { usageKwh } from '../../src/energy/curve';

const END = DEMO_END_TIME;

describe('demo readings', () => {
  it("end a quarter hour before the README's store example and cover a week at 15-minute steps", () => {
    const readings = demoReadings(0, END);
    expect(END).toBe(Date.parse('2020-11-29T07:45:00Z') / 1000);
    expect(readings).toHaveLength(7 * 96 + 1);
    expect(readings.at(-1)?.time).toBe(END);
    expect(readings[0]?.time).toBe(END - 7 * 86_400);
  });

  it("give the figures the README shows for smart-meter-0's demo week", () => {
    const readings = demoReadings(0, END);

    // README, "Read stored readings": reading smart-meter-0 returns the demo week and the store
    // example, "678 entries, the first `{"time":1606031100,"reading":1.4678}`".
    expect(readings[0]).toEqual({ time: 1606031100, reading: 1.4678 });
    // README, "Compare all price plans": "Before the store example, the demo week alone answers
    // 112.666575, 225.33315 and 1126.66575" on price-plan-2, -1 and -0 (unit rates 1, 2 and 10),
    // so the week is 112.666575 kWh.
    expect(usageKwh(readings)).toBeCloseTo(112.666575, 9);
  });

  it('look like households: 5 to 40 kWh a day, never negative, meters differ', () => {
    const dailyKwh = DEMO_METER_IDS.map(
      (_, meterIndex) => usageKwh(demoReadings(meterIndex, END)) / 7,
    );
    for (const kwh of dailyKwh) {
      expect(kwh).toBeGreaterThan(5);
      expect(kwh).toBeLessThan(40);
    }
    expect(new Set(dailyKwh).size).toBe(DEMO_METER_IDS.length);
    expect(demoReadings(1, END).every((r) => r.reading >= 0)).toBe(true);
  });
});
