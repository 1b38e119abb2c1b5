import { describe, expect, it } from 'vitest';
import { jsonArrayStream } from '../../src/json-array-stream';

/** Pages of `size` numbers from 1 to `count`, counting how many pages were asked for. */
function pagedNumbers(count: number, size: number) {
  const source = { pagesFetched: 0 };
  const nextPage = async (last: number) => {
    source.pagesFetched++;
    return Array.from(
      { length: Math.max(0, Math.min(size, count - last)) },
      (_, i) => last + i + 1,
    );
  };
  return {
    source,
    nextPage,
    firstPage: Array.from({ length: Math.min(size, count) }, (_, i) => i + 1),
  };
}

describe('jsonArrayStream', () => {
  it.each([
    [0, 3],
    [1, 3],
    [3, 3],
    [10, 3],
  ])('streams %i items in pages of %i as one JSON array', async (count, size) => {
    const { nextPage, firstPage } = pagedNumbers(count, size);
    const text = await new Response(jsonArrayStream(firstPage, nextPage)).text();
    expect(JSON.parse(text)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  });

  it('fetches a page only when the reader wants more', async () => {
    const { source, nextPage, firstPage } = pagedNumbers(1_000, 10);
    const reader = jsonArrayStream(firstPage, nextPage).getReader();
    await reader.read();
    await reader.read();
    expect(source.pagesFetched).toBeLessThanOrEqual(2);
    await reader.cancel();
  });
});
