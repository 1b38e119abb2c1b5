import { describe, expect, it } from 'vitest';
import { sealUsageCursor } from '../../src/http/usage-cursor';
import { answerTo, newMeterId, postReadings, TEST_TOKEN_KEY } from '../helpers';

const at = (iso: string) => Date.parse(iso) / 1000;

/** A meter of the test's own with a reading every hour of 1 May 2024, 00:00 to 10:00 UTC. */
async function meterWithTenHours(): Promise<string> {
  const id = newMeterId();
  const readings = Array.from({ length: 11 }, (_, hour) => ({
    time: at('2024-05-01T00:00:00Z') + hour * 3600,
    reading: 1,
  }));
  expect((await postReadings(id, readings)).status).toBe(200);
  return id;
}

const base64Url = (text: string) =>
  btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

function expectCursorRefused(answer: { status: number; mediaType: string | null; body: unknown }) {
  expect(answer).toMatchObject({
    status: 422,
    mediaType: 'application/problem+json',
    body: {
      type: '/problems/validation',
      errors: [{ path: 'cursor', message: expect.stringMatching(/^is not a cursor this API/) }],
    },
  });
}

describe('usage cursors', () => {
  it('refuse a cursor a client made, whatever it holds, with a 422 (a zone that is not one was a 500)', async () => {
    const id = await meterWithTenHours();
    const forged = base64Url(
      JSON.stringify({ smartMeterId: id, at: 0, groupBy: 'hour', timeZone: 'Mars/Olympus_Mons' }),
    );
    expectCursorRefused(
      await answerTo(`/meters/${id}/usage?groupBy=hour&timeZone=UTC&cursor=${forged}`),
    );
  });

  it('refuse a cursor this API gave out with one character changed, in its payload or signature', async () => {
    const id = await meterWithTenHours();
    const first = await answerTo<{ next: string }>(`/meters/${id}/usage?groupBy=hour&pageSize=2`);
    const next = first.body.next;
    expect(
      (await answerTo(`/meters/${id}/usage?groupBy=hour&pageSize=2&cursor=${next}`)).status,
    ).toBe(200);
    for (const position of [3, next.indexOf('.') + 5]) {
      const changed =
        next.slice(0, position) + (next[position] === 'A' ? 'B' : 'A') + next.slice(position + 1);
      expectCursorRefused(
        await answerTo(`/meters/${id}/usage?groupBy=hour&pageSize=2&cursor=${changed}`),
      );
    }
  });

  it('refuse a cursor signed with another key than the live ones', async () => {
    const id = await meterWithTenHours();
    const cursor = await sealUsageCursor(['another-key'], {
      smartMeterId: id,
      at: at('2024-05-01T02:00:00Z'),
      groupBy: 'hour',
    });
    expectCursorRefused(await answerTo(`/meters/${id}/usage?groupBy=hour&cursor=${cursor}`));
  });

  it('refuse, as 422, even a signed cursor whose time zone Intl does not know', async () => {
    const id = await meterWithTenHours();
    const cursor = await sealUsageCursor([TEST_TOKEN_KEY], {
      smartMeterId: id,
      at: at('2024-05-01T02:00:00Z'),
      groupBy: 'hour',
      timeZone: 'Mars/Olympus_Mons',
    });
    expectCursorRefused(
      await answerTo(`/meters/${id}/usage?groupBy=hour&timeZone=UTC&cursor=${cursor}`),
    );
  });

  it('continue their own query: the signed pages join up to the whole window', async () => {
    const id = await meterWithTenHours();
    const starts: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = await answerTo<{ intervals: { start: number }[]; next: string | null }>(
        `/meters/${id}/usage?groupBy=hour&timeZone=europe/london&pageSize=3${query}`,
      );
      expect(page.status).toBe(200);
      starts.push(...page.body.intervals.map((interval) => interval.start));
      cursor = page.body.next;
    } while (cursor !== null);
    expect(starts).toEqual(
      Array.from({ length: 10 }, (_, hour) => at('2024-05-01T00:00:00Z') + hour * 3600),
    );
  });
});
