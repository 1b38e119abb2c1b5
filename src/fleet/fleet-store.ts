import type { FleetGapPiece, FleetHalfHourRow } from '../energy/fleet-intervals';
import { type CandidateUpdate, type FleetMessage, messageIdPrefix } from './fleet-message';

// Queues may deliver a message again for a few days at most: ids older than this are forgotten.
const MESSAGE_MEMORY_MS = 14 * 86_400_000;

/** A meter's row of the switch candidates, as the API lists it. */
export interface SwitchCandidate {
  readonly smartMeterId: string;
  readonly pricePlanId: string;
  readonly recommendation: string;
  readonly annualSaving: number;
}

/** Where a page of switch candidates starts: after this one, in the listing's order. */
export interface CandidatePosition {
  readonly annualSaving: number;
  readonly smartMeterId: string;
}

// A row is at most about 150 bytes as JSON (a message id and four numbers): 5,000 stay near 750 KB.
const ROWS_PER_STATEMENT = 5000;

// Long-gap pieces still in the totals: identical pieces that entered and left net out exactly.
const NETTED_GAP_PIECES = `SELECT start_time, end_time, start_kw, end_kw, SUM(sign) AS count
  FROM fleet_gaps WHERE end_time > ?1 AND start_time < ?2
  GROUP BY start_time, end_time, start_kw, end_kw HAVING SUM(sign) <> 0`;

interface HalfHourSqlRow {
  start: number;
  import_kwh: number;
  export_kwh: number;
  meters: number;
}
interface GapSqlRow {
  start_time: number;
  end_time: number;
  start_kw: number;
  end_kw: number;
  count: number;
}
interface CandidateSqlRow {
  smart_meter_id: string;
  price_plan_id: string;
  recommendation: string;
  annual_saving: number;
}

/**
 * Every D1 statement on the fleet's totals. A batch of messages is applied in one transaction:
 * its message ids are recorded first, and only the messages whose id was new in this batch count,
 * so a redelivered message counts once. D1 bills every row written, so a batch is summed before it
 * is written: its half hours as one row each, whatever the number of meters that sent them.
 */
export class FleetStore {
  readonly #db: D1Database;

  constructor(db: D1Database) {
    this.#db = db;
  }

