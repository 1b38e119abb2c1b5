/** POST /readings/store for `npm run simulate`: one request, its outcome as a value, never a throw. */
import { meterToken } from '../src/auth/token.ts';

// Generous: wrangler dev queues the requests to one meter's Durable Object behind one another.
const REQUEST_TIMEOUT_MS = 60_000;

/** What became of one request. */
export type Outcome =
  | { readonly kind: 'stored' }
  | { readonly kind: 'failed'; readonly error: string; readonly detail: string };

/** The `detail` of a problem+json answer, or the start of whatever else came back. */
function problemDetail(body: string): string {
  try {
    const problem: unknown = JSON.parse(body);
    if (typeof problem === 'object' && problem !== null && 'detail' in problem) {
      return String(problem.detail);
    }
  } catch {
    // Not JSON: a proxy's error page, say.
  }
  return body.slice(0, 200);
}

function networkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Node's fetch says only "fetch failed"; the cause says why (ECONNREFUSED, a timeout…).
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** Posts one JSON body of readings; an HTTP error or a network failure is an outcome too. */
export async function postReadings(
  storeUrl: URL,
  body: string,
  authorization: Record<string, string>,
): Promise<Outcome> {
  try {
    const response = await fetch(storeUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authorization },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    // Read the echo in full even on success: an unread body keeps its connection busy.
    const answer = await response.text();
    if (response.ok) return { kind: 'stored' };
    return { kind: 'failed', error: `HTTP ${response.status}`, detail: problemDetail(answer) };
  } catch (error) {
    return { kind: 'failed', error: 'network', detail: networkError(error) };
  }
}

/** `Authorization` for a meter: its bearer token when METER_TOKEN_KEY is set, else nothing. */
export function authorizationFor(
  tokenKey: string | undefined,
): (smartMeterId: string) => Promise<Record<string, string>> {
  if (!tokenKey) return async () => ({});
  return async (smartMeterId) => ({
    Authorization: `Bearer ${await meterToken(tokenKey, smartMeterId)}`,
  });
}
