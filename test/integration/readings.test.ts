import { describe, expect, it } from 'vitest';
import {
  answerOf,
  answerTo,
  newMeterId,
  type ProblemBody,
  postJson,
  postReadings,
  request,
} from '../helpers';

const SEED_READINGS = [
  { time: 1606636800, reading: 0.0503 },
  { time: 1606636860, reading: 0.0621 },
  { time: 1606636920, reading: 0.0222 },
  { time: 1606636980, reading: 0.0423 },
  { time: 1606637040, reading: 0.0191 },
];

/** A 200 JSON answer with the body. */
function ok(body: unknown) {
  return { status: 200, mediaType: 'application/json', body };
}

describe('POST /readings/store', () => {
  it('echoes the seed example back and stores every reading', async () => {
    const smartMeterId = newMeterId();
    const body = { smartMeterId, electricityReadings: SEED_READINGS };

    const response = await postJson('/readings/store', body);

    expect(await answerOf(response)).toEqual({
      status: 200,
      mediaType: 'application/json',
      body,
    });
    expect(await answerTo(`/readings/read/${smartMeterId}`)).toEqual(ok(SEED_READINGS));
  });

  it('accepts ISO 8601 times with an offset, and answers with epoch seconds', async () => {
    const smartMeterId = newMeterId();
    const electricityReadings = [
      { time: '2020-11-29T08:00:00Z', reading: 0.0503 },
      { time: '2020-11-29T09:01:00+01:00', reading: 0.0621 },
    ];
    const asEpoch = [
      { time: 1606636800, reading: 0.0503 },
      { time: 1606636860, reading: 0.0621 },
    ];

    const response = await postJson('/readings/store', { smartMeterId, electricityReadings });

    expect(await answerOf(response)).toEqual(ok({ smartMeterId, electricityReadings: asEpoch }));
    expect(await answerTo(`/readings/read/${smartMeterId}`)).toEqual(ok(asEpoch));
  });

  it('refuses an ISO 8601 time without an offset, saying what a time may be', async () => {
    const smartMeterId = newMeterId();
    const electricityReadings = [{ time: '2020-11-29T08:00:00', reading: 1 }];

    const answer = await answerOf<ProblemBody>(
      await postJson('/readings/store', { smartMeterId, electricityReadings }),
    );

    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([
      {
        path: 'electricityReadings.0.time',
        message: expect.stringMatching(/seconds since the Unix epoch, or ISO 8601 with an offset/),
      },
    ]);
  });

  it('accepts application/json with a charset', async () => {
    const smartMeterId = newMeterId();
    const response = await request('/readings/store', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ smartMeterId, electricityReadings: SEED_READINGS }),
    });
    expect(response.status).toBe(200);
    expect(await answerTo(`/readings/read/${smartMeterId}`)).toEqual(ok(SEED_READINGS));
  });

  it('ignores unknown fields', async () => {
    const smartMeterId = newMeterId();
    const response = await postJson('/readings/store', {
      smartMeterId,
      source: 'firmware 1.2',
      electricityReadings: [{ time: 1606636800, reading: 1, quality: 'good' }],
    });
    expect(response.status).toBe(200);
    expect(await answerTo(`/readings/read/${smartMeterId}`)).toEqual(
      ok([{ time: 1606636800, reading: 1 }]),
    );
  });

  it('accepts an empty batch and stores nothing', async () => {
    const smartMeterId = newMeterId();
    const response = await postReadings(smartMeterId, []);
    expect(await answerOf(response)).toEqual(ok({ smartMeterId, electricityReadings: [] }));
    expect((await answerTo(`/readings/read/${smartMeterId}`)).status).toBe(404);
  });

  it('stores readings that arrive out of order in time order', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, SEED_READINGS.slice(3).reverse());
    await postReadings(smartMeterId, SEED_READINGS.slice(0, 3).reverse());
    expect(await answerTo(`/readings/read/${smartMeterId}`)).toEqual(ok(SEED_READINGS));
  });

  it('keeps one reading per time: the last in a request, the latest across requests', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, [
      { time: 100, reading: 1 },
      { time: 200, reading: 2 },
      { time: 100, reading: 3 },
    ]);
    await postReadings(smartMeterId, [{ time: 200, reading: 4 }]);
    expect(await answerTo(`/readings/read/${smartMeterId}`)).toEqual(
      ok([
        { time: 100, reading: 3 },
        { time: 200, reading: 4 },
      ]),
    );
  });

  it('treats meter ids as case-sensitive', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, SEED_READINGS);
    expect((await answerTo(`/readings/read/${smartMeterId.toUpperCase()}`)).status).toBe(404);
    expect((await answerTo(`/readings/read/${smartMeterId}`)).status).toBe(200);
  });

  it('stores a batch of 10,000 readings', async () => {
    const smartMeterId = newMeterId();
    const readings = Array.from({ length: 10_000 }, (_, i) => ({
      time: 1_600_000_000 + i * 60,
      reading: i % 7,
    }));
    const response = await postReadings(smartMeterId, readings);
    expect(response.status).toBe(200);
    // Read back as a stream of pages: complete, in order, each time once.
    expect(await answerTo(`/readings/read/${smartMeterId}`)).toEqual(ok(readings));
    expect(
      await answerTo(
        `/readings/read/${smartMeterId}?from=${readings[10]?.time}&to=${readings[9_990]?.time}`,
      ),
    ).toEqual(ok(readings.slice(10, 9_990)));
  });

  it('stores none of a batch whose last reading is invalid', async () => {
    const smartMeterId = newMeterId();
    const response = await postReadings(smartMeterId, [
      ...SEED_READINGS,
      { time: 1606637100, reading: -1 },
    ]);
    expect(await answerOf(response)).toMatchObject({
      status: 422,
      mediaType: 'application/problem+json',
      body: {
        status: 422,
        type: '/problems/validation',
        errors: [{ path: 'electricityReadings.5.reading', message: 'must be 0 kW or more' }],
      },
    });
    expect((await answerTo(`/readings/read/${smartMeterId}`)).status).toBe(404);
  });
});

