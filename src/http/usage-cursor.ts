import * as v from 'valibot';
import { GROUP_BY } from '../energy/calendar';
import { isKnownTimeZone } from '../energy/time-zone';
import { LATEST_QUERY_TIME } from '../energy/types';
import { openSignedJson, signJson } from './signed-text';

/**
 * Where the next page of usage starts, and the query it belongs to: a page of a different query
 * cannot be continued with it. Opaque to clients, and signed: `<payload>.<signature>`, the payload
 * base64url of this object as JSON, the signature base64url(HMAC-SHA256(key, "joi-usage-cursor-v1."
 * + payload)) with the token key. A cursor a client made or changed is refused (422), whatever it
 * holds, before anything reads it.
 */
const UsageCursorSchema = v.object({
  smartMeterId: v.string(),
  at: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LATEST_QUERY_TIME)),
  groupBy: v.picklist(GROUP_BY),
  timeZone: v.optional(v.pipe(v.string(), v.check(isKnownTimeZone))),
  from: v.optional(v.number()),
  to: v.optional(v.number()),
  /** The meter's history the page was read from: an erasure since makes the cursor stale. */
  history: v.optional(v.pipe(v.number(), v.integer())),
});
export type UsageCursor = v.InferOutput<typeof UsageCursorSchema>;

/** A cursor's text as this API gives it out (what the query schema lets through). */
export const USAGE_CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,400}\.[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

const SIGNED_PREFIX = 'joi-usage-cursor-v1.';

/** The cursor as text, signed with the first of the live keys (or the unkeyed key). */
export async function sealUsageCursor(
  keys: readonly string[],
  cursor: UsageCursor,
): Promise<string> {
  return signJson(keys, SIGNED_PREFIX, cursor);
}

/** The cursor a `next` value holds, or `null` unless this API signed it with a live key. */
export async function openUsageCursor(
  keys: readonly string[],
  text: string,
): Promise<UsageCursor | null> {
  if (!USAGE_CURSOR_PATTERN.test(text)) return null;
  const result = v.safeParse(UsageCursorSchema, await openSignedJson(keys, SIGNED_PREFIX, text));
  return result.success ? result.output : null;
}

/** The query a cursor must come back with: the one its page answered. */
export interface CursorQuery {
  readonly groupBy: string;
  readonly timeZone?: string | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

/**
 * Why an opened cursor cannot continue this meter's query (a message for its 422), or `null`
 * when it can. Zones compare by their one spelling, which both sides hold.
 */
export function cursorMismatch(
  cursor: UsageCursor,
  smartMeterId: string,
  query: CursorQuery,
): string | null {
  if (cursor.smartMeterId !== smartMeterId) {
    return 'is not a cursor this API gave out for this meter and query: pass `next` as it came';
  }
  const sameQuery =
    cursor.groupBy === query.groupBy &&
    cursor.timeZone === query.timeZone &&
    cursor.from === query.from &&
    cursor.to === query.to &&
    (query.from === undefined || cursor.at >= query.from) &&
    (query.to === undefined || cursor.at < query.to);
  return sameQuery
    ? null
    : 'belongs to another query: repeat the groupBy, timeZone, from and to it came with';
}
