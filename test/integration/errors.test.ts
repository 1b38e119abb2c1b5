import { describe, expect, it } from 'vitest';
import {
  authorizationFor,
  expectNoReadings,
  newMeterId,
  postJson,
  readProblem,
  request,
} from '../helpers';

const ONE_MIB = 1024 * 1024;

/** A valid store body padded with trailing spaces (still valid JSON) to exactly `bytes` bytes. */
function storeBodyOfSize(smartMeterId: string, bytes: number): string {
  const json = JSON.stringify({
    smartMeterId,
    electricityReadings: [{ time: 1606636800, reading: 1 }],
  });
  return json.padEnd(bytes, ' ');
}

function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const chunkSize = 64 * 1024;
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

describe('GET / and GET /health', () => {
  it('welcomes with a short description', async () => {
    const response = await request('/');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: 'JOI Energy' });
  });

  it('reports liveness', async () => {
    const response = await request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('error responses', () => {
  it('answers 400 problem+json for a body that is not JSON, storing nothing', async () => {
    const smartMeterId = newMeterId();
    const response = await request('/readings/store', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(await authorizationFor(smartMeterId)) },
      body: `{"smartMeterId":"${smartMeterId}","electricityReadings":[`,
    });
    expect(response.status).toBe(400);
    expect(await readProblem(response)).toMatchObject({
      status: 400,
      type: '/problems/malformed-json',
    });
    await expectNoReadings(smartMeterId);
  });

  it.each([
    '/nowhere',
    '/readings',
    '/readings/read/',
    '/readings/read/a/b',
    '/price-plans/recommend',
  ])('answers 404 problem+json for the unknown route %s', async (path) => {
    const response = await request(path);
    expect(response.status).toBe(404);
    expect(await readProblem(response)).toMatchObject({ status: 404, title: 'Not found' });
  });

  it.each([
    ['GET', '/readings/store', 'POST'],
    ['PUT', '/readings/store', 'POST'],
    ['POST', '/readings/read/smart-meter-0', 'GET, HEAD'],
    ['DELETE', '/price-plans/compare-all/smart-meter-0', 'GET, HEAD'],
    ['POST', '/price-plans/recommend/smart-meter-0', 'GET, HEAD'],
    ['POST', '/health', 'GET, HEAD'],
    ['PATCH', '/', 'GET, HEAD'],
  ])('answers 405 with an Allow header for %s %s', async (method, path, allow) => {
    const response = await request(path, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(await readProblem(response)).toMatchObject({ status: 405 });
  });

  it('accepts a body of exactly 1 MiB', async () => {
    const smartMeterId = newMeterId();
    const response = await request('/readings/store', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: storeBodyOfSize(smartMeterId, ONE_MIB),
    });
    expect(response.status).toBe(200);
  });

  it('answers 413 for a body over 1 MiB with a Content-Length, storing nothing', async () => {
    const smartMeterId = newMeterId();
    const response = await request('/readings/store', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: storeBodyOfSize(smartMeterId, ONE_MIB + 1),
    });
    expect(response.status).toBe(413);
    expect(await readProblem(response)).toMatchObject({ status: 413 });
    await expectNoReadings(smartMeterId);
  });

  it('answers 413 for a streamed body over 1 MiB without a Content-Length', async () => {
    const smartMeterId = newMeterId();
    const response = await request('/readings/store', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: streamOf(storeBodyOfSize(smartMeterId, ONE_MIB + 1)),
    });
    expect(response.status).toBe(413);
    await readProblem(response);
    await expectNoReadings(smartMeterId);
  });

  it.each([
    ['no Content-Type', {}],
    ['text/plain', { 'Content-Type': 'text/plain' }],
    ['a form', { 'Content-Type': 'application/x-www-form-urlencoded' }],
  ])('answers 415 for a body sent with %s, storing nothing', async (_name, headers) => {
    const smartMeterId = newMeterId();
    const response = await request('/readings/store', {
      method: 'POST',
      headers,
      body: JSON.stringify({ smartMeterId, electricityReadings: [{ time: 1, reading: 1 }] }),
    });
    expect(response.status).toBe(415);
    expect(await readProblem(response)).toMatchObject({ status: 415 });
    await expectNoReadings(smartMeterId);
  });

  const smartMeterId = 'valid-meter';
  const reading = { time: 1606636800, reading: 1 };
  it.each([
    ['a missing smartMeterId', { electricityReadings: [reading] }, ['smartMeterId']],
    ['a missing electricityReadings', { smartMeterId }, ['electricityReadings']],
    ['a body that is a string', 'readings', ['']],
    ['a body that is null', null, ['']],
    [
      'a numeric smartMeterId',
      { smartMeterId: 7, electricityReadings: [reading] },
      ['smartMeterId'],
    ],
    [
      'a malformed smartMeterId',
      { smartMeterId: '../x', electricityReadings: [reading] },
      ['smartMeterId'],
    ],
    [
      'readings that are not an array',
      { smartMeterId, electricityReadings: {} },
      ['electricityReadings'],
    ],
    [
      'a reading that is not an object',
      { smartMeterId, electricityReadings: [5] },
      ['electricityReadings.0'],
    ],
    [
      'a time in milliseconds',
      { smartMeterId, electricityReadings: [{ time: 1606636800000, reading: 1 }] },
      ['electricityReadings.0.time'],
    ],
    [
      'a fractional time',
      { smartMeterId, electricityReadings: [{ time: 1.5, reading: 1 }] },
      ['electricityReadings.0.time'],
    ],
    [
      'a reading given as a string',
      { smartMeterId, electricityReadings: [{ time: 1, reading: '1' }] },
      ['electricityReadings.0.reading'],
    ],
    [
      'two bad readings',
      {
        smartMeterId,
        electricityReadings: [reading, { time: -1, reading: 1 }, { time: 2, reading: -2 }],
      },
      ['electricityReadings.1.time', 'electricityReadings.2.reading'],
    ],
  ])('answers 422 listing every problem for %s, storing nothing', async (_name, body, paths) => {
    // A valid token, so the body's own problems are what the answer is about.
    const response = await postJson('/readings/store', body, {
      headers: { 'Content-Type': 'application/json', ...(await authorizationFor(smartMeterId)) },
    });
    expect(response.status).toBe(422);
    const problem = await readProblem(response);
    expect(problem).toMatchObject({
      type: '/problems/validation',
      title: 'Invalid request',
      status: 422,
    });
    expect(problem.errors?.map((error) => error.path)).toEqual(paths);
    expect(problem.detail).toBe(
      `${paths.length} problem${paths.length > 1 ? 's' : ''} in the request body`,
    );
    await expectNoReadings(smartMeterId);
  });

  it('answers 422 for a batch of 10,001 readings, storing nothing', async () => {
    const id = newMeterId();
    const electricityReadings = Array.from({ length: 10_001 }, (_, i) => ({ time: i, reading: 1 }));
    const response = await postJson('/readings/store', { smartMeterId: id, electricityReadings });
    expect(response.status).toBe(422);
    expect((await readProblem(response)).errors?.[0]?.path).toBe('electricityReadings');
    await expectNoReadings(id);
  });

  it('refuses 524,000 zeros in 1 MiB with one problem: the 10,000-reading limit', async () => {
    const id = newMeterId();
    const zeros = Array(524_000).fill('0').join(',');
    const body = `{"smartMeterId":"${id}","electricityReadings":[${zeros}]}`;
    expect(body.length).toBeLessThanOrEqual(ONE_MIB);
    const response = await request('/readings/store', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(response.status).toBe(422);
    const problem = await readProblem(response);
    expect(problem.detail).toBe('1 problem in the request body');
    expect(problem.errors).toEqual([
      {
        path: 'electricityReadings',
        message: 'must hold at most 10000 readings per request',
      },
    ]);
    await expectNoReadings(id);
  });

  it('says what is wrong with a query parameter given twice', async () => {
    const id = newMeterId();
    await postJson('/readings/store', {
      smartMeterId: id,
      electricityReadings: [{ time: 1606636800, reading: 1 }],
    });
    const response = await request(`/price-plans/recommend/${id}?from=1&from=2`);
    expect(response.status).toBe(422);
    expect((await readProblem(response)).errors).toEqual([
      { path: 'from', message: 'must be given once' },
    ]);
  });

  it('says when a time looks like milliseconds', async () => {
    const response = await postJson('/readings/store', {
      smartMeterId: newMeterId(),
      electricityReadings: [{ time: Date.now(), reading: 1 }],
    });
    expect((await readProblem(response)).errors?.[0]?.message).toMatch(/milliseconds/);
  });

  it('never leaks a stack trace in an error body', async () => {
    const response = await request('/readings/store', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":',
    });
    const text = await response.text();
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(text).not.toMatch(/src\//);
  });

  it('names the path as sent, percent-encoded, as the instance', async () => {
    const response = await request('/readings/read/a%20b', {
      headers: await authorizationFor('valid-meter'),
    });
    expect(response.status).toBe(422);
    expect((await readProblem(response)).instance).toBe('/readings/read/a%20b');
  });
});
