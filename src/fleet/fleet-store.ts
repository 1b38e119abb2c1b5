import type { CandidateUpdate, FleetMessage } from './fleet-message';

// Queues may deliver a message again for a few days at most: ids older than this are forgotten.
const MESSAGE_MEMORY_MS = 14 * 86_400_000;

/**
 * Every D1 statement on the fleet's totals. A message is applied in one transaction with its id:
 * applied only if its id is new, so a redelivered message counts once.
 */
export class FleetStore {
  readonly #db: D1Database;

  constructor(db: D1Database) {
    this.#db = db;
  }

  /** Applies messages, each at most once, all in one transaction. */
  async apply(messages: readonly FleetMessage[], now: number): Promise<void> {
    const statements = messages.flatMap((message) => this.#statements(message, now));
    statements.push(
      this.#db
        .prepare('DELETE FROM fleet_messages WHERE received_at < ?')
        .bind(now - MESSAGE_MEMORY_MS),
    );
    await this.#db.batch(statements);
  }

  #statements(message: FleetMessage, now: number): D1PreparedStatement[] {
    const isNew = 'NOT EXISTS (SELECT 1 FROM fleet_messages WHERE id = ?)';
    const statements: D1PreparedStatement[] = [];
    if (message.usage.length > 0) {
      statements.push(
        this.#db
          .prepare(
            `INSERT INTO fleet_half_hours (start, import_kwh, export_kwh, meters)
             SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)
             WHERE ${isNew}
             ON CONFLICT (start) DO UPDATE SET import_kwh = import_kwh + excluded.import_kwh,
               export_kwh = export_kwh + excluded.export_kwh, meters = meters + excluded.meters`,
          )
          .bind(JSON.stringify(message.usage), message.id),
      );
    }
    if (message.gaps.length > 0) {
      statements.push(
        this.#db
          .prepare(
            `INSERT INTO fleet_gaps (start_time, end_time, start_kw, end_kw, sign)
             SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?)
             WHERE ${isNew}`,
          )
          .bind(JSON.stringify(message.gaps), message.id),
      );
    }
    if (message.candidate) statements.push(...this.#candidateStatements(message.candidate));
    statements.push(
      this.#db
        .prepare('INSERT OR IGNORE INTO fleet_messages (id, received_at) VALUES (?, ?)')
        .bind(message.id, now),
    );
    return statements;
  }

  /** A candidate replaces an older one of the meter; `null` removes the meter's row. */
  #candidateStatements(update: CandidateUpdate): D1PreparedStatement[] {
    const notStale = `? > COALESCE((SELECT version FROM switch_candidates_removed WHERE smart_meter_id = ?), -1)`;
    if (update.candidate === null) {
      return [
        this.#db
          .prepare('DELETE FROM switch_candidates WHERE smart_meter_id = ? AND version < ?')
          .bind(update.smartMeterId, update.version),
        this.#db
          .prepare(
            `INSERT INTO switch_candidates_removed (smart_meter_id, version) VALUES (?, ?)
             ON CONFLICT (smart_meter_id) DO UPDATE SET version = MAX(version, excluded.version)`,
          )
          .bind(update.smartMeterId, update.version),
      ];
    }
    const { pricePlanId, recommendation, annualSaving } = update.candidate;
    return [
      this.#db
        .prepare(
          `INSERT INTO switch_candidates (smart_meter_id, price_plan_id, recommendation, annual_saving, version)
           SELECT ?, ?, ?, ?, ? WHERE ${notStale}
           ON CONFLICT (smart_meter_id) DO UPDATE SET price_plan_id = excluded.price_plan_id,
             recommendation = excluded.recommendation, annual_saving = excluded.annual_saving,
             version = excluded.version
           WHERE excluded.version > switch_candidates.version`,
        )
        .bind(
          update.smartMeterId,
          pricePlanId,
          recommendation,
          annualSaving,
          update.version,
          update.version,
          update.smartMeterId,
        ),
    ];
  }
}
