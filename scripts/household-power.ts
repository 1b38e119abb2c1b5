/**
 * A seeded model of household electricity use for `npm run simulate`: pure functions of (seed,
 * meter index, time), so the same arguments give the same readings on every run, whatever the batch
 * boundaries, interval or order of requests. Hours are UTC, the zone of the seed price plans.
 */
import { between, mulberry32, seedOf } from './seeded-random.ts';

/** One simulated reading, shaped as `POST /readings/store` takes it: kW at epoch seconds. */
export interface SimulatedReading {
  readonly time: number;
  readonly reading: number;
}

/** Overnight EV charging: which nights, when and how hard. */
export interface EvCharging {
  readonly chargerKw: number;
  /** Chance that a given night is a charging night. */
  readonly nightShare: number;
  /** Earliest start, hours after midnight UTC. */
  readonly earliestStartHour: number;
}

/** What makes one household unlike another; drawn once per meter from the seed. */
export interface HouseholdProfile {
  /** 32-bit key for every per-time draw (noise, appliances, charging nights). */
  readonly key: number;
  /** Multiplies the occupants' activity: a small flat below 1, a family house above. */
  readonly scale: number;
  /** Always-on load: router, standby, heating pumps. */
  readonly baseLoadKw: number;
  readonly fridgeKw: number;
  readonly fridgeCycleSeconds: number;
  /** Share of each fridge cycle the compressor runs. */
  readonly fridgeDuty: number;
  readonly wakeHour: number;
  readonly eveningPeakHour: number;
  /** Weekday use while the house is mostly empty; weekends add to it. */
  readonly daytimeKw: number;
  readonly ev: EvCharging | null;
}

const SECONDS_PER_HOUR = 3600;
const SECONDS_PER_DAY = 86_400;
// 1970-01-01 was a Thursday: day 0 is weekday 4 (0 = Sunday, as Date.getUTCDay counts).
const EPOCH_WEEKDAY = 4;
// Kettles, ovens and washing machines switch on within these slots, at most one per slot.
const APPLIANCE_SLOT_SECONDS = 900;
// One household in each block of ten meter indices charges an EV; the seed picks which one.
const EV_BLOCK = 10;
// Tags keep the draws for different purposes independent of one another.
const NOISE_TAG = 1;
const APPLIANCE_TAG = 2;
const EV_NIGHT_TAG = 3;
const EV_BLOCK_TAG = 4;

/** Whether the meter at `meterIndex` is its block's EV household under `seed`. */
function ownsEv(seed: number, meterIndex: number): boolean {
  const block = Math.floor(meterIndex / EV_BLOCK);
  const chosen = Math.floor(mulberry32(seedOf(seed, EV_BLOCK_TAG, block))() * EV_BLOCK);
  return meterIndex % EV_BLOCK === chosen;
}

/** The household behind meter `meterIndex` of a simulation seeded with `seed`. */
export function householdProfile(seed: number, meterIndex: number): HouseholdProfile {
  const key = seedOf(seed, meterIndex);
  const random = mulberry32(key);
  const ev: EvCharging | null = ownsEv(seed, meterIndex)
    ? {
        chargerKw: between(random, 6.8, 7.4),
        nightShare: between(random, 0.3, 0.7),
        earliestStartHour: between(random, 0, 1.5),
      }
    : null;
  return {
    key,
    scale: between(random, 0.5, 1.6),
    baseLoadKw: between(random, 0.08, 0.22),
    fridgeKw: between(random, 0.08, 0.15),
    fridgeCycleSeconds: Math.round(between(random, 40, 70) * 60),
    fridgeDuty: between(random, 0.3, 0.5),
    wakeHour: between(random, 6.2, 7.8),
    eveningPeakHour: between(random, 18, 20),
    daytimeKw: between(random, 0.1, 0.35),
    ev,
  };
}

/** A bell of height `peakKw` around `centreHour`, wrapping round midnight so days join smoothly. */
function peakKw(
  hour: number,
  centreHour: number,
  widthHours: number,
  peakHeightKw: number,
): number {
  const offsetHours = ((hour - centreHour + 36) % 24) - 12;
  return peakHeightKw * Math.exp(-((offsetHours / widthHours) ** 2));
}

/** `levelKw` between two hours, with edges softened over about an hour. */
function plateauKw(hour: number, fromHour: number, toHour: number, levelKw: number): number {
  const rise = 1 / (1 + Math.exp(-(hour - fromHour) / 0.4));
  const fall = 1 / (1 + Math.exp(-(toHour - hour) / 0.4));
  return levelKw * rise * fall;
}

function isWeekend(timeEpochSeconds: number): boolean {
  const weekday = (Math.floor(timeEpochSeconds / SECONDS_PER_DAY) + EPOCH_WEEKDAY) % 7;
  return weekday === 0 || weekday === 6;
}

