/** Some elements of a long JSON array, already encoded, and where the next ones start. */
export interface JsonPage<Cursor> {
  /** The elements' JSON, separated by commas, without brackets; empty for none. */
  readonly elementsJson: string;
  /** Where the next page starts, or `undefined` when this page is the last. */
  readonly next: Cursor | undefined;
}

const encoder = new TextEncoder();

/**
 * A JSON array as a response body: the text itself when the first page is the whole array (the
 * common short read costs no stream), otherwise streamed page by page (see `jsonArrayStream`).
 */
export function jsonArrayBody<Cursor>(
  firstPage: JsonPage<Cursor>,
  nextPage: (cursor: Cursor) => Promise<JsonPage<Cursor>>,
): string | ReadableStream<Uint8Array> {
  if (firstPage.next === undefined) return `[${firstPage.elementsJson}]`;
  return jsonArrayStream(firstPage, nextPage);
}

/**
 * A JSON array streamed page by page: the next page is only fetched when the client has read the
 * previous one, so memory holds one page whatever the array's length.
 */
export function jsonArrayStream<Cursor>(
  firstPage: JsonPage<Cursor>,
  nextPage: (cursor: Cursor) => Promise<JsonPage<Cursor>>,
): ReadableStream<Uint8Array> {
  let next = firstPage.next;
  let empty = firstPage.elementsJson === '';
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(`[${firstPage.elementsJson}`));
        if (next === undefined) {
          controller.enqueue(encoder.encode(']'));
          controller.close();
        }
      },
      async pull(controller) {
        if (next === undefined) return;
        const page = await nextPage(next);
        if (page.elementsJson !== '') {
          controller.enqueue(encoder.encode((empty ? '' : ',') + page.elementsJson));
          empty = false;
        }
        next = page.next;
        if (next === undefined) {
          controller.enqueue(encoder.encode(']'));
          controller.close();
        }
      },
    },
    // Pull the next page only once the previous one has been sent on.
    { highWaterMark: 0 },
  );
}
