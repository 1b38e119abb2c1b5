import { describe, expect, it } from 'vitest';
import { answerOf, answerTo, newMeterId, postReadings, request } from '../helpers';

const NOW = Math.floor(Date.now() / 1000);
const YEAR = 365 * 86_400;
const CSV = { headers: { Accept: 'text/csv' } };

async function meterWith(...times: number[]): Promise<string> {
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
    const id = await meterWith(0, NOW);

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
    expect(answer.body.detail).toContain('a coarser groupBy');
    expect(answer.body.detail).toContain('a shorter window with from and to');
  });

  it('downloads the same span by month, and pages through it as JSON by quarter hour', async () => {
    const id = await meterWith(0, NOW);
    const months = await answerTo<string>(`/meters/${id}/usage?groupBy=month`, CSV);
    expect(months.status).toBe(200);
    expect(months.body.trimEnd().split('\n').length).toBeGreaterThan(600);
    const page = await answerTo(`/meters/${id}/usage?groupBy=quarter_hour&pageSize=10`);
    expect(page.status).toBe(200);
  });

  it('still downloads five years of half hours', async () => {
    const start = NOW - 5 * YEAR;
    const id = await meterWith(start, NOW);
    const download = await firstLineOf(`/meters/${id}/usage?groupBy=half_hour&timeZone=UTC`);
    expect(download).toEqual({ status: 200, firstLine: 'start,end,kwh,cost' });
  });

  it('counts only the part of the window that holds readings', async () => {
    const id = await meterWith(NOW - 86_400, NOW);
    const download = await firstLineOf(
      `/meters/${id}/usage?groupBy=quarter_hour&from=0&to=${NOW + 3600}`,
    );
    expect(download).toEqual({ status: 200, firstLine: 'start,end,kwh,cost' });
  });

  it('refuses a window just over the limit, and takes one just under it', async () => {
    const start = NOW - 200_000 * 3600;
    const id = await meterWith(start, NOW);
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
