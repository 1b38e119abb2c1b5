/** The SQL of a meter's account: the price plan the customer is on, one row at most. */
export class AccountTable {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  /** The plan stored for the meter, or `null` when none has been set. */
  pricePlanId(): string | null {
    const [row] = this.#sql
      .exec<{ price_plan_id: string }>('SELECT price_plan_id FROM account')
      .toArray();
    return row?.price_plan_id ?? null;
  }

  setPricePlanId(pricePlanId: string): void {
    this.#sql.exec(
      `INSERT INTO account (singleton, price_plan_id) VALUES (1, ?)
       ON CONFLICT (singleton) DO UPDATE SET price_plan_id = excluded.price_plan_id`,
      pricePlanId,
    );
  }

  /** Forgets the plan: the meter has no stored account any more. */
  delete(): void {
    this.#sql.exec('DELETE FROM account');
  }
}
