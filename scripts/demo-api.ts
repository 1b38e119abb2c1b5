/**
 * The demo loaders' way to the API: requests with the right token, answers checked, and a refusal
 * turned into an error that says which request failed and what the API said.
 */

/** Where the API is, and the headers that carry each caller's token (none when tokens are off). */
export interface DemoApi {
  readonly origin: string;
  /** The operator's: plans, rates, accounts. */
  readonly operator: Record<string, string>;
  /** A meter's own (device): its data. */
  readonly meter: (smartMeterId: string) => Promise<Record<string, string>>;
}

/** A request of the API; `body` as JSON unless `contentType` says otherwise. */
export interface ApiRequest {
  readonly method?: 'GET' | 'PUT' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly contentType?: string;
}

function problemDetail(text: string): string {
  try {
    const problem: unknown = JSON.parse(text);
    if (typeof problem === 'object' && problem !== null && 'detail' in problem) {
      return String(problem.detail);
    }
  } catch {
    // Not problem+json.
  }
  return text.slice(0, 200);
}

/**
 * Sends the request and answers its JSON body, or `null` for a 404 when `notFound` is 'null';
 * throws for any other failure.
 */
export async function apiJson(
  origin: string,
  request: ApiRequest,
  notFound: 'null' | 'throw' = 'throw',
): Promise<unknown> {
  const { method = 'GET', path, headers, body, contentType = 'application/json' } = request;
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: body === undefined ? headers : { 'Content-Type': contentType, ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  if (response.status === 404 && notFound === 'null') return null;
  if (!response.ok) {
    throw new Error(`${method} ${path}: HTTP ${response.status}: ${problemDetail(text)}`);
  }
  return text === '' ? null : JSON.parse(text);
}
