/** Fetches the items after the last one sent, `[]` when there are no more. */
export type NextPage<Item> = (last: Item) => Promise<readonly Item[]>;

const encoder = new TextEncoder();

/**
 * A JSON array streamed page by page: the next page is only fetched when the client has read the
 * previous one, so memory holds one page whatever the array's length.
 */
export function jsonArrayStream<Item>(
  firstPage: readonly Item[],
  nextPage: NextPage<Item>,
): ReadableStream<Uint8Array> {
  let last = firstPage.at(-1);
  let opened = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(
          encoder.encode(`[${firstPage.map((item) => JSON.stringify(item)).join(',')}`),
        );
        opened = firstPage.length > 0;
      },
      async pull(controller) {
        const page = last === undefined ? [] : await nextPage(last);
        if (page.length === 0) {
          controller.enqueue(encoder.encode(']'));
          controller.close();
          return;
        }
        const separator = opened ? ',' : '';
        controller.enqueue(
          encoder.encode(separator + page.map((item) => JSON.stringify(item)).join(',')),
        );
        last = page.at(-1);
        opened = true;
      },
    },
    // Pull the next page only once the previous one has been sent on.
    { highWaterMark: 0 },
  );
}
