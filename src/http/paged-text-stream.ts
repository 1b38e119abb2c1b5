import type { TextPage } from '../text-page';

const encoder = new TextEncoder();

/**
 * A text body streamed page by page: the next page is fetched only once the client has read the
 * previous one, so memory holds one page whatever the length of the whole.
 */
export function pagedTextStream<Cursor>(
  firstPage: TextPage<Cursor>,
  nextPage: (cursor: Cursor) => Promise<TextPage<Cursor>>,
): ReadableStream<Uint8Array> {
  let next = firstPage.next;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(firstPage.text));
        if (next === null) controller.close();
      },
      async pull(controller) {
        if (next === null) return;
        const page = await nextPage(next);
        if (page.text !== '') controller.enqueue(encoder.encode(page.text));
        next = page.next;
        if (next === null) controller.close();
      },
    },
    // Fetch the next page only once the previous one has been sent on.
    { highWaterMark: 0 },
  );
}
