import type { PlanVersion, PricePlan } from '../energy/plan-versions';
import type { DynamicRate, DynamicRates } from '../energy/rate-pieces';
import type { Catalogue, CatalogueChange, CataloguePlan } from './catalogue';

export type RateChannel = 'import' | 'export';
const CHANNEL_NUMBERS: Record<RateChannel, number> = { import: 0, export: 1 };

interface PlanRow {
  id: string;
  supplier: string;
  versions: string;
  revision: number;
  has_dynamic_rates: number;
}

interface RateRow {
  plan_id: string;
  channel: number;
  start_time: number;
  end_time: number;
  unit_rate: number;
}

function rowToPlan(row: PlanRow): CataloguePlan {
  return {
    id: row.id,
    supplier: row.supplier,
    versions: JSON.parse(row.versions) as PlanVersion[],
    revision: row.revision,
    hasDynamicRates: row.has_dynamic_rates === 1,
  };
}

function rowToRate(row: RateRow): DynamicRate {
  return { start: row.start_time, end: row.end_time, unitRatePerKwh: row.unit_rate };
}

// Rates per INSERT … SELECT FROM json_each(?): one bound JSON text of about 150 KB.
const RATES_PER_STATEMENT = 4000;

const SELECT_PLANS =
  'SELECT id, supplier, versions, revision, has_dynamic_rates FROM price_plans WHERE deleted = 0 ORDER BY id';
const SELECT_SEQ = 'SELECT seq FROM catalogue_head';
const BUMP_SEQ = 'UPDATE catalogue_head SET seq = seq + 1';

/**
 * Every D1 statement on the price catalogue: plans and their versions, published rates, and the
 * log of what each change repriced. Each change is one D1 batch (one transaction) that moves the
 * catalogue's sequence number on by one.
 */
export class CatalogueStore {
  readonly #db: D1Database;

  constructor(db: D1Database) {
    this.#db = db;
  }

  /** The catalogue's sequence number, or `null` when it has never been filled. */
  async seq(): Promise<number | null> {
    const row = await this.#db.prepare(SELECT_SEQ).first<{ seq: number }>();
    return row?.seq ?? null;
  }

