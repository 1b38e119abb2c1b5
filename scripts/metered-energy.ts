/**
 * What a household's meter records, from the power it uses and the power its panels make: the
 * meter nets the two at every instant, so it imports while use exceeds generation and exports the
 * surplus. Power readings carry the import; half-hourly intervals carry the import or the export
 * energy of each half hour, as British smart meters report them.
 */
import type { SimulatedReading } from './household-power.ts';
import { HALF_HOUR_SECONDS, type SolarArray, solarKw } from './solar-power.ts';

/** A household as its meter sees it: the power it uses at an instant (kW), and its panels if any. */
export interface MeteredHousehold {
  readonly useKw: (timeEpochSeconds: number) => number;
  readonly solar: SolarArray | null;
}

/** One metered interval, shaped as `POST /meters/{id}/intervals` takes it. */
export interface MeteredInterval {
  readonly start: number;
  readonly end: number;
  readonly kwh: number;
}

/** A half hour's energy through the meter, each way. */
export interface HalfHourEnergy {
  readonly importKwh: number;
  readonly exportKwh: number;
}

const SECONDS_PER_HOUR = 3600;
// Interval kWh are sent to the micro-kWh: finer than any meter, free of floating-point tails.
const KWH_DECIMALS = 1e6;

/** Use minus generation in kW at an instant, to the watt: negative while the house exports. */
export function netPowerKw(household: MeteredHousehold, timeEpochSeconds: number): number {
  const usedKw = household.useKw(timeEpochSeconds);
  if (household.solar === null) return usedKw;
  return Math.round((usedKw - solarKw(household.solar, timeEpochSeconds)) * 1000) / 1000;
}

/**
 * Import power readings every `intervalSeconds` from `fromEpochSeconds`, `count` of them: the
 * household's use net of its generation, 0 while it exports.
 */
export function importReadings(
  household: MeteredHousehold,
  fromEpochSeconds: number,
  intervalSeconds: number,
  count: number,
): SimulatedReading[] {
  return Array.from({ length: count }, (_, i) => {
    const time = fromEpochSeconds + i * intervalSeconds;
    return { time, reading: Math.max(0, netPowerKw(household, time)) };
  });
}

/**
 * Import and export kWh of the half hour from `startEpochSeconds`, by the trapezoidal rule over
 * the net power sampled every `stepSeconds` (which must divide 1800), both ends included: the
 * energy the API itself would compute from those samples as readings.
 */
export function halfHourEnergy(
  household: MeteredHousehold,
  startEpochSeconds: number,
  stepSeconds: number,
): HalfHourEnergy {
  const steps = HALF_HOUR_SECONDS / stepSeconds;
  let importKwSeconds = 0;
  let exportKwSeconds = 0;
  let previousKw = netPowerKw(household, startEpochSeconds);
  for (let step = 1; step <= steps; step++) {
    const kw = netPowerKw(household, startEpochSeconds + step * stepSeconds);
    importKwSeconds += ((Math.max(0, previousKw) + Math.max(0, kw)) / 2) * stepSeconds;
    exportKwSeconds += ((Math.max(0, -previousKw) + Math.max(0, -kw)) / 2) * stepSeconds;
    previousKw = kw;
  }
  const kwh = (kwSeconds: number) =>
    Math.round((kwSeconds / SECONDS_PER_HOUR) * KWH_DECIMALS) / KWH_DECIMALS;
  return { importKwh: kwh(importKwSeconds), exportKwh: kwh(exportKwSeconds) };
}

/** The import and export intervals of consecutive half hours from `firstStartEpochSeconds`. */
export function halfHourIntervals(
  household: MeteredHousehold,
  firstStartEpochSeconds: number,
  halfHours: number,
  stepSeconds: number,
): { importIntervals: MeteredInterval[]; exportIntervals: MeteredInterval[] } {
  const importIntervals: MeteredInterval[] = [];
  const exportIntervals: MeteredInterval[] = [];
  for (let index = 0; index < halfHours; index++) {
    const start = firstStartEpochSeconds + index * HALF_HOUR_SECONDS;
    const end = start + HALF_HOUR_SECONDS;
    const energy = halfHourEnergy(household, start, stepSeconds);
    importIntervals.push({ start, end, kwh: energy.importKwh });
    exportIntervals.push({ start, end, kwh: energy.exportKwh });
  }
  return { importIntervals, exportIntervals };
}
