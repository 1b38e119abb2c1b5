import { openSignedJson, signJson } from './signed-text';

/**
 * Where the next page of a list starts, bound to the query it belongs to: opaque to clients, and
 * signed as usage cursors are (`<payload>.<signature>`, the payload base64url of this object as
 * JSON, HMAC-SHA256 with the token key). A cursor a client made or changed, or one of another
 * query, is refused (422).
 */
export interface PageCursor {
  readonly at: number;
  /** Ties of `at` already listed end with this key (lists ordered by a value, then a key). */
  readonly key?: string;
  readonly query: Readonly<Record<string, string | number | null>>;
}

const SIGNED_PREFIX = 'joi-page-cursor-v1.';

/** The cursor as text, signed with the first of the live keys. */
export function encodePageCursor(keys: readonly string[], cursor: PageCursor): Promise<string> {
  return signJson(keys, SIGNED_PREFIX, cursor);
}

/** The cursor if this API signed it and gave it out for this query, else `null`. */
async function openPageCursor(
  keys: readonly string[],
  text: string,
  query: PageCursor['query'],
): Promise<Partial<PageCursor> | null> {
  const cursor = (await openSignedJson(keys, SIGNED_PREFIX, text)) as Partial<PageCursor> | null;
  if (typeof cursor !== 'object' || cursor === null) return null;
  const given = cursor.query ?? {};
  if (typeof given !== 'object' || given === null) return null;
  const names = new Set([...Object.keys(given), ...Object.keys(query)]);
  for (const name of names) if (given[name] !== query[name]) return null;
  return cursor;
}

/** The `at` of a cursor given out for this query, or `null` for anything else. */
export async function pageCursorAt(
  keys: readonly string[],
  text: string,
  query: PageCursor['query'],
): Promise<number | null> {
  const cursor = await openPageCursor(keys, text, query);
  if (typeof cursor?.at !== 'number' || !Number.isSafeInteger(cursor.at)) return null;
  return cursor.at;
}

/** The `at` (any finite number) and `key` of a cursor given out for this query, or `null`. */
export async function pageCursorAfter(
  keys: readonly string[],
  text: string,
  query: PageCursor['query'],
): Promise<{ at: number; key: string } | null> {
  const cursor = await openPageCursor(keys, text, query);
  if (typeof cursor?.at !== 'number' || !Number.isFinite(cursor.at)) return null;
  if (typeof cursor.key !== 'string') return null;
  return { at: cursor.at, key: cursor.key };
}
