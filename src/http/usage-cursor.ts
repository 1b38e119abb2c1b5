import { decodeBase64Url, encodeBase64Url } from 'hono/utils/encode';
import * as v from 'valibot';
import { GROUP_BY } from '../energy/calendar';
import { LATEST_QUERY_TIME } from '../energy/types';

/**
 * Where the next page of usage starts, and the query it belongs to: a page of a different query
 * cannot be continued with it. Opaque to clients: base64url of this object as JSON.
 */
const UsageCursorSchema = v.object({
  smartMeterId: v.string(),
  at: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LATEST_QUERY_TIME)),
  groupBy: v.picklist(GROUP_BY),
  timeZone: v.optional(v.string()),
  from: v.optional(v.number()),
  to: v.optional(v.number()),
});
export type UsageCursor = v.InferOutput<typeof UsageCursorSchema>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeUsageCursor(cursor: UsageCursor): string {
  return encodeBase64Url(encoder.encode(JSON.stringify(cursor)).buffer).replace(/=+$/, '');
}

/** The cursor a `next` value holds, or `null` when the text is not one this API gave out. */
export function decodeUsageCursor(text: string): UsageCursor | null {
  try {
    const result = v.safeParse(
      UsageCursorSchema,
      JSON.parse(decoder.decode(decodeBase64Url(text))),
    );
    return result.success ? result.output : null;
  } catch {
    return null;
  }
}
