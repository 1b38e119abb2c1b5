import type { FleetMessage } from '../fleet/fleet-message';
import type { MeterSql } from './sql-usage';

/** A message the fleet queue did not take, with its place in the outbox. */
export interface OutboxEntry {
  readonly seq: number;
  readonly message: FleetMessage;
}

/**
 * Every SQL statement on a meter's fleet outbox: messages whose send to the queue failed, kept
 * until a later send takes them. Empty as long as Queues answers, so it costs nothing then.
 */
export class FleetOutboxTable {
  readonly #sql: MeterSql;

  constructor(sql: MeterSql) {
    this.#sql = sql;
  }

  add(messages: readonly FleetMessage[]): void {
    for (const message of messages) {
      this.#sql.exec('INSERT INTO fleet_outbox (message) VALUES (?)', JSON.stringify(message));
    }
  }

  /** The oldest `limit` messages waiting. */
  oldest(limit: number): OutboxEntry[] {
    return this.#sql
      .exec<{ seq: number; message: string }>(
        'SELECT seq, message FROM fleet_outbox ORDER BY seq LIMIT ?',
        limit,
      )
      .toArray()
      .map((row) => ({ seq: row.seq, message: JSON.parse(row.message) as FleetMessage }));
  }

  /** Removes the messages up to and including `seq`: the queue has them. */
  removeThrough(seq: number): void {
    this.#sql.exec('DELETE FROM fleet_outbox WHERE seq <= ?', seq);
  }
}