/** The occupants' smooth daily curve before scale and noise: weekends rise later, stay home more. */
function activityKw(profile: HouseholdProfile, timeEpochSeconds: number): number {
  const hour = (timeEpochSeconds % SECONDS_PER_DAY) / SECONDS_PER_HOUR;
  const weekend = isWeekend(timeEpochSeconds);
  const morning = weekend
    ? peakKw(hour, profile.wakeHour + 2, 1.5, 1.1)
    : peakKw(hour, profile.wakeHour, 0.9, 1.0);
  const daytime = plateauKw(hour, 9, 16.5, profile.daytimeKw + (weekend ? 0.45 : 0));
  const evening = peakKw(hour, profile.eveningPeakHour, 1.8, weekend ? 1.7 : 1.6);
  return morning + daytime + evening;
}

/** The compressor's square wave: on for `fridgeDuty` of each cycle, phase fixed per household. */
function fridgeKw(profile: HouseholdProfile, timeEpochSeconds: number): number {
  const phaseSeconds = (timeEpochSeconds + profile.key) % profile.fridgeCycleSeconds;
  return phaseSeconds < profile.fridgeDuty * profile.fridgeCycleSeconds ? profile.fridgeKw : 0;
}

/** Short high loads (kettle, oven, washing machine), likelier when the household is active. */
function applianceKw(profile: HouseholdProfile, timeEpochSeconds: number): number {
  const slot = Math.floor(timeEpochSeconds / APPLIANCE_SLOT_SECONDS);
  const slotStart = slot * APPLIANCE_SLOT_SECONDS;
  const random = mulberry32(seedOf(profile.key, APPLIANCE_TAG, slot));
  const activity = activityKw(profile, slotStart + APPLIANCE_SLOT_SECONDS / 2);
  if (random() >= 0.04 + 0.2 * Math.min(1, activity / 1.5)) return 0;
  const loadKw = between(random, 1, 3) * profile.scale;
  const durationSeconds = between(random, 120, 720);
  const startSeconds = slotStart + between(random, 0, APPLIANCE_SLOT_SECONDS - durationSeconds);
  const running =
    timeEpochSeconds >= startSeconds && timeEpochSeconds < startSeconds + durationSeconds;
  return running ? loadKw : 0;
}

/** The EV charging session in the small hours of UTC day `dayNumber`, or `null` on a night off. */
export function evChargingWindow(
  profile: HouseholdProfile,
  dayNumber: number,
): { readonly startEpochSeconds: number; readonly endEpochSeconds: number } | null {
  if (profile.ev === null) return null;
  const random = mulberry32(seedOf(profile.key, EV_NIGHT_TAG, dayNumber));
  if (random() >= profile.ev.nightShare) return null;
  const startHour = profile.ev.earliestStartHour + between(random, 0, 1);
  const durationHours = between(random, 2, 5);
  const startEpochSeconds = Math.round(dayNumber * SECONDS_PER_DAY + startHour * SECONDS_PER_HOUR);
  return {
    startEpochSeconds,
    endEpochSeconds: startEpochSeconds + Math.round(durationHours * SECONDS_PER_HOUR),
  };
}

function evKw(profile: HouseholdProfile, timeEpochSeconds: number): number {
  if (profile.ev === null) return 0;
  const window = evChargingWindow(profile, Math.floor(timeEpochSeconds / SECONDS_PER_DAY));
  const charging =
    window !== null &&
    timeEpochSeconds >= window.startEpochSeconds &&
    timeEpochSeconds < window.endEpochSeconds;
  return charging ? profile.ev.chargerKw : 0;
}

/** The household's power in kW at an instant, rounded to the watt; never negative. */
export function powerKw(profile: HouseholdProfile, timeEpochSeconds: number): number {
  // Noise scales only the occupants' share: the base load and fridge do not wander.
  const noise = between(mulberry32(seedOf(profile.key, NOISE_TAG, timeEpochSeconds)), 0.7, 1.3);
  const totalKw =
    profile.baseLoadKw +
    fridgeKw(profile, timeEpochSeconds) +
    activityKw(profile, timeEpochSeconds) * profile.scale * noise +
    applianceKw(profile, timeEpochSeconds) +
    evKw(profile, timeEpochSeconds);
  return Math.max(0, Math.round(totalKw * 1000) / 1000);
}

/**
 * Readings every `intervalSeconds` from `fromEpochSeconds` for `count` readings: the times are
 * `fromEpochSeconds + i × intervalSeconds`.
 */
export function householdReadings(
  profile: HouseholdProfile,
  fromEpochSeconds: number,
  intervalSeconds: number,
  count: number,
): SimulatedReading[] {
  return Array.from({ length: count }, (_, i) => {
    const time = fromEpochSeconds + i * intervalSeconds;
    return { time, reading: powerKw(profile, time) };
  });
}
