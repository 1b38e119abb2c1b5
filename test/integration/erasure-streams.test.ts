import { describe, expect, it } from 'vitest';
import { operatorToken } from '../../src/auth/token';
import { newMeterId, postReadings, request, TEST_TOKEN_KEY } from '../helpers';

const START = 1_700_000_000;

async function erase(smartMeterId: string): Promise<void> {
  const authorization = `Bearer ${await operatorToken(TEST_TOKEN_KEY)}`;
  const erased = await request(`/meters/${smartMeterId}`, {
    method: 'DELETE',
    headers: { Authorization: authorization },
  });
  expect(erased.status).toBe(204);
}

/** A meter of the test's own with `count` minute readings (several pages of a streamed read). */
async function meterWithMinuteReadings(count: number): Promise<string> {
  const id = newMeterId();
  for (let first = 0; first < count; first += 10_000) {
    const readings = Array.from({ length: Math.min(10_000, count - first) }, (_, i) => ({
      time: START + (first + i) * 60,
      reading: ((first + i) % 7) / 3,
    }));
    expect((await postReadings(id, readings)).status).toBe(200);
  }
  return id;
}

/**
 * Reads the first chunk of a streamed answer, erases the meter, then reads on: the text read, and
 * whether the stream broke off (an error) rather than ended.
 */
async function readWhileErasing(
  smartMeterId: string,
  path: string,
  accept: string,
  afterErasure: () => Promise<unknown> = async () => {},
): Promise<{ status: number; text: string; brokeOff: boolean }> {
  const response = await request(path, { headers: { Accept: accept } });
  const reader = response.body?.getReader();
  if (reader === undefined) throw new Error('no body');
  const decoder = new TextDecoder();
  let text = decoder.decode((await reader.read()).value, { stream: true });
  await erase(smartMeterId);
  await afterErasure();
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += decoder.decode(chunk.value, { stream: true });
    }
    return { status: response.status, text, brokeOff: false };
  } catch {
    return { status: response.status, text, brokeOff: true };
  }
}

describe('erasing a meter while its data streams', () => {
  it.each([
    ['application/json', 'JSON'],
    ['text/csv', 'CSV'],
  ])('breaks off a read of its readings (%s) rather than end it as if complete', async (accept) => {
    const id = await meterWithMinuteReadings(15_000);
    const read = await readWhileErasing(id, `/readings/read/${id}`, accept);
    expect(read.status).toBe(200);
    expect(read.brokeOff).toBe(true);
    expect(read.text.length).toBeGreaterThan(0);
  });

  it('breaks off a usage CSV rather than end it as if complete, even when new readings came since', async () => {
    // Two readings sixty days apart: 5,760 quarter hours, three pages of the download.
    const id = newMeterId();
    const readings = [
      { time: START, reading: 1 },
      { time: START + 60 * 86_400, reading: 2 },
    ];
    expect((await postReadings(id, readings)).status).toBe(200);
    const read = await readWhileErasing(
      id,
      `/meters/${id}/usage?groupBy=quarter_hour`,
      'text/csv',
      // The next household's readings, over the same days: the download must not go on with them.
      () => postReadings(id, readings),
    );
    expect(read.status).toBe(200);
    expect(read.brokeOff).toBe(true);
  });

  it('refuses a usage cursor given out before the erasure', async () => {
    const id = newMeterId();
    const readings = [
      { time: START, reading: 1 },
      { time: START + 86_400, reading: 2 },
    ];
    expect((await postReadings(id, readings)).status).toBe(200);
    const first = await request(`/meters/${id}/usage?groupBy=hour&pageSize=2`);
    const { next } = (await first.json()) as { next: string };
    await erase(id);
    expect((await postReadings(id, readings)).status).toBe(200);
    const after = await request(`/meters/${id}/usage?groupBy=hour&pageSize=2&cursor=${next}`);
    expect(after.status).toBe(422);
  });

  it('streams a whole read when nothing is erased', async () => {
    const id = await meterWithMinuteReadings(15_000);
    const response = await request(`/readings/read/${id}`);
    expect(((await response.json()) as unknown[]).length).toBe(15_000);
  });
});
