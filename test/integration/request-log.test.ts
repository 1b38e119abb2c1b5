import { afterEach, describe, expect, it, vi } from 'vitest';
import { newMeterId, postReadings, request } from '../helpers';

interface RequestLogLine {
  type: string;
  requestId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  meterId?: string;
}

/** The structured request lines the Worker logged while `act` ran. */
async function requestLogLines(act: () => Promise<unknown>): Promise<RequestLogLine[]> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await act();
    return log.mock.calls
      .map(([line]) => (typeof line === 'string' && line.startsWith('{') ? JSON.parse(line) : null))
      .filter((line): line is RequestLogLine => line?.type === 'request');
  } finally {
    log.mockRestore();
  }
}

describe('request logs', () => {
  afterEach(() => vi.restoreAllMocks());

  it('write one JSON line per request with its route pattern, status, meter and id', async () => {
    const smartMeterId = newMeterId();
    let requestId: string | null = null;

    const lines = await requestLogLines(async () => {
      await postReadings(smartMeterId, [{ time: 1606636800, reading: 1 }]);
      const response = await request(`/readings/read/${smartMeterId}?from=0`);
      requestId = response.headers.get('x-request-id');
    });

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      method: 'POST',
      route: '/readings/store',
      status: 200,
      meterId: smartMeterId,
    });
    expect(lines[1]).toMatchObject({
      method: 'GET',
      route: '/readings/read/:smartMeterId',
      status: 200,
      meterId: smartMeterId,
      requestId,
    });
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('give each request its duration in whole milliseconds, no longer than the client waited', async () => {
    const smartMeterId = newMeterId();
    let waitedMs = Number.NaN;

    const [line] = await requestLogLines(async () => {
      // A store does I/O (the meter's Durable Object), so the clock moves while it runs.
      const sentAt = Date.now();
      await postReadings(smartMeterId, [{ time: 1606636800, reading: 1 }]);
      waitedMs = Date.now() - sentAt;
    });

    expect(line?.route).toBe('/readings/store');
    expect(Number.isInteger(line?.durationMs)).toBe(true);
    expect(line?.durationMs).toBeGreaterThanOrEqual(0);
    expect(line?.durationMs).toBeLessThanOrEqual(waitedMs);
  });

  it("take the request id from Cloudflare's cf-ray when there is one", async () => {
    const response = await request('/health', { headers: { 'cf-ray': '8f1d2c3b4a5e6f70-LHR' } });
    expect(response.headers.get('x-request-id')).toBe('8f1d2c3b4a5e6f70-LHR');
  });

  it('name a fresh id on every error answer too', async () => {
    const lines = await requestLogLines(() => request('/nowhere'));
    expect(lines).toEqual([expect.objectContaining({ status: 404, method: 'GET' })]);
  });
});