  /** Fills an empty catalogue with these plans (a catalogue already filled is left as it is). */
  async seed(plans: readonly PricePlan[]): Promise<void> {
    await this.#db.batch([
      ...plans.map((plan) =>
        this.#db
          .prepare(
            `INSERT INTO price_plans (id, supplier, versions, revision)
             SELECT ?, ?, ?, 1 WHERE NOT EXISTS (SELECT 1 FROM catalogue_head)`,
          )
          .bind(plan.id, plan.supplier, JSON.stringify(plan.versions)),
      ),
      this.#db.prepare('INSERT OR IGNORE INTO catalogue_head (singleton, seq) VALUES (1, 1)'),
    ]);
  }

  /** Every plan on offer, at the sequence number they were read at (one transaction). */
  async catalogue(): Promise<Catalogue> {
    const [seq, plans] = await this.#db.batch<unknown>([
      this.#db.prepare(SELECT_SEQ),
      this.#db.prepare(SELECT_PLANS),
    ]);
    const seqRow = seq?.results[0] as { seq: number } | undefined;
    return { seq: seqRow?.seq ?? 0, plans: ((plans?.results ?? []) as PlanRow[]).map(rowToPlan) };
  }

  /** The catalogue now, and every change after `seq` (oldest first), in one transaction. */
  async changesSince(seq: number): Promise<{ catalogue: Catalogue; changes: CatalogueChange[] }> {
    const [head, plans, changes] = await this.#db.batch<unknown>([
      this.#db.prepare(SELECT_SEQ),
      this.#db.prepare(SELECT_PLANS),
      this.#db
        .prepare(
          'SELECT seq, plan_id, from_time, to_time FROM catalogue_changes WHERE seq > ? ORDER BY seq, id',
        )
        .bind(seq),
    ]);
    const headRow = head?.results[0] as { seq: number } | undefined;
    const changeRows = (changes?.results ?? []) as {
      seq: number;
      plan_id: string;
      from_time: number | null;
      to_time: number | null;
    }[];
    return {
      catalogue: {
        seq: headRow?.seq ?? 0,
        plans: ((plans?.results ?? []) as PlanRow[]).map(rowToPlan),
      },
      changes: changeRows.map((row) => ({
        seq: row.seq,
        planId: row.plan_id,
        from: row.from_time,
        to: row.to_time,
      })),
    };
  }

  /** A plan as last stored, deleted ones included (`deleted` says so), or `null`. */
  async storedPlan(planId: string): Promise<{ plan: CataloguePlan; deleted: boolean } | null> {
    const row = await this.#db
      .prepare(
        'SELECT id, supplier, versions, revision, has_dynamic_rates, deleted FROM price_plans WHERE id = ?',
      )
      .bind(planId)
      .first<PlanRow & { deleted: number }>();
    return row ? { plan: rowToPlan(row), deleted: row.deleted === 1 } : null;
  }

  /** Creates or replaces a plan; logs the span whose prices changed, if any. Returns the new seq. */
  async putPlan(plan: PricePlan, changed: { from: number | null } | null): Promise<number> {
    const results = await this.#db.batch<{ seq: number }>([
      this.#db.prepare(BUMP_SEQ),
      this.#db
        .prepare(
          `INSERT INTO price_plans (id, supplier, versions, revision, deleted)
           SELECT ?, ?, ?, seq, 0 FROM catalogue_head WHERE true
           ON CONFLICT (id) DO UPDATE SET supplier = excluded.supplier, versions = excluded.versions,
             revision = excluded.revision, deleted = 0`,
        )
        .bind(plan.id, plan.supplier, JSON.stringify(plan.versions)),
      ...(changed === null
        ? []
        : [
            this.#db
              .prepare(
                `INSERT INTO catalogue_changes (seq, plan_id, from_time, to_time)
                 SELECT seq, ?, ?, NULL FROM catalogue_head`,
              )
              .bind(plan.id, changed.from),
          ]),
      this.#db.prepare(SELECT_SEQ),
    ]);
    return results.at(-1)?.results[0]?.seq ?? 0;
  }

  /** Withdraws a plan: `false` when there was none on offer. */
  async deletePlan(planId: string): Promise<boolean> {
    const results = await this.#db.batch<{ deleted: number }>([
      this.#db
        .prepare(
          'UPDATE catalogue_head SET seq = seq + 1 WHERE EXISTS (SELECT 1 FROM price_plans WHERE id = ? AND deleted = 0)',
        )
        .bind(planId),
      this.#db
        .prepare(
          `INSERT INTO catalogue_changes (seq, plan_id, from_time, to_time)
           SELECT seq, ?, NULL, NULL FROM catalogue_head
           WHERE EXISTS (SELECT 1 FROM price_plans WHERE id = ? AND deleted = 0)`,
        )
        .bind(planId, planId),
      this.#db
        .prepare(
          'UPDATE price_plans SET deleted = 1, revision = (SELECT seq FROM catalogue_head) WHERE id = ? AND deleted = 0 RETURNING 1 AS deleted',
        )
        .bind(planId),
      // Its published rates go with it: a plan put back later starts without them.
      this.#db.prepare('DELETE FROM dynamic_rates WHERE plan_id = ?').bind(planId),
      this.#db.prepare('UPDATE price_plans SET has_dynamic_rates = 0 WHERE id = ?').bind(planId),
    ]);
    return (results[2]?.results.length ?? 0) > 0;
  }

  /**
   * Publishes rates of a plan's channel: each run of contiguous new rates replaces whatever was
   * published over it (rates reaching into a run are cut at its edges), then the new rates are
   * stored; the changes log the runs. Returns the new seq.
   */
  async putRates(
    planId: string,
    channel: RateChannel,
    rates: readonly DynamicRate[],
    runs: readonly (readonly [number, number])[],
  ): Promise<number> {
    const number = CHANNEL_NUMBERS[channel];
    const runsJson = JSON.stringify(runs);
    const inserts = [];
    for (let at = 0; at < rates.length; at += RATES_PER_STATEMENT) {
      const chunk = rates
        .slice(at, at + RATES_PER_STATEMENT)
        .map((rate) => [rate.start, rate.end, rate.unitRatePerKwh]);
      inserts.push(
        this.#db
          .prepare(
            `INSERT INTO dynamic_rates (plan_id, channel, start_time, end_time, unit_rate)
             SELECT ?, ?, value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)`,
          )
          .bind(planId, number, JSON.stringify(chunk)),
      );
    }
    const results = await this.#db.batch<{ seq: number }>([
      this.#db.prepare(BUMP_SEQ),
      // The part of an old rate after a run it crosses the end of.
      this.#db
        .prepare(
          `INSERT INTO dynamic_rates (plan_id, channel, start_time, end_time, unit_rate)
           SELECT rate.plan_id, rate.channel, run.value ->> 1, rate.end_time, rate.unit_rate
           FROM json_each(?) AS run JOIN dynamic_rates AS rate
             ON rate.plan_id = ? AND rate.channel = ?
            AND rate.start_time < run.value ->> 1 AND rate.end_time > run.value ->> 1`,
        )
        .bind(runsJson, planId, number),
      // An old rate that crosses the start of a run ends there.
      this.#db
        .prepare(
          `UPDATE dynamic_rates SET end_time = (
             SELECT MIN(run.value ->> 0) FROM json_each(?) AS run
             WHERE run.value ->> 0 > dynamic_rates.start_time AND run.value ->> 0 < dynamic_rates.end_time)
           WHERE plan_id = ? AND channel = ? AND EXISTS (
             SELECT 1 FROM json_each(?) AS run
             WHERE run.value ->> 0 > dynamic_rates.start_time AND run.value ->> 0 < dynamic_rates.end_time)`,
        )
        .bind(runsJson, planId, number, runsJson),
      // Old rates starting inside a run go.
      this.#db
        .prepare(
          `DELETE FROM dynamic_rates WHERE plan_id = ? AND channel = ? AND EXISTS (
             SELECT 1 FROM json_each(?) AS run
             WHERE dynamic_rates.start_time >= run.value ->> 0 AND dynamic_rates.start_time < run.value ->> 1)`,
        )
        .bind(planId, number, runsJson),
      ...inserts,
      this.#db
        .prepare(
          'UPDATE price_plans SET has_dynamic_rates = 1, revision = (SELECT seq FROM catalogue_head) WHERE id = ?',
        )
        .bind(planId),
      this.#db
        .prepare(
          `INSERT INTO catalogue_changes (seq, plan_id, from_time, to_time)
           SELECT head.seq, ?, run.value ->> 0, run.value ->> 1
           FROM catalogue_head AS head, json_each(?) AS run`,
        )
        .bind(planId, runsJson),
      this.#db.prepare(SELECT_SEQ),
    ]);
    return results.at(-1)?.results[0]?.seq ?? 0;
  }

  /** The published rates of these plans overlapping `[from, to)`, both channels, by plan. */
  async ratesOverlapping(
    planIds: readonly string[],
    from: number,
    to: number,
  ): Promise<Map<string, DynamicRates>> {
    const byPlan = new Map<string, { import: DynamicRate[]; export: DynamicRate[] }>(
      planIds.map((id) => [id, { import: [], export: [] }]),
    );
    if (planIds.length === 0) return byPlan;
    const { results } = await this.#db
      .prepare(
        `SELECT plan_id, channel, start_time, end_time, unit_rate FROM dynamic_rates
         WHERE plan_id IN (SELECT value FROM json_each(?)) AND end_time > ? AND start_time < ?
         ORDER BY plan_id, channel, start_time`,
      )
      .bind(JSON.stringify(planIds), from, to)
      .all<RateRow>();
    for (const row of results) {
      const rates = byPlan.get(row.plan_id);
      if (!rates) continue;
      (row.channel === 0 ? rates.import : rates.export).push(rowToRate(row));
    }
    return byPlan;
  }

  /**
   * Up to `limit` rates of a plan's channel overlapping `[from, to)` that start at or after
   * `startAt`, ascending.
   */
  async ratesPage(
    planId: string,
    channel: RateChannel,
    window: { from: number; to: number },
    startAt: number,
    limit: number,
  ): Promise<DynamicRate[]> {
    const { results } = await this.#db
      .prepare(
        `SELECT plan_id, channel, start_time, end_time, unit_rate FROM dynamic_rates
         WHERE plan_id = ? AND channel = ? AND end_time > ? AND start_time < ? AND start_time >= ?
         ORDER BY start_time LIMIT ?`,
      )
      .bind(planId, CHANNEL_NUMBERS[channel], window.from, window.to, startAt, limit)
      .all<RateRow>();
    return results.map(rowToRate);
  }
}