describe('GET /readings/read/{smartMeterId}', () => {
  it('answers 404 problem+json for a meter with no readings', async () => {
    const smartMeterId = newMeterId();
    const answer = await answerTo(`/readings/read/${smartMeterId}`);

    expect(answer).toMatchObject({
      status: 404,
      mediaType: 'application/problem+json',
      body: { status: 404, type: '/problems/not-found' },
    });
  });

  it('returns only readings with from <= time < to', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, SEED_READINGS);
    expect(await answerTo(`/readings/read/${smartMeterId}?from=1606636860&to=1606636980`)).toEqual(
      ok(SEED_READINGS.slice(1, 3)),
    );
    expect(await answerTo(`/readings/read/${smartMeterId}?from=1606636980`)).toEqual(
      ok(SEED_READINGS.slice(3)),
    );
    expect(await answerTo(`/readings/read/${smartMeterId}?to=1606636860`)).toEqual(
      ok(SEED_READINGS.slice(0, 1)),
    );
  });

  it('answers 404 when the window holds no readings', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, SEED_READINGS);
    const answer = await answerTo(`/readings/read/${smartMeterId}?from=0&to=1606636800`);

    expect(answer).toMatchObject({
      status: 404,
      mediaType: 'application/problem+json',
      body: { status: 404, type: '/problems/not-found' },
    });
  });

  it.each([
    ['from=abc', 'from'],
    ['to=-5', 'to'],
    ['from=1.5', 'from'],
    ['from=10&to=10', 'to'],
    ['from=20&to=10', 'to'],
  ])('answers 422 for ?%s', async (query, path) => {
    const answer = await answerTo<ProblemBody>(`/readings/read/${newMeterId()}?${query}`);

    expect(answer).toMatchObject({
      status: 422,
      mediaType: 'application/problem+json',
      body: { status: 422, type: '/problems/validation' },
    });
    expect(answer.body.errors?.map((error) => error.path)).toEqual([path]);
  });

  it('answers 422 for a malformed meter id', async () => {
    const answer = await answerTo<ProblemBody>(`/readings/read/${'x'.repeat(65)}`);

    expect(answer).toMatchObject({
      status: 422,
      mediaType: 'application/problem+json',
      body: { status: 422, type: '/problems/validation' },
    });
    expect(answer.body.errors?.map((error) => error.path)).toEqual(['smartMeterId']);
  });
});

describe('HEAD /readings/read/{smartMeterId}', () => {
  it('answers like GET, without a body', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, SEED_READINGS);
    const response = await request(`/readings/read/${smartMeterId}`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});
