import type { MeterSql } from './sql-usage';
/** What a meter keeps of itself: the catalogue its sums are priced with, and work still to do. */
export interface MeterState {
  /** The catalogue's sequence number the copy below is at (0: none yet). */
  readonly catalogueSeq: number;
  /** The catalogue as JSON (see catalogue/catalogue.ts), `null` before the first copy. */
  readonly catalogue: string | null;
  /** Work still to do on the sums, as JSON (see meter/pending-work.ts). */
  readonly pending: string;
}

const EMPTY: MeterState = { catalogueSeq: 0, catalogue: null, pending: '[]' };

/** The SQL of the meter's one-row state. */
export class MeterStateTable {
  readonly #sql: MeterSql;

  constructor(sql: MeterSql) {
    this.#sql = sql;
  }

  read(): MeterState {
    const [row] = this.#sql
      .exec<{ catalogue_seq: number; catalogue: string | null; pending: string }>(
        'SELECT catalogue_seq, catalogue, pending FROM meter_state',
      )
      .toArray();
    return row
      ? { catalogueSeq: row.catalogue_seq, catalogue: row.catalogue, pending: row.pending }
      : EMPTY;
  }

  write(state: MeterState): void {
    this.#sql.exec(
      `INSERT INTO meter_state (singleton, catalogue_seq, catalogue, pending) VALUES (1, ?, ?, ?)
       ON CONFLICT (singleton) DO UPDATE SET catalogue_seq = excluded.catalogue_seq,
         catalogue = excluded.catalogue, pending = excluded.pending`,
      state.catalogueSeq,
      state.catalogue,
      state.pending,
    );
  }
}