  /** Applies messages, each at most once, all in one transaction. */
  async apply(delivered: readonly FleetMessage[], now: number): Promise<void> {
    // One message twice in a batch would pass the check below twice: keep each id once.
    const messages = [...new Map(delivered.map((message) => [message.id, message])).values()];
    const batch = crypto.randomUUID();
    // A message of this batch whose id this batch recorded (not one counted before).
    const isNew = (idColumn: string) =>
      `EXISTS (SELECT 1 FROM fleet_messages WHERE id = ${idColumn} AND batch = ?)`;
    const usage = messages.flatMap(({ id, usage }) => usage.map((delta) => [id, ...delta]));
    const gaps = messages.flatMap(({ id, gaps }) => gaps.map((delta) => [id, ...delta]));
    const statements = [
      this.#db
        .prepare(
          `INSERT OR IGNORE INTO fleet_messages (id, received_at, batch)
           SELECT value, ?, ? FROM json_each(?)`,
        )
        .bind(now, batch, JSON.stringify(messages.map((message) => message.id))),
    ];
    for (const part of chunks(usage)) {
      statements.push(
        this.#db
          .prepare(
            `INSERT INTO fleet_half_hours (start, import_kwh, export_kwh, meters)
             SELECT value ->> 1, TOTAL(value ->> 2), TOTAL(value ->> 3), TOTAL(value ->> 4)
             FROM json_each(?) WHERE ${isNew('value ->> 0')} GROUP BY value ->> 1
             ON CONFLICT (start) DO UPDATE SET import_kwh = import_kwh + excluded.import_kwh,
               export_kwh = export_kwh + excluded.export_kwh, meters = meters + excluded.meters`,
          )
          .bind(JSON.stringify(part), batch),
      );
    }
    for (const part of chunks(gaps)) {
      statements.push(
        this.#db
          .prepare(
            `INSERT INTO fleet_gaps (start_time, end_time, start_kw, end_kw, sign)
             SELECT value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
             FROM json_each(?) WHERE ${isNew('value ->> 0')}`,
          )
          .bind(JSON.stringify(part), batch),
      );
    }
    for (const message of messages) {
      if (message.candidate) {
        statements.push(...this.#candidateStatements(message.candidate, message.id, batch));
      }
    }
    // Ids start with their sending time: the ones too old to be delivered again are a range.
    statements.push(
      this.#db
        .prepare('DELETE FROM fleet_messages WHERE id < ?')
        .bind(messageIdPrefix(now - MESSAGE_MEMORY_MS)),
    );
    await this.#db.batch(statements);
  }

  /**
   * The sums of the half hours starting in `[from, to)` and the gap pieces over them, in one
   * round trip, with the first instant at or after `to` where some meter has data (`null`: none).
   */
  async usageBetween(
    from: number,
    to: number,
  ): Promise<{ rows: FleetHalfHourRow[]; pieces: FleetGapPiece[]; nextDataAt: number | null }> {
    const [rows, pieces, ...next] = await this.#db.batch([
      this.#db
        .prepare(
          `SELECT start, import_kwh, export_kwh, meters FROM fleet_half_hours
           WHERE start >= ? AND start < ? ORDER BY start`,
        )
        .bind(from, to),
      this.#db.prepare(NETTED_GAP_PIECES).bind(from, to),
      ...this.#firstDataStatements(to),
    ]);
    return {
      rows: ((rows?.results ?? []) as HalfHourSqlRow[]).map((row) => ({
        start: row.start,
        importKwh: row.import_kwh,
        exportKwh: row.export_kwh,
        meters: row.meters,
      })),
      pieces: ((pieces?.results ?? []) as GapSqlRow[]).map((row) => ({
        startTime: row.start_time,
        endTime: row.end_time,
        startKw: row.start_kw,
        endKw: row.end_kw,
        count: row.count,
      })),
      nextDataAt: earliest(next),
    };
  }

  /** A half hour with meters, or a gap piece still in the totals, at or after `at` (indexed). */
  #firstDataStatements(at: number): D1PreparedStatement[] {
    return [
      this.#db
        .prepare(
          'SELECT start AS at FROM fleet_half_hours WHERE start >= ? AND meters <> 0 ORDER BY start LIMIT 1',
        )
        .bind(at),
      this.#db
        .prepare(`SELECT MIN(MAX(start_time, ?1)) AS at FROM (${NETTED_GAP_PIECES})`)
        .bind(at, Number.MAX_SAFE_INTEGER),
    ];
  }

  /**
   * Up to `limit` switch candidates saving more than 0 and at least `minAnnualSaving` a year
   * (on `pricePlanId` now, when given), largest saving first, ties by meter id, after `after`.
   */
  async switchCandidates(
    filter: { readonly minAnnualSaving: number; readonly pricePlanId?: string | undefined },
    after: CandidatePosition | null,
    limit: number,
  ): Promise<SwitchCandidate[]> {
    const where = ['annual_saving > 0', 'annual_saving >= ?'];
    const values: (string | number)[] = [filter.minAnnualSaving];
    if (filter.pricePlanId !== undefined) {
      where.push('price_plan_id = ?');
      values.push(filter.pricePlanId);
    }
    if (after !== null) {
      // `<=` first: a range the index seeks to; the rest drops the ties already listed.
      where.push('annual_saving <= ?', '(annual_saving < ? OR smart_meter_id > ?)');
      values.push(after.annualSaving, after.annualSaving, after.smartMeterId);
    }
    const { results } = await this.#db
      .prepare(
        `SELECT smart_meter_id, price_plan_id, recommendation, annual_saving FROM switch_candidates
         WHERE ${where.join(' AND ')} ORDER BY annual_saving DESC, smart_meter_id LIMIT ?`,
      )
      .bind(...values, limit)
      .all<CandidateSqlRow>();
    return results.map((row) => ({
      smartMeterId: row.smart_meter_id,
      pricePlanId: row.price_plan_id,
      recommendation: row.recommendation,
      annualSaving: row.annual_saving,
    }));
  }

  /**
   * A candidate replaces an older one of the meter, and is written only when it says something
   * new; `null` removes the meter's row. Each applies only if its message is new in `batch`.
   */
  #candidateStatements(
    update: CandidateUpdate,
    messageId: string,
    batch: string,
  ): D1PreparedStatement[] {
    const isNew = 'EXISTS (SELECT 1 FROM fleet_messages WHERE id = ? AND batch = ?)';
    const notStale = `? > COALESCE((SELECT version FROM switch_candidates_removed WHERE smart_meter_id = ?), -1)`;
    if (update.candidate === null) {
      return [
        this.#db
          .prepare(
            `DELETE FROM switch_candidates WHERE smart_meter_id = ? AND version < ? AND ${isNew}`,
          )
          .bind(update.smartMeterId, update.version, messageId, batch),
        this.#db
          .prepare(
            `INSERT INTO switch_candidates_removed (smart_meter_id, version) SELECT ?, ? WHERE ${isNew}
             ON CONFLICT (smart_meter_id) DO UPDATE SET version = MAX(version, excluded.version)`,
          )
          .bind(update.smartMeterId, update.version, messageId, batch),
      ];
    }
    const { pricePlanId, recommendation, annualSaving } = update.candidate;
    return [
      this.#db
        .prepare(
          `INSERT INTO switch_candidates (smart_meter_id, price_plan_id, recommendation, annual_saving, version)
           SELECT ?, ?, ?, ?, ? WHERE ${notStale} AND ${isNew}
           ON CONFLICT (smart_meter_id) DO UPDATE SET price_plan_id = excluded.price_plan_id,
             recommendation = excluded.recommendation, annual_saving = excluded.annual_saving,
             version = excluded.version
           WHERE excluded.version > switch_candidates.version
             AND (price_plan_id, recommendation, annual_saving)
               IS NOT (excluded.price_plan_id, excluded.recommendation, excluded.annual_saving)`,
        )
        .bind(
          update.smartMeterId,
          pricePlanId,
          recommendation,
          annualSaving,
          update.version,
          update.version,
          update.smartMeterId,
          messageId,
          batch,
        ),
    ];
  }
}

/**
 * Rows as lists of at most ROWS_PER_STATEMENT: D1 refuses a bound string over 2 MB, and a batch
 * of a hundred messages may carry a hundred thousand rows (several MB as JSON).
 */
function chunks<T>(rows: readonly T[]): T[][] {
  const parts: T[][] = [];
  for (let at = 0; at < rows.length; at += ROWS_PER_STATEMENT) {
    parts.push(rows.slice(at, at + ROWS_PER_STATEMENT));
  }
  return parts;
}

/** The earliest `at` the statements found, or `null`. */
function earliest(results: readonly D1Result[]): number | null {
  const found = results
    .map((result) => (result.results[0] as { at: number | null } | undefined)?.at)
    .filter((at): at is number => typeof at === 'number');
  return found.length === 0 ? null : Math.min(...found);
}
