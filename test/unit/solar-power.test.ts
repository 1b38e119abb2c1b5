import { describe, expect, it } from 'vitest';
import {
  clearSkyKwPerKwp,
  cloudFactor,
  hasSolarPanels,
  solarArray,
  solarDay,
  solarKw,
  solarKwh,
} from '../../scripts/solar-power';

const DAY = 86_400;
const HALF_HOUR = 1800;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000 / DAY;
const JUNE_SOLSTICE = dayNumber('2026-06-21');
const DECEMBER_SOLSTICE = dayNumber('2026-12-21');
const ARRAY = solarArray(1, 3);

/** The energy of [from, to), kWh, by the midpoint rule on one-second steps: the oracle. */
function numericKwh(from: number, to: number): number {
  let kwSeconds = 0;
  for (let t = from; t < to; t++) kwSeconds += solarKw(ARRAY, t + 0.5);
  return kwSeconds / 3600;
}

describe('solar panels', () => {
  it('have London’s days: 16.5 h of light at midsummer, 7.8 h at midwinter, noon at 12:00 UTC', () => {
    const june = solarDay(JUNE_SOLSTICE);
    const december = solarDay(DECEMBER_SOLSTICE);

    expect(june.daylightSeconds / 3600).toBeCloseTo(16.5, 2);
    expect(june.noonKwPerKwp).toBeCloseTo(0.85, 3);
    expect(december.daylightSeconds / 3600).toBeCloseTo(7.8, 2);
    expect(december.noonKwPerKwp).toBeCloseTo(0.3, 3);
    // Noon is halfway between sunrise and sunset.
    expect(june.sunriseEpochSeconds + june.daylightSeconds / 2).toBe(JUNE_SOLSTICE * DAY + 43_200);
  });

  it.each([
    // Hand values of noon × sin²(π × since sunrise / daylight) for a 10-hour day peaking at 0.8.
    [0, 0],
    [9000, 0.4], // a quarter of the day: sin²(π/4) = 1/2
    [18_000, 0.8], // noon
    [30_000, 0.2], // five sixths: sin²(5π/6) = 1/4
    [36_000, 0],
    [40_000, 0], // after sunset
    [-5, 0], // before sunrise
  ])('shine clear-sky %s s after sunrise at %s kW per kWp', (sinceSunrise, kw) => {
    const day = { sunriseEpochSeconds: 1000, daylightSeconds: 36_000, noonKwPerKwp: 0.8 };
    expect(clearSkyKwPerKwp(day, 1000 + sinceSunrise)).toBeCloseTo(kw, 12);
  });

  it('make nothing at night and never a negative kW, all year', () => {
    const start = dayNumber('2026-01-01') * DAY;
    let producing = 0;
    for (let t = start; t < start + 365 * DAY; t += 7 * 60 + 13) {
      const kw = solarKw(ARRAY, t);
      expect(kw).toBeGreaterThanOrEqual(0);
      const hourUtc = (t % DAY) / 3600;
      // The longest day runs 03:45–20:15 UTC.
      if (hourUtc < 3.7 || hourUtc > 20.3) expect(kw).toBe(0);
      if (kw > 0) producing += 1;
    }
    expect(producing).toBeGreaterThan(0);
    expect(solarKwh(ARRAY, start + 21 * 3600, start + DAY + 3 * 3600)).toBe(0);
  });

  it('give each half hour the integral of their power curve', () => {
    for (const day of [dayNumber('2026-03-20'), JUNE_SOLSTICE, dayNumber('2026-11-29')]) {
      for (let start = day * DAY; start < (day + 1) * DAY; start += HALF_HOUR) {
        expect(solarKwh(ARRAY, start, start + HALF_HOUR)).toBeCloseTo(
          numericKwh(start, start + HALF_HOUR),
          6,
        );
      }
    }
  });

  it('give the half hour before midsummer noon its hand-computed energy: cap × noon × cloud × (900 + L/4π × sin(3600π/L)) / 3600', () => {
    const day = solarDay(JUNE_SOLSTICE);
    const noon = JUNE_SOLSTICE * DAY + 43_200;
    const L = day.daylightSeconds;
    const areaSeconds = 900 + (L / (4 * Math.PI)) * Math.sin((3600 * Math.PI) / L);
    const cloud = cloudFactor(ARRAY, (noon - HALF_HOUR) / HALF_HOUR);

    expect(solarKwh(ARRAY, noon - HALF_HOUR, noon)).toBeCloseTo(
      (ARRAY.capacityKwp * day.noonKwPerKwp * cloud * areaSeconds) / 3600,
      12,
    );
    // 16.5 h of daylight: the area is 1,794.57 s of full noon power.
    expect(areaSeconds).toBeCloseTo(1794.57, 2);
  });

  it('add up over adjacent spans, whatever the cut', () => {
    const from = JUNE_SOLSTICE * DAY + 5 * 3600 + 123;
    const cut = from + 4 * 3600 + 777;
    const to = cut + 6 * 3600 + 5;
    expect(solarKwh(ARRAY, from, cut) + solarKwh(ARRAY, cut, to)).toBeCloseTo(
      solarKwh(ARRAY, from, to),
      10,
    );
  });

  it('yield like British panels: 700–1,000 kWh a year per kWp, over three times more in June than in December', () => {
    const monthKwh = (month: number) =>
      solarKwh(ARRAY, Date.UTC(2026, month, 1) / 1000, Date.UTC(2026, month + 1, 1) / 1000);
    const yearKwh = Array.from({ length: 12 }, (_, month) => monthKwh(month)).reduce(
      (sum, kwh) => sum + kwh,
    );
    expect(yearKwh / ARRAY.capacityKwp).toBeGreaterThan(700);
    expect(yearKwh / ARRAY.capacityKwp).toBeLessThan(1000);
    expect(monthKwh(5) / monthKwh(11)).toBeGreaterThan(3);
  });

  it('are 2.5 to 5 kWp under a sky shared by the households of one seed, dimmed by 0.24 to 1', () => {
    const arrays = Array.from({ length: 50 }, (_, meter) => solarArray(7, meter));
    for (const array of arrays) {
      expect(array.capacityKwp).toBeGreaterThanOrEqual(2.5);
      expect(array.capacityKwp).toBeLessThan(5);
      expect(array.weatherKey).toBe(arrays[0]?.weatherKey);
    }
    expect(solarArray(7, 3)).toEqual(solarArray(7, 3));
    expect(solarArray(8, 3).weatherKey).not.toBe(solarArray(7, 3).weatherKey);
    const clouds = Array.from({ length: 2000 }, (_, i) => cloudFactor(ARRAY, 1_000_000 + i));
    expect(Math.min(...clouds)).toBeGreaterThanOrEqual(0.24);
    expect(Math.max(...clouds)).toBeLessThanOrEqual(1);
  });

  it.each([
    [0.3, 10, [1, 4, 8]],
    [0, 5, []],
    [1, 4, [0, 1, 2, 3]],
    [0.5, 1, [0]],
    [0.25, 8, [1, 5]],
  ])('go on a share %s of %s meters evenly: %j', (share, meters, expected) => {
    const withPanels = Array.from({ length: meters }, (_, i) => i).filter((i) =>
      hasSolarPanels(i, share),
    );
    expect(withPanels).toEqual(expected);
  });
});
