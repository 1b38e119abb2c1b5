/**
 * The bench serves the Worker as deployed, meter tokens on, so every meter request carries its
 * meter's token. autocannon builds requests synchronously: tokens are derived once, up front.
 */
import { meterToken } from '../src/auth/token.ts';

/** Bound to the bench Worker as METER_TOKEN_KEY; it protects nothing outside the bench. */
export const BENCH_TOKEN_KEY = 'bench-meter-token-key';

const tokens = new Map<string, string>();

/** Derives the tokens of these meters so that `authorizationHeader` can answer at once. */
export async function prepareTokens(meterIds: Iterable<string>): Promise<void> {
  for (const meterId of meterIds) tokens.set(meterId, await meterToken(BENCH_TOKEN_KEY, meterId));
}

export function authorizationHeader(meterId: string): Record<string, string> {
  const token = tokens.get(meterId);
  if (token === undefined) throw new Error(`no token prepared for meter ${meterId}`);
  return { authorization: `Bearer ${token}` };
}
