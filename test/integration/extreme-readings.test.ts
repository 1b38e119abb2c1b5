import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_READING_KW } from '../../src/schemas/readings';
import { newMeterId, postReadings, request } from '../helpers';

const NOW = Math.floor(Date.now() / 1000);

// The edges of what the API accepts: the epoch and now; nothing, the tiniest double and the cap.
const extremeTime = fc.oneof(fc.constantFrom(0, 1, NOW - 1, NOW), fc.integer({ min: 0, max: NOW }));
const extremeKw = fc.oneof(
  fc.constantFrom(0, Number.MIN_VALUE, MAX_READING_KW),
  fc.double({ min: 0, max: MAX_READING_KW, noNaN: true }),
);
const readingsArb = fc.array(fc.record({ time: extremeTime, reading: extremeKw }), {
  minLength: 1,
  maxLength: 20,
});

describe('readings at the edges of what is accepted', () => {
  it('always price to finite JSON numbers, cheapest first', async () => {
    await fc.assert(
      fc.asyncProperty(
        readingsArb,
        fc.option(extremeTime, { nil: undefined }),
        async (readings, to) => {
          const smartMeterId = newMeterId();
          expect((await postReadings(smartMeterId, readings)).status).toBe(200);
          const query = to === undefined || to === 0 ? '' : `?from=0&to=${to}`;
          const response = await request(`/price-plans/recommend/${smartMeterId}${query}`);
          expect(response.status).toBe(200);
          const costs = ((await response.json()) as Record<string, unknown>[]).map(
            (entry) => Object.values(entry)[0],
          );
          expect(costs).toHaveLength(3);
          for (const cost of costs) {
            expect(typeof cost).toBe('number');
            expect(Number.isFinite(cost)).toBe(true);
          }
          expect([...(costs as number[])].sort((a, b) => a - b)).toEqual(costs);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
