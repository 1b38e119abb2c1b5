import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorizationFor, newMeterId, request } from '../helpers';
import { expectWellFormed } from '../support/well-formed';

const RUNS = 250;
// 250 runs through workerd can outlast Vitest's 5 s default on a busy 2-core machine.
const FUZZ_TIMEOUT_MS = 60_000;

async function expectNothingStored(smartMeterId: string): Promise<void> {
  expect((await request(`/readings/read/${encodeURIComponent(smartMeterId)}`)).status).toBe(404);
}

const oddNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(-0, 1e308, -1e308, 5e-324, 2 ** 53, 2 ** 53 + 2, 1e21, Date.now(), -1),
);
const wrongValue = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.object(),
  fc.array(fc.integer()),
);
const readingLike = fc.record(
  {
    time: fc.oneof(oddNumber, wrongValue),
    reading: fc.oneof(oddNumber, wrongValue),
  },
  { requiredKeys: [] },
);

describe('fuzzing through the Worker', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('answers any JSON body on POST /readings/store without a 5xx', async () => {
    // A valid token of a meter of this test's own, so every body reaches the JSON and schema checks.
    const authorization = await authorizationFor(newMeterId());
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (body) => {
        const response = await request('/readings/store', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...authorization },
          body: JSON.stringify(body),
        });
        await expectWellFormed(response);
      }),
      { numRuns: RUNS },
    );
  });

  it('stores nothing of a rejected batch of odd readings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(readingLike, { minLength: 1, maxLength: 20 }), async (readings) => {
        const smartMeterId = newMeterId();
        const response = await request('/readings/store', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ smartMeterId, electricityReadings: readings }),
        });
        await expectWellFormed(response);
        if (response.status !== 200) await expectNothingStored(smartMeterId);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers any method and content type without a 5xx, storing only a JSON POST to the store', async () => {
    const method = fc.constantFrom(
      'GET',
      'HEAD',
      'POST',
      'PUT',
      'PATCH',
      'DELETE',
      'OPTIONS',
      'PROPFIND',
    );
    const contentType = fc.oneof(
      fc.constantFrom(
        'application/json',
        'Application/JSON; charset=utf-8',
        'text/plain',
        'application/xml',
        '',
      ),
      fc.string({ maxLength: 40 }).filter((text) => /^[\x20-\x7e]*$/.test(text)),
    );
    const path = fc.constantFrom(
      '/',
      '/health',
      '/readings/store',
      '/readings/read/m',
      '/price-plans/recommend/m',
      '/docs',
    );
    await fc.assert(
      fc.asyncProperty(method, contentType, path, async (verb, type, target) => {
        const smartMeterId = newMeterId();
        const init: RequestInit = { method: verb, headers: type ? { 'Content-Type': type } : {} };
        if (verb !== 'GET' && verb !== 'HEAD') {
          init.body = JSON.stringify({
            smartMeterId,
            electricityReadings: [{ time: 1, reading: 1 }],
          });
        }
        const response = await request(target, init);
        await expectWellFormed(response, verb);
        const isJsonStore =
          verb === 'POST' &&
          target === '/readings/store' &&
          type.split(';')[0]?.trim().toLowerCase() === 'application/json';
        expect(response.status === 200 && target === '/readings/store').toBe(isJsonStore);
        if (!isJsonStore) await expectNothingStored(smartMeterId);
      }),
      { numRuns: RUNS },
    );
  });
});
