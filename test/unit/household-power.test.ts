import { describe, expect, it } from 'vitest';
import {
  evChargingWindow,
  type HouseholdProfile,
  householdProfile,
  householdReadings,
  type SimulatedReading,
} from '../../scripts/household-power';
import { usageKwh } from '../../src/energy/curve';

const SECONDS_PER_DAY = 86_400;
// Monday 2026-11-02 00:00 UTC: four whole weeks from here hold eight weekend days.
const START = Date.parse('2026-11-02T00:00:00Z') / 1000;
const WEEKS = 4;
const INTERVAL_SECONDS = 300;
const READINGS_PER_DAY = SECONDS_PER_DAY / INTERVAL_SECONDS;
const SEEDS = [1, 2, 42];
const METERS = 20;

function weeksOf(profile: HouseholdProfile): SimulatedReading[] {
  return householdReadings(profile, START, INTERVAL_SECONDS, WEEKS * 7 * READINGS_PER_DAY + 1);
}

/** Mean power of the readings whose UTC hour of day is in [fromHour, toHour). */
function meanKwBetweenHours(
  readings: readonly SimulatedReading[],
  fromHour: number,
  toHour: number,
): number {
  const inHours = readings.filter(({ time }) => {
    const hour = (time % SECONDS_PER_DAY) / 3600;
    return hour >= fromHour && hour < toHour;
  });
  return inHours.reduce((sum, { reading }) => sum + reading, 0) / inHours.length;
}

/** The UTC hour from 05 to 11 with the highest mean power. */
function busiestMorningHour(readings: readonly SimulatedReading[]): number {
  const hours = [5, 6, 7, 8, 9, 10, 11];
  const meansKw = hours.map((hour) => meanKwBetweenHours(readings, hour, hour + 1));
  return hours[meansKw.indexOf(Math.max(...meansKw))] ?? Number.NaN;
}

/** Energy from midnight to 06:00 UTC of day `dayNumber`, at one-minute readings. */
function smallHoursKwh(profile: HouseholdProfile, dayNumber: number): number {
  return usageKwh(householdReadings(profile, dayNumber * SECONDS_PER_DAY, 60, 6 * 60 + 1));
}

const profiles = SEEDS.flatMap((seed) =>
  Array.from({ length: METERS }, (_, meterIndex) => householdProfile(seed, meterIndex)),
);
const withoutEv = profiles.filter((profile) => profile.ev === null);
const withEv = profiles.filter((profile) => profile.ev !== null);

describe('householdProfile and householdReadings', () => {
  it('give the same readings for the same seed and meter on every call', () => {
    const first = weeksOf(householdProfile(7, 3));
    const second = weeksOf(householdProfile(7, 3));

    expect(second).toEqual(first);
  });

  it('give each meter and each seed its own curve', () => {
    const curves = [
      householdProfile(1, 0),
      householdProfile(1, 1),
      householdProfile(1, 2),
      householdProfile(2, 0),
    ].map((profile) => JSON.stringify(weeksOf(profile).map(({ reading }) => reading)));

    expect(new Set(curves).size).toBe(curves.length);
  });

  it('never read below zero, and round to the watt', () => {
    const readingsKw = profiles.flatMap((profile) =>
      weeksOf(profile).map(({ reading }) => reading),
    );
    // One assertion per property: half a million `expect` calls would take seconds.
    const negative = readingsKw.filter((kw) => kw < 0);
    const unrounded = readingsKw.filter((kw) => Math.round(kw * 1000) / 1000 !== kw);

    expect(negative).toEqual([]);
    expect(unrounded).toEqual([]);
  });

  it('use 4 to 40 kWh a day in a household without an EV', () => {
    for (const profile of withoutEv) {
      const dailyKwh = usageKwh(weeksOf(profile)) / (WEEKS * 7);

      expect(dailyKwh).toBeGreaterThan(4);
      expect(dailyKwh).toBeLessThan(40);
    }
  });

  it('draw more in the evening (18–21 h) than in the small hours (1–4 h)', () => {
    for (const profile of withoutEv) {
      const readings = weeksOf(profile);

      expect(meanKwBetweenHours(readings, 18, 21)).toBeGreaterThan(
        2 * meanKwBetweenHours(readings, 1, 4),
      );
    }
  });

  it('rise later and use more in the daytime at weekends', () => {
    for (const profile of withoutEv) {
      const readings = weeksOf(profile);
      const isWeekend = ({ time }: SimulatedReading) =>
        [0, 6].includes(new Date(time * 1000).getUTCDay());
      const weekend = readings.filter(isWeekend);
      const weekdays = readings.filter((reading) => !isWeekend(reading));

      expect(busiestMorningHour(weekend)).toBeGreaterThan(busiestMorningHour(weekdays));
      expect(meanKwBetweenHours(weekend, 10, 16)).toBeGreaterThan(
        meanKwBetweenHours(weekdays, 10, 16),
      );
    }
  });

  it('give one meter in each ten an EV, the seed choosing which', () => {
    const evMeterIndexes = (seed: number) =>
      Array.from({ length: METERS }, (_, i) => i).filter(
        (meterIndex) => householdProfile(seed, meterIndex).ev !== null,
      );

    expect(withEv).toHaveLength((SEEDS.length * METERS) / 10);
    expect(new Set(SEEDS.map((seed) => evMeterIndexes(seed).join())).size).toBeGreaterThan(1);
  });

  it('use clearly more on EV charging nights than on the nights off', () => {
    for (const profile of withEv) {
      const days = Array.from({ length: WEEKS * 7 }, (_, i) => START / SECONDS_PER_DAY + i);
      const charging = days.filter((day) => evChargingWindow(profile, day) !== null);
      const off = days.filter((day) => evChargingWindow(profile, day) === null);
      const meanKwh = (nights: number[]) =>
        nights.reduce((sum, day) => sum + smallHoursKwh(profile, day), 0) / nights.length;

      expect(charging.length).toBeGreaterThan(0);
      expect(off.length).toBeGreaterThan(0);
      // At least two hours at ~7 kW: well over 10 kWh more than a night off.
      expect(meanKwh(charging) - meanKwh(off)).toBeGreaterThan(10);
    }
  });
});
