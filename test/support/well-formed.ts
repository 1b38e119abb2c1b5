import { expect } from 'vitest';

// A stack frame, a source path or a module path must never reach a client.
const INTERNALS = /\bat \S+ \(|\.(ts|js):\d+|node_modules|\/src\/|workerd|Error:/;

/**
 * Never a 5xx; every 4xx is problem+json whose `status` is the HTTP status (or, for a status in
 * `htmlErrors`, the HTML page the document promises a browser); no internals. `what` names the
 * request in a failure.
 */
export async function expectWellFormed(
  response: Response,
  method = 'GET',
  what = `${method} request`,
  { htmlErrors = [] }: { readonly htmlErrors?: readonly number[] } = {},
): Promise<void> {
  const text = await response.text();
  expect(response.status, `${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(text, what).not.toMatch(INTERNALS);
  const isHtmlPage =
    htmlErrors.includes(response.status) &&
    response.headers.get('content-type')?.startsWith('text/html') === true;
  if (response.status >= 400 && method !== 'HEAD' && !isHtmlPage) {
    expect(response.headers.get('content-type'), what).toBe('application/problem+json');
    expect(JSON.parse(text).status, what).toBe(response.status);
  }
}
