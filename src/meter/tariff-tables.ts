import { BUCKET_FAN_OUT, type BucketRun, parentRuns, TOP_BUCKET_LEVEL } from '../energy/aggregates';
import { insertRows, runsJson } from './sql-rows';

/** A stored series of rate-weighted kWh and the rule (zone, rates, bands, multipliers) it prices with. */
export interface TariffSeries {
  readonly series: number;
  readonly rateRule: string;
}

/** The integers `[first, end)`. */
function range(first: number, end: number): number[] {
  return Array.from({ length: end - first }, (_, i) => first + i);
}

/**
 * Every SQL statement on a meter's rate-weighted energy: for each plan whose rate varies in time,
 * a series of Σ kWh × rate per bucket of the same tree as `energy_buckets` (`tariff_buckets`),
 * registered by its rate rule (`tariff_series`).
 */
export class TariffTables {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  list(): TariffSeries[] {
    return this.#sql
      .exec<{ series: number; rate_rule: string }>(
        'SELECT series, rate_rule FROM tariff_series ORDER BY series',
      )
      .toArray()
      .map((row) => ({ series: row.series, rateRule: row.rate_rule }));
  }

  /** Registers a rate rule and returns its new series number. */
  add(rateRule: string): number {
    return this.#sql
      .exec<{ series: number }>(
        'INSERT INTO tariff_series (rate_rule) VALUES (?) RETURNING series',
        rateRule,
      )
      .one().series;
  }

  /** Empties every series' buckets; the series themselves (the catalogue's rate rules) stay. */
  clearBuckets(): void {
    this.#sql.exec('DELETE FROM tariff_buckets');
  }

  /** Forgets a series and all its buckets. */
  remove(series: number): void {
    this.#sql.exec('DELETE FROM tariff_buckets WHERE series = ?', series);
    this.#sql.exec('DELETE FROM tariff_series WHERE series = ?', series);
  }

  /** Sets base buckets of several series, then re-sums every ancestor of them up the tree. */
  writeBaseBuckets(weightedBySeries: ReadonlyMap<number, ReadonlyMap<number, number>>): void {
    const buckets = this.writeBaseBucketsOnly(weightedBySeries);
    let changed: Iterable<number> = buckets;
    for (let level = 0; level < TOP_BUCKET_LEVEL; level++) {
      const parents = parentRuns(level, changed);
      for (const run of parents) this.#resumParents(run);
      changed = parents.flatMap((run) => range(run.first, run.end));
    }
  }

  /** Sets base buckets of several series, leaving their ancestors alone; returns the buckets. */
  writeBaseBucketsOnly(
    weightedBySeries: ReadonlyMap<number, ReadonlyMap<number, number>>,
  ): Set<number> {
    const rows = [...weightedBySeries].flatMap(([series, byBucket]) =>
      Array.from(byBucket, ([bucket, weighted]) => [0, bucket, series, weighted]),
    );
    insertRows(
      this.#sql,
      'INSERT INTO tariff_buckets (level, bucket, series, weighted_kwh)',
      'ON CONFLICT (level, bucket, series) DO UPDATE SET weighted_kwh = excluded.weighted_kwh',
      rows,
    );
    return new Set(rows.map((row) => row[1] as number));
  }

  /** Sets each bucket of the run, in every series, to the total of its children. */
  #resumParents(run: BucketRun): void {
    this.#sql.exec(
      `INSERT INTO tariff_buckets (level, bucket, series, weighted_kwh)
       SELECT ?, bucket / ${BUCKET_FAN_OUT}, series, TOTAL(weighted_kwh) FROM tariff_buckets
       WHERE level = ? AND bucket >= ? AND bucket < ?
       GROUP BY bucket / ${BUCKET_FAN_OUT}, series
       ON CONFLICT (level, bucket, series) DO UPDATE SET weighted_kwh = excluded.weighted_kwh`,
      run.level,
      run.level - 1,
      run.first * BUCKET_FAN_OUT,
      run.end * BUCKET_FAN_OUT,
    );
  }

  /** Re-sums every parent level of one series from its base buckets (after a backfill). */
  resumSeries(series: number): void {
    for (let level = 1; level <= TOP_BUCKET_LEVEL; level++) {
      this.#sql.exec(
        `INSERT INTO tariff_buckets (level, bucket, series, weighted_kwh)
         SELECT ?, bucket / ${BUCKET_FAN_OUT}, series, TOTAL(weighted_kwh) FROM tariff_buckets
         WHERE level = ? AND series = ?
         GROUP BY bucket / ${BUCKET_FAN_OUT}
         ON CONFLICT (level, bucket, series) DO UPDATE SET weighted_kwh = excluded.weighted_kwh`,
        level,
        level - 1,
        series,
      );
    }
  }

  /** Σ rate-weighted kWh of each window's runs, for the series asked for: `[window][series]`. */
  weightedKwhOfRuns(
    runsPerWindow: readonly (readonly BucketRun[])[],
    series: readonly number[],
  ): Map<number, number>[] {
    const totals = runsPerWindow.map(() => new Map<number, number>());
    if (series.length === 0 || runsPerWindow.every((runs) => runs.length === 0)) return totals;
    const rows = this.#sql
      .exec<{ window: number; series: number; total: number }>(
        `SELECT run.value ->> 0 AS window, t.series AS series, TOTAL(t.weighted_kwh) AS total
         FROM json_each(?) AS run
         JOIN tariff_buckets AS t
           ON t.level = run.value ->> 1 AND t.bucket >= run.value ->> 2 AND t.bucket < run.value ->> 3
         WHERE t.series IN (SELECT value FROM json_each(?))
         GROUP BY 1, 2`,
        runsJson(runsPerWindow),
        JSON.stringify(series),
      )
      .toArray();
    for (const row of rows) totals[row.window]?.set(row.series, row.total);
    return totals;
  }
}
