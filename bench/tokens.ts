/**
 * The bench serves the Worker as deployed, meter tokens on, so every meter request carries its
 * meter's token, and catalogue and account changes the operator's. autocannon builds requests
 * synchronously: tokens are derived once, up front.
 */
import { meterToken, mintOperatorToken } from '../src/auth/token.ts';

/** Bound to the bench Worker as METER_TOKEN_KEY; it protects nothing outside the bench. */
export const BENCH_TOKEN_KEY = 'bench-meter-token-key';

const tokens = new Map<string, string>();
let operator: string | undefined;

/** Derives the tokens of these meters, and the operator's, so that the headers answer at once. */
export async function prepareTokens(meterIds: Iterable<string>): Promise<void> {
  for (const meterId of meterIds) tokens.set(meterId, await meterToken(BENCH_TOKEN_KEY, meterId));
  operator ??= (await mintOperatorToken(BENCH_TOKEN_KEY)).token;
}

/** The meter's device token: it may store, and read everything of that meter. */
export function authorizationHeader(meterId: string): Record<string, string> {
  const token = tokens.get(meterId);
  if (token === undefined) throw new Error(`no token prepared for meter ${meterId}`);
  return { authorization: `Bearer ${token}` };
}

/** The operator's token: catalogue changes, accounts, every meter. */
export function operatorAuthorizationHeader(): Record<string, string> {
  if (operator === undefined) throw new Error('no operator token prepared');
  return { authorization: `Bearer ${operator}` };
}
