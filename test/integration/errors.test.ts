import { describe, expect, it } from 'vitest';
import {
  answerOf,
  answerTo,
  authorizationFor,
  newMeterId,
  type ProblemBody,
  postJson,
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

/** The status of reading the meter back: 404 when it holds no readings. */
async function readStatus(smartMeterId: string): Promise<number> {
  return (await answerTo(`/readings/read/${smartMeterId}`)).status;
}

describe('GET / and GET /health', () => {
  it('welcomes with a short description', async () => {
    expect(await answerTo('/')).toMatchObject({
      status: 200,
      mediaType: 'application/json',
      body: { name: 'JOI Energy' },
    });
  });

  it('reports liveness', async () => {
    expect(await answerTo('/health')).toEqual({
      status: 200,
      mediaType: 'application/json',
      body: { status: 'ok' },
    });
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

    expect(await answerOf(response)).toMatchObject({
      status: 400,
      mediaType: 'application/problem+json',
      body: { status: 400, type: '/problems/malformed-json' },
    });
    expect(await readStatus(smartMeterId)).toBe(404);
  });

  it.each([
    '/nowhere',
    '/readings',
    '/readings/read/',
    '/readings/read/a/b',
    '/price-plans/recommend',
  ])('answers 404 problem+json for the unknown route %s', async (path) => {
    expect(await answerTo(path)).toMatchObject({
      status: 404,
      mediaType: 'application/problem+json',
      body: { status: 404, title: 'Not found', type: '/problems/not-found' },
    });
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

    expect(response.headers.get('allow')).toBe(allow);
    expect(await answerOf(response)).toMatchObject({
      status: 405,
      mediaType: 'application/problem+json',
      body: { status: 405, type: '/problems/method-not-allowed' },
    });
  });

  it('accepts a body of exactly 1 MiB', async () => {
    const smartMeterId = newMeterId();

    const response = await request('/readings/store', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: storeBodyOfSize(smartMeterId, ONE_MIB),
    });

    expect(response.status).toBe(200);
    expect(await answerTo(`/readings/read/${smartMeterId}`)).toEqual({
      status: 200,
      mediaType: 'application/json',
      body: [{ time: 1606636800, reading: 1 }],
    });
  });

  it('answers 413 for a body over 1 MiB with a Content-Length, storing nothing', async () => {
    const smartMeterId = newMeterId();

    const response = await request('/readings/store', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: storeBodyOfSize(smartMeterId, ONE_MIB + 1),
    });

    expect(await answerOf(response)).toMatchObject({
      status: 413,
      mediaType: 'application/problem+json',
      body: { status: 413, type: '/problems/payload-too-large' },
    });
    expect(await readStatus(smartMeterId)).toBe(404);
  });

  it('answers 413 for a streamed body over 1 MiB without a Content-Length', async () => {
    const smartMeterId = newMeterId();

    const response = await request('/readings/store', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: streamOf(storeBodyOfSize(smartMeterId, ONE_MIB + 1)),
    });

    expect(await answerOf(response)).toMatchObject({
      status: 413,
      mediaType: 'application/problem+json',
      body: { status: 413, type: '/problems/payload-too-large' },
    });
    expect(await readStatus(smartMeterId)).toBe(404);
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

    expect(await answerOf(response)).toMatchObject({
      status: 415,
      mediaType: 'application/problem+json',
      body: { status: 415, type: '/problems/unsupported-media-type' },
    });
    expect(await readStatus(smartMeterId)).toBe(404);
  });

  const reading = { time: 1606636800, reading: 1 };
  it.each<[string, (smartMeterId: string) => unknown, string[]]>([
    ['a missing smartMeterId', () => ({ electricityReadings: [reading] }), ['smartMeterId']],
    [
      'a missing electricityReadings',
      (smartMeterId) => ({ smartMeterId }),
      ['electricityReadings'],
    ],
    ['a body that is a string', () => 'readings', ['']],
    ['a body that is null', () => null, ['']],
    [
      'a numeric smartMeterId',
      () => ({ smartMeterId: 7, electricityReadings: [reading] }),
      ['smartMeterId'],
    ],
    [
      'a malformed smartMeterId',
      () => ({ smartMeterId: '../x', electricityReadings: [reading] }),
      ['smartMeterId'],
    ],
    [
      'readings that are not an array',
      (smartMeterId) => ({ smartMeterId, electricityReadings: {} }),
      ['electricityReadings'],
    ],
    [
      'a reading that is not an object',
      (smartMeterId) => ({ smartMeterId, electricityReadings: [5] }),
      ['electricityReadings.0'],
    ],
    [
      'a time in milliseconds',
      (smartMeterId) => ({
        smartMeterId,
        electricityReadings: [{ time: 1606636800000, reading: 1 }],
      }),
      ['electricityReadings.0.time'],
    ],
    [
      'a fractional time',
      (smartMeterId) => ({ smartMeterId, electricityReadings: [{ time: 1.5, reading: 1 }] }),
      ['electricityReadings.0.time'],
    ],
    [
      'a reading given as a string',
      (smartMeterId) => ({ smartMeterId, electricityReadings: [{ time: 1, reading: '1' }] }),
      ['electricityReadings.0.reading'],
    ],
    [
      'two bad readings',
      (smartMeterId) => ({
        smartMeterId,
        electricityReadings: [reading, { time: -1, reading: 1 }, { time: 2, reading: -2 }],
      }),
      ['electricityReadings.1.time', 'electricityReadings.2.reading'],
    ],
  ])('answers 422 listing every problem for %s, storing nothing', async (_name, bodyOf, paths) => {
    const smartMeterId = newMeterId();

    // A valid token, so the body's own problems are what the answer is about.
    const response = await postJson('/readings/store', bodyOf(smartMeterId), {
      headers: { 'Content-Type': 'application/json', ...(await authorizationFor(smartMeterId)) },
    });

    const answer = await answerOf<ProblemBody>(response);
    expect(answer).toMatchObject({
      status: 422,
      mediaType: 'application/problem+json',
      body: {
        type: '/problems/validation',
        title: 'Invalid request',
        status: 422,
        detail: `${paths.length} problem${paths.length > 1 ? 's' : ''} in the request body`,
      },
    });
    expect(answer.body.errors?.map((error) => error.path)).toEqual(paths);
    expect(await readStatus(smartMeterId)).toBe(404);
  });

  it('answers 422 for a batch of 10,001 readings, storing nothing', async () => {
    const smartMeterId = newMeterId();
    const electricityReadings = Array.from({ length: 10_001 }, (_, i) => ({ time: i, reading: 1 }));

    const response = await postJson('/readings/store', { smartMeterId, electricityReadings });

    const answer = await answerOf<ProblemBody>(response);
    expect(answer).toMatchObject({
      status: 422,
      mediaType: 'application/problem+json',
      body: { status: 422, type: '/problems/validation' },
    });
    expect(answer.body.errors?.map((error) => error.path)).toEqual(['electricityReadings']);
    expect(await readStatus(smartMeterId)).toBe(404);
  });

  it('refuses 524,000 zeros in 1 MiB with one problem: the 10,000-reading limit', async () => {
    const smartMeterId = newMeterId();
    const zeros = Array(524_000).fill('0').join(',');
    const body = `{"smartMeterId":"${smartMeterId}","electricityReadings":[${zeros}]}`;
    expect(body.length).toBeLessThanOrEqual(ONE_MIB);

    const response = await request('/readings/store', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });

    expect(await answerOf(response)).toMatchObject({
      status: 422,
      mediaType: 'application/problem+json',
      body: {
        status: 422,
        type: '/problems/validation',
        detail: '1 problem in the request body',
        errors: [
          { path: 'electricityReadings', message: 'must hold at most 10000 readings per request' },
        ],
      },
    });
    expect(await readStatus(smartMeterId)).toBe(404);
  });

  it('says what is wrong with a query parameter given twice', async () => {
    const smartMeterId = newMeterId();
    await postJson('/readings/store', {
      smartMeterId,
      electricityReadings: [{ time: 1606636800, reading: 1 }],
    });

    const answer = await answerTo(`/price-plans/recommend/${smartMeterId}?from=1&from=2`);

    expect(answer).toMatchObject({
      status: 422,
      mediaType: 'application/problem+json',
      body: {
        status: 422,
        type: '/problems/validation',
        errors: [{ path: 'from', message: 'must be given once' }],
      },
    });
  });

  it('says when a time looks like milliseconds, storing nothing', async () => {
    const smartMeterId = newMeterId();

    const response = await postJson('/readings/store', {
      smartMeterId,
      electricityReadings: [{ time: Date.now(), reading: 1 }],
    });

    expect(await answerOf(response)).toMatchObject({
      status: 422,
      mediaType: 'application/problem+json',
      body: {
        type: '/problems/validation',
        errors: [
          { path: 'electricityReadings.0.time', message: expect.stringMatching(/milliseconds/) },
        ],
      },
    });
    expect(await readStatus(smartMeterId)).toBe(404);
  });

  it('never leaks a stack trace in an error body', async () => {
    const smartMeterId = newMeterId();

    // A valid token, so the body reaches the JSON parser that fails on it.
    const response = await request('/readings/store', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(await authorizationFor(smartMeterId)) },
      body: '{"a":',
    });

    const text = await response.clone().text();
    expect(await answerOf(response)).toMatchObject({
      status: 400,
      mediaType: 'application/problem+json',
      body: { status: 400, type: '/problems/malformed-json' },
    });
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(text).not.toMatch(/src\//);
    expect(await readStatus(smartMeterId)).toBe(404);
  });

  it('names the path as sent, percent-encoded, as the instance', async () => {
    const response = await request('/readings/read/a%20b', {
      headers: await authorizationFor(newMeterId()),
    });

    expect(await answerOf(response)).toMatchObject({
      status: 422,
      mediaType: 'application/problem+json',
      body: { status: 422, type: '/problems/validation', instance: '/readings/read/a%20b' },
    });
  });
});
