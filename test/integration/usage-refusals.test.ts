import { describe, expect, it } from 'vitest';
import { sealUsageCursor } from '../../src/http/usage-cursor';
import { answerOf, answerTo, newMeterId, postReadings, request, TEST_TOKEN_KEY } from '../helpers';

// What GET /meters/{smartMeterId}/usage refuses: cursors it did not give out for the query, and
// downloads larger than one request may ask for.

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

const NOW = Math.floor(Date.now() / 1000);
const YEAR = 365 * 86_400;
const CSV = { headers: { Accept: 'text/csv' } };

async function meterAt(...times: number[]): Promise<string> {
  const id = newMeterId();
  const readings = times.map((time) => ({ time, reading: 1 }));
  expect((await postReadings(id, readings)).status).toBe(200);
  return id;
}

/** The status and first line of a CSV download, without streaming the rest of it. */
async function firstLineOf(path: string): Promise<{ status: number; firstLine: string }> {
  const response = await request(path, CSV);
  const reader = response.body?.getReader();
  const chunk = await reader?.read();
  await reader?.cancel();
  const text = new TextDecoder().decode(chunk?.value ?? new Uint8Array());
  return { status: response.status, firstLine: text.split('\n')[0] ?? '' };
}

describe('GET /meters/{smartMeterId}/usage as CSV', () => {
  it('refuses a download of two million quarter hours (a reading at 0 and one now) with a 422 that says how to narrow it', async () => {
    const id = await meterAt(0, NOW);

    const response = await request(`/meters/${id}/usage?groupBy=quarter_hour`, CSV);
    if (response.status === 200) await response.body?.cancel();
    const answer = await answerOf<{ detail: string }>(response);

    expect(answer).toMatchObject({
      status: 422,
      mediaType: 'application/problem+json',
      body: {
        type: '/problems/too-many-intervals',
        errors: [{ path: 'groupBy' }],
      },
    });
    expect(answer.body.detail).toMatch(/about [\d,]+ intervals of quarter_hour/);
    expect(answer.body.detail).toContain('at most 100,000');
    expect(answer.body.detail).toContain('a coarser groupBy (half_hour, hour, day, week or month)');
    expect(answer.body.detail).toContain('a shorter window with from and to');
  });

  it('downloads the same span by month, and pages through it as JSON by quarter hour', async () => {
    const id = await meterAt(0, NOW);
    const months = await answerTo<string>(`/meters/${id}/usage?groupBy=month`, CSV);
    expect(months.status).toBe(200);
    expect(months.body.trimEnd().split('\n').length).toBeGreaterThan(600);
    const page = await answerTo(`/meters/${id}/usage?groupBy=quarter_hour&pageSize=10`);
    expect(page.status).toBe(200);
  });

  it('still downloads five years of half hours', async () => {
    const start = NOW - 5 * YEAR;
    const id = await meterAt(start, NOW);
    const download = await firstLineOf(`/meters/${id}/usage?groupBy=half_hour&timeZone=UTC`);
    expect(download).toEqual({ status: 200, firstLine: 'start,end,kwh,cost' });
  });

  it('counts only the part of the window that holds readings', async () => {
    const id = await meterAt(NOW - 86_400, NOW);
    const download = await firstLineOf(
      `/meters/${id}/usage?groupBy=quarter_hour&from=0&to=${NOW + 3600}`,
    );
    expect(download).toEqual({ status: 200, firstLine: 'start,end,kwh,cost' });
  });

  it('refuses a window just over the limit, and takes one just under it', async () => {
    const start = NOW - 200_000 * 3600;
    const id = await meterAt(start, NOW);
    const over = await request(
      `/meters/${id}/usage?groupBy=hour&from=${start}&to=${start + 100_000 * 3600}`,
      CSV,
    );
    expect(over.status).toBe(422);
    await over.body?.cancel();
    const under = await firstLineOf(
      `/meters/${id}/usage?groupBy=hour&from=${start}&to=${start + 99_999 * 3600}`,
    );
    expect(under.status).toBe(200);
  });
});
