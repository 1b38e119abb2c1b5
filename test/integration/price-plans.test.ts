import { describe, expect, it } from 'vitest';
import {
  type Answer,
  answerTo,
  newMeterId,
  openAccount,
  type ProblemBody,
  postReadings,
} from '../helpers';

// 35 kW at 10:30 and 5 kW at 11:00 on 2020-11-29: 10 kWh (the contract's example).
const TEN_KWH = [
  { time: 1606645800, reading: 35 },
  { time: 1606647600, reading: 5 },
];
const TEN_KWH_COSTS = [{ 'price-plan-2': 10 }, { 'price-plan-1': 20 }, { 'price-plan-0': 100 }];

/** A meter of the test's own, on `pricePlanId`, holding the contract's 10 kWh example. */
async function meterWithTenKwh(pricePlanId: string): Promise<string> {
  const smartMeterId = newMeterId();
  await openAccount(smartMeterId, pricePlanId);
  await postReadings(smartMeterId, TEN_KWH);
  return smartMeterId;
}

describe('GET /price-plans/compare-all/{smartMeterId}', () => {
  it("prices the usage on every plan, cheapest first, with the account's plan", async () => {
    const smartMeterId = await meterWithTenKwh('price-plan-0');

    const answer = await answerTo(`/price-plans/compare-all/${smartMeterId}`);

    expect(answer).toEqual({
      status: 200,
      mediaType: 'application/json',
      body: { pricePlanId: 'price-plan-0', pricePlanComparisons: TEN_KWH_COSTS },
    });
  });

  it('names the plan stored on the account of the meter', async () => {
    const smartMeterId = await meterWithTenKwh('price-plan-1');

    const answer = await answerTo(`/price-plans/compare-all/${smartMeterId}`);

    expect(answer).toMatchObject({ status: 200, body: { pricePlanId: 'price-plan-1' } });
  });

  it('names the trial plan of each of the five trial meters', async () => {
    // The reference data of the contract (API.md). Re-posting the same readings changes nothing,
    // so these shared meters need no reset.
    const trialPlans: [smartMeterId: string, pricePlanId: string][] = [
      ['smart-meter-0', 'price-plan-0'],
      ['smart-meter-1', 'price-plan-1'],
      ['smart-meter-2', 'price-plan-0'],
      ['smart-meter-3', 'price-plan-2'],
      ['smart-meter-4', 'price-plan-1'],
    ];
    const answers: Record<string, Answer> = {};

    for (const [smartMeterId] of trialPlans) {
      await postReadings(smartMeterId, TEN_KWH);
      answers[smartMeterId] = await answerTo(`/price-plans/compare-all/${smartMeterId}`);
    }

    expect(answers).toMatchObject(
      Object.fromEntries(
        trialPlans.map(([smartMeterId, pricePlanId]) => [
          smartMeterId,
          { status: 200, body: { pricePlanId } },
        ]),
      ),
    );
  });

  it('prices only the usage inside the window, cutting intervals at its edges', async () => {
    // 10:45 to 11:00: power falls from 20 kW to 5 kW, 3.125 kWh.
    const smartMeterId = await meterWithTenKwh('price-plan-0');

    const answer = await answerTo(
      `/price-plans/compare-all/${smartMeterId}?from=1606646700&to=1606647600`,
    );

    expect(answer).toEqual({
      status: 200,
      mediaType: 'application/json',
      body: {
        pricePlanId: 'price-plan-0',
        pricePlanComparisons: [
          { 'price-plan-2': 3.125 },
          { 'price-plan-1': 6.25 },
          { 'price-plan-0': 31.25 },
        ],
      },
    });
  });

  it('answers zeros for a meter with a single reading', async () => {
    const smartMeterId = newMeterId();
    await openAccount(smartMeterId, 'price-plan-0');
    await postReadings(smartMeterId, TEN_KWH.slice(0, 1));

    const answer = await answerTo(`/price-plans/compare-all/${smartMeterId}`);

    expect(answer).toEqual({
      status: 200,
      mediaType: 'application/json',
      body: {
        pricePlanId: 'price-plan-0',
        pricePlanComparisons: [{ 'price-plan-0': 0 }, { 'price-plan-1': 0 }, { 'price-plan-2': 0 }],
      },
    });
  });

  it('answers zeros for a window outside the readings', async () => {
    const smartMeterId = await meterWithTenKwh('price-plan-0');

    const answer = await answerTo(`/price-plans/compare-all/${smartMeterId}?from=0&to=1000`);

    expect(answer).toEqual({
      status: 200,
      mediaType: 'application/json',
      body: {
        pricePlanId: 'price-plan-0',
        pricePlanComparisons: [{ 'price-plan-0': 0 }, { 'price-plan-1': 0 }, { 'price-plan-2': 0 }],
      },
    });
  });

  it('answers 404 for a meter with an account but no readings', async () => {
    const smartMeterId = newMeterId();
    await openAccount(smartMeterId, 'price-plan-2');

    const answer = await answerTo(`/price-plans/compare-all/${smartMeterId}`);

    expect(answer).toMatchObject({
      status: 404,
      mediaType: 'application/problem+json',
      body: { status: 404, type: '/problems/not-found' },
    });
  });

  it('answers 404 for a meter without an account, even with readings', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, TEN_KWH);

    const answer = await answerTo(`/price-plans/compare-all/${smartMeterId}`);

    expect(answer).toMatchObject({
      status: 404,
      mediaType: 'application/problem+json',
      body: { status: 404, type: '/problems/not-found', detail: expect.stringMatching(/account/) },
    });
  });

  it('answers 422 for a bad window before looking up the account', async () => {
    const answer = await answerTo<ProblemBody>(
      `/price-plans/compare-all/${newMeterId()}?from=5&to=1`,
    );

    expect(answer).toMatchObject({
      status: 422,
      mediaType: 'application/problem+json',
      body: { status: 422, type: '/problems/validation' },
    });
    expect(answer.body.errors?.map((error) => error.path)).toEqual(['to']);
  });

  it('gives the same costs after the same readings are posted again', async () => {
    const smartMeterId = await meterWithTenKwh('price-plan-0');

    await postReadings(smartMeterId, TEN_KWH);

    expect(await answerTo(`/price-plans/compare-all/${smartMeterId}`)).toEqual({
      status: 200,
      mediaType: 'application/json',
      body: { pricePlanId: 'price-plan-0', pricePlanComparisons: TEN_KWH_COSTS },
    });
  });
});

