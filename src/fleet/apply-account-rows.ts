/** A row of a bulk account change that was not applied, by its 1-based place among the rows. */
export interface RowError {
  readonly row: number;
  /** Dotted path inside the row (`pricePlanId`, `from`); empty for the row as a whole. */
  readonly path: string;
  readonly message: string;
}

/** A row that passed its checks: a switch of a meter's account onto a plan from an instant. */
export interface AccountSwitchRow {
  readonly row: number;
  readonly smartMeterId: string;
  readonly pricePlanId: string;
  readonly from: number;
}

/** Meters switched at once: far under the 10,000 subrequests a Workers Paid request may make. */
export const ACCOUNT_ROWS_AT_ONCE = 50;

/**
 * Applies each row on its own: a meter's rows one after another in row order (a later switch
 * builds on an earlier one), up to `atOnce` meters at a time. `switchOne` answers the row's
 * refusal or `null`, and never throws. Errors come back in row order.
 */
export async function applyAccountRows(
  rows: readonly AccountSwitchRow[],
  switchOne: (row: AccountSwitchRow) => Promise<RowError | null>,
  atOnce = ACCOUNT_ROWS_AT_ONCE,
): Promise<{ updated: number; errors: RowError[] }> {
  const byMeter = new Map<string, AccountSwitchRow[]>();
  for (const row of rows)
    byMeter.set(row.smartMeterId, [...(byMeter.get(row.smartMeterId) ?? []), row]);
  const queue = [...byMeter.values()];
  let updated = 0;
  const errors: RowError[] = [];
  const worker = async () => {
    for (let meterRows = queue.shift(); meterRows; meterRows = queue.shift()) {
      for (const row of meterRows) {
        const error = await switchOne(row);
        if (error === null) updated++;
        else errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, queue.length) }, worker));
  return { updated, errors: errors.sort((a, b) => a.row - b.row) };
}
