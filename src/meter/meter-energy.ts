import type { AggregateSource, BucketRun } from '../energy/aggregates';
import { segmentsInWindow, totalKwh } from '../energy/usage';
import type { MeterTables } from './store-batch';

/** Where a meter's pricing reads its energy: the aggregates, and the readings at a window's edges. */
export class MeterEnergy implements AggregateSource {
  readonly #tables: MeterTables;

  constructor(tables: MeterTables) {
    this.#tables = tables;
  }

  directKwh(from: number, to: number): number {
    if (from >= to) return 0;
    return totalKwh(segmentsInWindow(this.#tables.readings.spanning({ from, to }), { from, to }));
  }

  bucketKwh(runs: readonly BucketRun[]): number {
    return this.#tables.aggregates.bucketKwh(runs);
  }

  longSegmentsOverlapping(from: number, to: number) {
    return this.#tables.aggregates.longSegmentsOverlapping(from, to);
  }
}
