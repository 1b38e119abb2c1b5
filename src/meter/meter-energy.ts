import type { BucketRun } from '../energy/aggregates';
import { segmentsInWindow } from '../energy/usage';
import type { AggregateSource, BucketSums } from '../energy/window-energy';
import type { MeterTables } from './store-batch';

/** Where a meter's pricing reads its energy: the aggregates, and the readings at windows' edges. */
export class MeterEnergy implements AggregateSource {
  readonly #tables: MeterTables;

  constructor(tables: MeterTables) {
    this.#tables = tables;
  }

  curveBetween(from: number, to: number) {
    return segmentsInWindow(this.#tables.readings.spanning({ from, to }), { from, to });
  }

  bucketSums(
    runsPerWindow: readonly (readonly BucketRun[])[],
    series: readonly number[],
  ): BucketSums[] {
    const kwh = this.#tables.aggregates.bucketKwhPerWindow(runsPerWindow);
    const weighted = this.#tables.tariffs.weightedKwhOfRuns(runsPerWindow, series);
    return kwh.map((total, window) => ({
      kwh: total,
      weightedKwh: weighted[window] ?? new Map(),
    }));
  }

  longSegmentsOverlapping(from: number, to: number) {
    return this.#tables.aggregates.longSegmentsOverlapping(from, to);
  }
}
