import * as v from 'valibot';
import type { AccountSwitchRow, RowError } from '../fleet/apply-account-rows';
import { AccountRowSchema } from '../schemas/accounts';

/**
 * Checks each row of a bulk account change on its own: its schema, then its plan against the
 * catalogue. Rows are numbered from 1; a row without `from` switches at `now`.
 */
export function checkAccountRows(
  rows: readonly unknown[],
  planIds: readonly string[],
  now: number,
): { valid: AccountSwitchRow[]; errors: RowError[] } {
  const valid: AccountSwitchRow[] = [];
  const errors: RowError[] = [];
  const known = new Set(planIds);
  rows.forEach((input, index) => {
    const row = index + 1;
    const parsed = v.safeParse(AccountRowSchema, input);
    if (!parsed.success) {
      for (const issue of parsed.issues) {
        errors.push({ row, path: v.getDotPath(issue) ?? '', message: issue.message });
      }
      return;
    }
    const { smartMeterId, pricePlanId, from } = parsed.output;
    if (!known.has(pricePlanId)) {
      errors.push({
        row,
        path: 'pricePlanId',
        message: `must be the id of a plan of the catalogue: ${planIds.join(', ')}`,
      });
      return;
    }
    valid.push({ row, smartMeterId, pricePlanId, from: from ?? now });
  });
  return { valid, errors };
}
