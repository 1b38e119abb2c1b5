import { describe, expect, it } from 'vitest';
import { jsonArrayBody, jsonArrayStream } from '../../src/http/json-array-stream';
import type { TextPage } from '../../src/text-page';

/** Pages of `size` numbers from 1 to `count`, cursor the last number sent; counts the pages fetched. */
function pagedNumbers(count: number, size: number) {
  const source = { pagesFetched: 0 };
  const pageAfter = (last: number): TextPage<number> => {
    const numbers = Array.from(
      { length: Math.max(0, Math.min(size, count - last)) },
      (_, i) => last + i + 1,
    );
    const end = last + numbers.length;
    return { text: numbers.join(','), next: end < count ? end : null };
  };
  const nextPage = async (last: number) => {
    source.pagesFetched++;
    return pageAfter(last);
  };
  return { source, nextPage, firstPage: pageAfter(0) };
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

  it('asks for no further page when the first one is the last', async () => {
    const { source, nextPage, firstPage } = pagedNumbers(3, 5);
    await new Response(jsonArrayStream(firstPage, nextPage)).text();
    expect(source.pagesFetched).toBe(0);
  });

  it('closes a well-formed array when a later page turns out empty', async () => {
    const stream = jsonArrayStream({ text: '1,2', next: 2 }, async () => ({
      text: '',
      next: null,
    }));
    expect(JSON.parse(await new Response(stream).text())).toEqual([1, 2]);
  });
});

describe('jsonArrayBody', () => {
  it('is the plain text when the first page is the whole array', () => {
    expect(
      jsonArrayBody({ text: '1,2', next: null }, async () => ({
        text: '',
        next: null,
      })),
    ).toBe('[1,2]');
  });

  it('streams when more pages follow', async () => {
    const body = jsonArrayBody({ text: '1', next: 1 }, async () => ({
      text: '2',
      next: null,
    }));
    expect(body).toBeInstanceOf(ReadableStream);
    expect(JSON.parse(await new Response(body).text())).toEqual([1, 2]);
  });
});
