import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerTo, newMeterId, openAccount, postReadings, type ReadingInput } from '../helpers';
import { DAY, decimalArb, START } from '../support/tariff-arbitraries';

/**
 * A meter keeps what its answers read (day energies, range totals, window parts, its gaps and
 * ends) until its data changes. The oracle here is a second meter given the same batches with no
 * question asked between them: every answer must be the same, to the last digit.
 */

/** Readings mostly over a few days around START (London's clocks go forward two days in), some weeks away. */
const timeArb = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: START - DAY, max: START + 4 * DAY }) },
  { weight: 1, arbitrary: fc.integer({ min: START - 40 * DAY, max: START + 30 * DAY }) },
);

const batchesArb = fc.uniqueArray(timeArb, { minLength: 2, maxLength: 30 }).chain((times) =>
  fc.array(
    fc.array(fc.record({ time: fc.constantFrom(...times), reading: decimalArb(0, 20) }), {
      minLength: 1,
      maxLength: 15,
    }),
    { minLength: 2, maxLength: 5 },
  ),
);

/** What a customer can ask of a meter: usage by London day, a comparison, compare-all, advice. */
function questions(smartMeterId: string): string[] {
  return [
    `/meters/${smartMeterId}/usage?groupBy=day&timeZone=Europe/London&pageSize=100`,
    `/meters/${smartMeterId}/usage?groupBy=hour&timeZone=Europe/London&from=${START}&to=${START + 3 * DAY}&pageSize=100`,
    `/meters/${smartMeterId}/comparison`,
    `/meters/${smartMeterId}/comparison?from=${START + 1234}&to=${START + 2 * DAY + 777}`,
    `/price-plans/compare-all/${smartMeterId}`,
    `/meters/${smartMeterId}/advice`,
  ];
}

async function answersOf(smartMeterId: string): Promise<unknown[]> {
  const answers: unknown[] = [];
  for (const path of questions(smartMeterId)) {
    const answer = await answerTo<Record<string, unknown>>(path);
    expect(answer.status, path).toBe(200);
    // The id differs between the two meters; everything else must not.
    const { smartMeterId: _id, ...rest } = answer.body ?? {};
    answers.push({ status: answer.status, body: rest });
  }
  return answers;
}

async function post(smartMeterId: string, batch: ReadingInput[]): Promise<void> {
  expect((await postReadings(smartMeterId, batch)).status).toBe(200);
}

describe('a meter’s answers', () => {
  it('do not depend on the questions asked between its stores', async () => {
    await fc.assert(
      fc.asyncProperty(batchesArb, async (batches) => {
        const [asked, quiet] = [newMeterId(), newMeterId()];
        await openAccount(asked, 'price-plan-1');
        await openAccount(quiet, 'price-plan-1');
        for (const batch of batches) {
          await post(asked, batch);
          await answersOf(asked);
        }
        for (const batch of batches) await post(quiet, batch);

        expect(await answersOf(asked)).toEqual(await answersOf(quiet));
      }),
      { numRuns: 20 },
    );
  }, 240_000);

  it('do not depend on a shorter page asked before a page of more days than a meter keeps', async () => {
    // A reading every 6 hours for 160 days: a UTC day's usage comes from its row of sums, a London
    // day's (in summer) from two UTC days' quarter hours.
    const readings = Array.from({ length: 640 }, (_, i) => ({
      time: START + i * 6 * 3600,
      reading: 1 + (i % 7),
    }));
    const [asked, quiet] = [newMeterId(), newMeterId()];
    for (const id of [asked, quiet]) {
      await openAccount(id, 'price-plan-1');
      await post(id, readings);
    }
    const month = `from=${START + 10 * DAY}&to=${START + 40 * DAY}`;
    for (const zone of ['UTC', 'Europe/London']) {
      const page = (id: string, query = '') =>
        answerTo(`/meters/${id}/usage?groupBy=day&timeZone=${zone}&pageSize=200${query}`);
      expect((await page(asked, `&${month}`)).status).toBe(200);

      const [a, b] = [await page(asked), await page(quiet)];
      expect(a.status).toBe(200);
      expect({ ...(a.body as object), smartMeterId: null }).toEqual({
        ...(b.body as object),
        smartMeterId: null,
      });
    }
  });
});
