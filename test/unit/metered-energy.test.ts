import { describe, expect, it } from 'vitest';
import { householdProfile, powerKw } from '../../scripts/household-power';
import {
  halfHourEnergy,
  halfHourIntervals,
  importReadings,
  netPowerKw,
} from '../../scripts/metered-energy';
import { solarArray, solarKw } from '../../scripts/solar-power';
import { usageKwh } from '../../src/energy/curve';

const HALF_HOUR = 1800;
const STEP = 60;
const PROFILE = householdProfile(1, 2);
const SOLAR = solarArray(1, 2);
const useKw = (time: number) => powerKw(PROFILE, time);
const WITH_PANELS = { useKw, solar: SOLAR };
const WITHOUT_PANELS = { useKw, solar: null };
// A summer day and a winter night, UTC.
const JUNE_NOON = Date.parse('2026-06-21T12:00:00Z') / 1000;
const DECEMBER_NIGHT = Date.parse('2026-12-21T02:00:00Z') / 1000;

/** Readings of a power function every STEP seconds across a half hour, both ends included. */
function samples(kwAt: (time: number) => number, start: number) {
  return Array.from({ length: HALF_HOUR / STEP + 1 }, (_, i) => ({
    time: start + i * STEP,
    reading: kwAt(start + i * STEP),
  }));
}

describe('metered half hours', () => {
  it("import what the API computes from the household's readings, and export nothing, without panels", () => {
    for (const start of [JUNE_NOON, DECEMBER_NIGHT, JUNE_NOON + 7 * HALF_HOUR]) {
      const energy = halfHourEnergy(WITHOUT_PANELS, start, STEP);
      expect(energy.importKwh).toBeCloseTo(usageKwh(samples((t) => powerKw(PROFILE, t), start)), 6);
      expect(energy.exportKwh).toBe(0);
    }
  });

  it('net use against generation: import − export = use − generation, each sampled as readings', () => {
    for (let start = JUNE_NOON - 8 * 3600; start < JUNE_NOON + 8 * 3600; start += HALF_HOUR) {
      const energy = halfHourEnergy(WITH_PANELS, start, STEP);
      const usedKwh = usageKwh(samples((t) => powerKw(PROFILE, t), start));
      const generatedKwh = usageKwh(samples((t) => solarKw(SOLAR, t), start));
      // Net power is rounded to the watt: at most 0.5 W off over half an hour.
      expect(energy.importKwh - energy.exportKwh).toBeCloseTo(usedKwh - generatedKwh, 3);
      expect(energy.importKwh).toBeGreaterThanOrEqual(0);
      expect(energy.exportKwh).toBeGreaterThanOrEqual(0);
    }
  });

  it('export around a summer noon and only import on a winter night', () => {
    const noon = halfHourEnergy(WITH_PANELS, JUNE_NOON - HALF_HOUR, STEP);
    const night = halfHourEnergy(WITH_PANELS, DECEMBER_NIGHT, STEP);
    const nightWithoutPanels = halfHourEnergy(WITHOUT_PANELS, DECEMBER_NIGHT, STEP);

    expect(noon.exportKwh).toBeGreaterThan(0);
    expect(night.exportKwh).toBe(0);
    expect(night.importKwh).toBe(nightWithoutPanels.importKwh);
  });

  it('import readings are the net power while importing, 0 while exporting', () => {
    const readings = importReadings(WITH_PANELS, JUNE_NOON - 3 * 3600, STEP, 360);
    let exporting = 0;
    for (const { time, reading } of readings) {
      const net = netPowerKw(WITH_PANELS, time);
      expect(reading).toBe(Math.max(0, net));
      if (net < 0) exporting += 1;
    }
    expect(exporting).toBeGreaterThan(0);
  });

  it('give the readings the import intervals hold: their trapezoid energy, half hour by half hour', () => {
    const start = JUNE_NOON - 4 * 3600;
    const { importIntervals, exportIntervals } = halfHourIntervals(WITH_PANELS, start, 16, STEP);
    const readings = importReadings(WITH_PANELS, start, STEP, 16 * (HALF_HOUR / STEP) + 1);

    expect(importIntervals.map(({ start }) => start)).toEqual(
      Array.from({ length: 16 }, (_, i) => start + i * HALF_HOUR),
    );
    expect(exportIntervals.every(({ end, start }) => end - start === HALF_HOUR)).toBe(true);
    const intervalsKwh = importIntervals.reduce((sum, { kwh }) => sum + kwh, 0);
    expect(intervalsKwh).toBeCloseTo(usageKwh(readings), 5);
  });
});
