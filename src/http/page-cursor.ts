import { decodeBase64Url, encodeBase64Url } from 'hono/utils/encode';

/**
 * Where the next page of a list starts, bound to the query it belongs to: opaque to clients
 * (base64url of JSON), and refused (422) when it does not match the query it is sent with.
 */
export interface PageCursor {
  readonly at: number;
  /** Ties of `at` already listed end with this key (lists ordered by a value, then a key). */
  readonly key?: string;
  readonly query: Readonly<Record<string, string | number | null>>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodePageCursor(cursor: PageCursor): string {
  return encodeBase64Url(encoder.encode(JSON.stringify(cursor)).buffer).replace(/=+$/, '');
}

/** The cursor if it was given out for this query, else `null`. */
function openPageCursor(text: string, query: PageCursor['query']): Partial<PageCursor> | null {
  try {
    const cursor = JSON.parse(decoder.decode(decodeBase64Url(text))) as Partial<PageCursor> | null;
    if (typeof cursor !== 'object' || cursor === null) return null;
    const given = cursor.query ?? {};
    const keys = new Set([...Object.keys(given), ...Object.keys(query)]);
    for (const key of keys) if (given[key] !== query[key]) return null;
    return cursor;
  } catch {
    return null;
  }
}

/** The `at` of a cursor given out for this query, or `null` for anything else. */
export function pageCursorAt(text: string, query: PageCursor['query']): number | null {
  const cursor = openPageCursor(text, query);
  if (typeof cursor?.at !== 'number' || !Number.isSafeInteger(cursor.at)) return null;
  return cursor.at;
}

/** The `at` (any finite number) and `key` of a cursor given out for this query, or `null`. */
export function pageCursorAfter(
  text: string,
  query: PageCursor['query'],
): { at: number; key: string } | null {
  const cursor = openPageCursor(text, query);
  if (typeof cursor?.at !== 'number' || !Number.isFinite(cursor.at)) return null;
  if (typeof cursor.key !== 'string') return null;
  return { at: cursor.at, key: cursor.key };
}
