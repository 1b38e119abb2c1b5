import type { TextPage } from '../text-page';
import { pagedTextStream } from './paged-text-stream';

/**
 * A JSON array as a response body, from pages of its elements (JSON joined by commas, without
 * brackets): the text itself when the first page is the whole array (the common short read costs
 * no stream), otherwise streamed page by page (see `jsonArrayStream`).
 */
export function jsonArrayBody<Cursor>(
  firstPage: TextPage<Cursor>,
  nextPage: (cursor: Cursor) => Promise<TextPage<Cursor>>,
): string | ReadableStream<Uint8Array> {
  if (firstPage.next === null) return `[${firstPage.text}]`;
  return jsonArrayStream(firstPage, nextPage);
}

/**
 * A JSON array streamed page by page: the next page is only fetched when the client has read the
 * previous one, so memory holds one page whatever the array's length.
 */
export function jsonArrayStream<Cursor>(
  firstPage: TextPage<Cursor>,
  nextPage: (cursor: Cursor) => Promise<TextPage<Cursor>>,
): ReadableStream<Uint8Array> {
  let empty = firstPage.text === '';
  const bracketed = (page: TextPage<Cursor>, text: string): TextPage<Cursor> => ({
    text: page.next === null ? `${text}]` : text,
    next: page.next,
  });
  return pagedTextStream(bracketed(firstPage, `[${firstPage.text}`), async (cursor) => {
    const page = await nextPage(cursor);
    const separator = empty || page.text === '' ? '' : ',';
    if (page.text !== '') empty = false;
    return bracketed(page, separator + page.text);
  });
}
