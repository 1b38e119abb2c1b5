import type { MeterSql } from './sql-usage';
/** A switch of the meter's account onto a plan, from an instant (`null`: since the beginning). */
export interface AccountSwitch {
  readonly pricePlanId: string;
  readonly from: number | null;
}

// The stored `from_time` of a switch that holds since the beginning (a migrated or trial account).
const SINCE_THE_BEGINNING = -1;

/** The SQL of a meter's account: the plans its customer has been on, and from when. */
export class AccountHistoryTable {
  readonly #sql: MeterSql;

  constructor(sql: MeterSql) {
    this.#sql = sql;
  }

  /** Every switch, oldest first. */
  switches(): AccountSwitch[] {
    return this.#sql
      .exec<{ from_time: number; price_plan_id: string }>(
        'SELECT from_time, price_plan_id FROM account_switches ORDER BY from_time',
      )
      .toArray()
      .map((row) => ({
        pricePlanId: row.price_plan_id,
        from: row.from_time === SINCE_THE_BEGINNING ? null : row.from_time,
      }));
  }

  /** Adds a switch (a switch at the same instant as the latest one replaces it). */
  add(entry: AccountSwitch): void {
    this.#sql.exec(
      `INSERT INTO account_switches (from_time, price_plan_id) VALUES (?, ?)
       ON CONFLICT (from_time) DO UPDATE SET price_plan_id = excluded.price_plan_id`,
      entry.from ?? SINCE_THE_BEGINNING,
      entry.pricePlanId,
    );
  }

  deleteAll(): void {
    this.#sql.exec('DELETE FROM account_switches');
  }
}