describe('GET /price-plans/recommend/{smartMeterId}', () => {
  it('lists every plan cheapest first for a meter without an account', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, TEN_KWH);

    const answer = await answerTo(`/price-plans/recommend/${smartMeterId}`);

    expect(answer).toEqual({ status: 200, mediaType: 'application/json', body: TEN_KWH_COSTS });
  });

  it.each([
    ['1', TEN_KWH_COSTS.slice(0, 1)],
    ['2', TEN_KWH_COSTS.slice(0, 2)],
    ['3', TEN_KWH_COSTS],
    ['4', TEN_KWH_COSTS],
    ['1000000', TEN_KWH_COSTS],
  ])('returns the cheapest plans for limit=%s', async (limit, expected) => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, TEN_KWH);

    const answer = await answerTo(`/price-plans/recommend/${smartMeterId}?limit=${limit}`);

    expect(answer).toEqual({ status: 200, mediaType: 'application/json', body: expected });
  });

  it.each(['0', '-1', '1.5', 'abc', ''])('answers 422 for limit=%j', async (limit) => {
    const answer = await answerTo<ProblemBody>(
      `/price-plans/recommend/${newMeterId()}?limit=${limit}`,
    );

    expect(answer).toMatchObject({
      status: 422,
      mediaType: 'application/problem+json',
      body: { status: 422, type: '/problems/validation' },
    });
    expect(answer.body.errors?.map((error) => error.path)).toEqual(['limit']);
  });

  it('combines a limit with a window', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, TEN_KWH);

    const answer = await answerTo(
      `/price-plans/recommend/${smartMeterId}?limit=1&from=1606646700&to=1606647600`,
    );

    expect(answer).toEqual({
      status: 200,
      mediaType: 'application/json',
      body: [{ 'price-plan-2': 3.125 }],
    });
  });

  it('answers 404 for a meter with no readings', async () => {
    const answer = await answerTo(`/price-plans/recommend/${newMeterId()}`);

    expect(answer).toMatchObject({
      status: 404,
      mediaType: 'application/problem+json',
      body: { status: 404, type: '/problems/not-found' },
    });
  });
});
