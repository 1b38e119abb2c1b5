import type { HalfHourFigure } from '../energy/fleet-figures';
import type { LongGap } from '../energy/gap-series';
import type { MeterSql } from './sql-usage';

/**
 * What the fleet's totals hold of a meter's latest stretch of data, from the half hour `from` on:
 * its figures there and its long gaps reaching past `from` as last sent. Before `from` the totals
 * hold the meter's data exactly as it is.
 */
export interface FleetTail {
  readonly from: number;
  readonly figures: Map<number, HalfHourFigure>;
  readonly gaps: readonly LongGap[];
}

type StoredFigure = readonly [start: number, importKwh: number, exportKwh: number, covered: 0 | 1];

/** The SQL of a meter's one-row fleet tail (no row: the totals hold all of its data). */
export class FleetTailTable {
  readonly #sql: MeterSql;

  constructor(sql: MeterSql) {
    this.#sql = sql;
  }

  read(): FleetTail | null {
    const [row] = this.#sql
      .exec<{ from_time: number; figures: string; gaps: string }>(
        'SELECT from_time, figures, gaps FROM fleet_tail',
      )
      .toArray();
    if (row === undefined) return null;
    const figures = JSON.parse(row.figures) as StoredFigure[];
    return {
      from: row.from_time,
      figures: new Map(
        figures.map(([start, importKwh, exportKwh, covered]) => [
          start,
          { importKwh, exportKwh, covered: covered === 1 },
        ]),
      ),
      gaps: JSON.parse(row.gaps) as LongGap[],
    };
  }

  write(tail: FleetTail): void {
    const figures: StoredFigure[] = [...tail.figures].map(([start, figure]) => [
      start,
      figure.importKwh,
      figure.exportKwh,
      figure.covered ? 1 : 0,
    ]);
    this.#sql.exec(
      `INSERT INTO fleet_tail (singleton, from_time, figures, gaps) VALUES (1, ?, ?, ?)
       ON CONFLICT (singleton) DO UPDATE SET from_time = excluded.from_time,
         figures = excluded.figures, gaps = excluded.gaps`,
      tail.from,
      JSON.stringify(figures),
      JSON.stringify(tail.gaps),
    );
  }

  clear(): void {
    this.#sql.exec('DELETE FROM fleet_tail');
  }
}
