import { decodeBase64Url, encodeBase64Url } from 'hono/utils/encode';

/**
 * Where the next page of a list starts, bound to the query it belongs to: opaque to clients
 * (base64url of JSON), and refused (422) when it does not match the query it is sent with.
 */
export interface PageCursor {
  readonly at: number;
  readonly query: Readonly<Record<string, string | number | null>>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodePageCursor(cursor: PageCursor): string {
  return encodeBase64Url(encoder.encode(JSON.stringify(cursor)).buffer).replace(/=+$/, '');
}

/** The `at` of a cursor given out for this query, or `null` for anything else. */
export function pageCursorAt(text: string, query: PageCursor['query']): number | null {
  try {
    const cursor = JSON.parse(decoder.decode(decodeBase64Url(text))) as Partial<PageCursor>;
    if (typeof cursor.at !== 'number' || !Number.isSafeInteger(cursor.at)) return null;
    const given = cursor.query ?? {};
    const keys = new Set([...Object.keys(given), ...Object.keys(query)]);
    for (const key of keys) if (given[key] !== query[key]) return null;
    return cursor.at;
  } catch {
    return null;
  }
}
