/** One JSON POST of `npm run simulate` (readings or intervals): its outcome as a value, never a throw. */
import { meterToken } from '../src/auth/token.ts';

// Generous: wrangler dev queues the requests to one meter's Durable Object behind one another.
const REQUEST_TIMEOUT_MS = 60_000;

/** What became of one request. */
export type Outcome =
  /** `answeredAtMs`: when the answer arrived, on the `performance.now()` clock. */
  | { readonly kind: 'stored'; readonly answeredAtMs: number }
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

/** Posts one JSON body; an HTTP error or a network failure is an outcome too. */
export async function postJson(
  url: URL,
  body: string,
  authorization: Record<string, string>,
): Promise<Outcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authorization },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    // The store is answered once its status arrives; the echoed body follows.
    const answeredAtMs = performance.now();
    // Read the answer in full even on success: an unread body keeps its connection busy.
    const answer = await response.text();
    if (response.ok) return { kind: 'stored', answeredAtMs };
    return { kind: 'failed', error: `HTTP ${response.status}`, detail: problemDetail(answer) };
  } catch (error) {
    return { kind: 'failed', error: 'network', detail: networkError(error) };
  }
}

/**
 * `Authorization` for a meter: its bearer token of `scope` (the meter's own, device, by default)
 * when METER_TOKEN_KEY is set, else nothing.
 */
export function authorizationFor(
  tokenKey: string | undefined,
  scope: 'device' | 'viewer' = 'device',
): (smartMeterId: string) => Promise<Record<string, string>> {
  if (!tokenKey) return async () => ({});
  return async (smartMeterId) => ({
    Authorization: `Bearer ${await meterToken(tokenKey, smartMeterId, scope)}`,
  });
}
