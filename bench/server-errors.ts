/**
 * 5xx answers seen while measuring. Under concurrent load the Worker sometimes answers 500 with
 * "Cannot perform I/O on behalf of a different request" (src/catalogue/catalogue-cache.ts shares
 * one catalogue refresh promise across requests): rather than end the whole bench, a measurement
 * leaves such an answer out (a load run is retried), and the report says how many there were.
 */
const seen = new Map<string, number>();

/** Counts one 5xx answer to `path`. */
export function noteServerError(path: string, status: number): void {
  const key = `${status} ${path.split('?')[0]}`;
  seen.set(key, (seen.get(key) ?? 0) + 1);
}

/** Whether a status is a server error the bench tolerates (and counts). */
export const isServerError = (status: number) => status >= 500 && status < 600;

/** One line for the report: none, or each status and path with its count. */
export function serverErrorSummary(): string {
  if (seen.size === 0) return 'none';
  return [...seen].map(([key, times]) => `${key} × ${times}`).join('; ');
}
