import { describe, expect, it } from 'vitest';
import type { CandidateUpdate } from '../../src/fleet/fleet-message';
import { asOperatorGet, deliverFleetMessages, eventually } from '../fleet-requests';
import { answerOf, answerTo, bearer, newMeterId, postReadings, request } from '../helpers';
import { asOperator, newPlanId } from '../operator-requests';

// Switch candidates kept in D1 through the fleet queue. D1 is shared by this file's tests: each
// one looks only at its own meters, or at candidates of a plan id of its own.

const DAY = 86_400;
// 2024-03-01T00:00:00Z.
const T0 = 1_709_251_200;

interface Candidate {
  smartMeterId: string;
  pricePlanId: string;
  recommendation: string;
  annualSaving: number;
}
interface CandidatesPage {
  currency: string;
  candidates: Candidate[];
  next: string | null;
}

async function candidatesPage(query: string): Promise<CandidatesPage> {
  const { status, body } = await answerOf<CandidatesPage>(
    await asOperatorGet(`/fleet/switch-candidates?${query}`),
  );
  if (status !== 200) throw new Error(`switch candidates: ${status} ${JSON.stringify(body)}`);
  return body;
}

/** The meter's row of the switch candidates (saving anything), or `undefined`. */
async function candidateOf(smartMeterId: string): Promise<Candidate | undefined> {
  const all: Candidate[] = [];
  let cursor: string | null = null;
  do {
    const page = await candidatesPage(`pageSize=10000${cursor ? `&cursor=${cursor}` : ''}`);
    all.push(...page.candidates);
    cursor = page.next;
  } while (cursor !== null);
  return all.find((candidate) => candidate.smartMeterId === smartMeterId);
}

/** Waits until the meter's row is as `expected` says (`undefined`: no row). */
function candidateBecomes(smartMeterId: string, done: (row: Candidate | undefined) => boolean) {
  return eventually(() => candidateOf(smartMeterId), done);
}

const savingNear = (saving: number) => (row: Candidate | undefined) =>
  row !== undefined && Math.abs(row.annualSaving - saving) <= 1e-9 * saving;

function candidateMessage(update: CandidateUpdate) {
  return { id: `test-${crypto.randomUUID()}`, usage: [], gaps: [], candidate: update };
}

describe('GET /fleet/switch-candidates', () => {
  it('follows a meter’s data and account, and loses it on erasure for good', {
    timeout: 120_000,
  }, async () => {
    const id = newMeterId();
    expect(
      (await asOperator(`/meters/${id}/account`, 'PUT', { pricePlanId: 'price-plan-0', from: 0 }))
        .status,
    ).toBe(200);
    // 2 kW for two days: 96 kWh, at 10 a kWh on price-plan-0 and 1 on price-plan-2.
    await postReadings(id, [
      { time: T0, reading: 2 },
      { time: T0 + 2 * DAY, reading: 2 },
    ]);

    const first = await candidateBecomes(id, savingNear(9 * 96 * (365 / 2)));
    expect(first).toEqual({
      smartMeterId: id,
      pricePlanId: 'price-plan-0',
      recommendation: 'price-plan-2',
      annualSaving: expect.closeTo(157_680, 6),
    });
    // The same as the meter's own advice says.
    const { body: advice } = await answerTo<{
      currentPlan: { annualCost: number };
      recommendation: string;
      plans: { pricePlanId: string; annualCost: number }[];
    }>(`/meters/${id}/advice`);
    const cheapest = advice.plans.find((plan) => plan.pricePlanId === advice.recommendation);
    expect(first?.annualSaving).toBeCloseTo(
      advice.currentPlan.annualCost - (cheapest?.annualCost ?? 0),
      6,
    );

    // Rising to 4 kW over two more days: 240 kWh over four days.
    await postReadings(id, [{ time: T0 + 4 * DAY, reading: 4 }]);
    expect(await candidateBecomes(id, savingNear(9 * 240 * (365 / 4)))).toMatchObject({
      pricePlanId: 'price-plan-0',
    });

    // On price-plan-1 (2 a kWh) from now: it saves 1 a kWh by moving to price-plan-2.
    expect(
      (await asOperator(`/meters/${id}/account`, 'PUT', { pricePlanId: 'price-plan-1' })).status,
    ).toBe(200);
    expect(await candidateBecomes(id, savingNear(240 * (365 / 4)))).toMatchObject({
      pricePlanId: 'price-plan-1',
      recommendation: 'price-plan-2',
    });

    expect((await asOperator(`/meters/${id}`, 'DELETE')).status).toBe(204);
    expect(await candidateBecomes(id, (row) => row === undefined)).toBeUndefined();
    // An update computed before the erasure, delivered late, does not bring the meter back.
    const late = { pricePlanId: 'price-plan-0', recommendation: 'price-plan-2', annualSaving: 5 };
    expect(
      await deliverFleetMessages([
        candidateMessage({ smartMeterId: id, version: 1, candidate: late }),
      ]),
    ).toBe(true);
    expect(await candidateOf(id)).toBeUndefined();
  });

  it('leaves out a meter once it is on its cheapest plan', { timeout: 60_000 }, async () => {
    const id = newMeterId();
    expect(
      (await asOperator(`/meters/${id}/account`, 'PUT', { pricePlanId: 'price-plan-1', from: 0 }))
        .status,
    ).toBe(200);
    await postReadings(id, [
      { time: T0, reading: 1 },
      { time: T0 + DAY, reading: 1 },
    ]);
    expect(await candidateBecomes(id, savingNear(24 * 365))).toBeDefined();

    expect(
      (await asOperator(`/meters/${id}/account`, 'PUT', { pricePlanId: 'price-plan-2' })).status,
    ).toBe(200);

    expect(await candidateBecomes(id, (row) => row === undefined)).toBeUndefined();
  });

  it('lists the largest saving first, ties by meter id, a page at a time, filtered', async () => {
    const plan = newPlanId();
    const meter = (name: string) => `test-${plan}-${name}`;
    const savings = { a: 300, b: 50, c: 300, d: 10, e: 0 };
    await deliverFleetMessages(
      Object.entries(savings).map(([name, annualSaving]) =>
        candidateMessage({
          smartMeterId: meter(name),
          version: Date.now(),
          candidate: { pricePlanId: plan, recommendation: 'price-plan-2', annualSaving },
        }),
      ),
    );
    // An older update of d, delivered late, changes nothing.
    await deliverFleetMessages([
      candidateMessage({
        smartMeterId: meter('d'),
        version: 1,
        candidate: { pricePlanId: plan, recommendation: 'price-plan-2', annualSaving: 1000 },
      }),
    ]);

    const first = await candidatesPage(`pricePlanId=${plan}&pageSize=2`);
    const second = await candidatesPage(`pricePlanId=${plan}&pageSize=2&cursor=${first.next}`);
    const atLeast50 = await candidatesPage(`pricePlanId=${plan}&minAnnualSaving=50`);

    expect(first.currency).toBe('GBP');
    expect(first.candidates.map((row) => [row.smartMeterId, row.annualSaving])).toEqual([
      [meter('a'), 300],
      [meter('c'), 300],
    ]);
    expect(second.candidates.map((row) => [row.smartMeterId, row.annualSaving])).toEqual([
      [meter('b'), 50],
      [meter('d'), 10],
    ]);
    expect(second.next).toBeNull();
    expect(atLeast50.candidates.map((row) => row.smartMeterId)).toEqual(['a', 'c', 'b'].map(meter));
    // A cursor belongs to its query.
    const other = await asOperatorGet(
      `/fleet/switch-candidates?pricePlanId=${plan}&minAnnualSaving=1&cursor=${first.next}`,
    );
    expect(other.status).toBe(422);
  });

  it.each([
    ['a negative saving', 'minAnnualSaving=-1', 'minAnnualSaving'],
    ['a saving that is not a number', 'minAnnualSaving=lots', 'minAnnualSaving'],
    ['a plan id that cannot be one', 'pricePlanId=%20no', 'pricePlanId'],
    ['a cursor it did not give out', 'cursor=bm9wZQ', 'cursor'],
  ])('refuses %s with a 422 problem naming the parameter', async (_, query, path) => {
    const { status, mediaType, body } = await answerOf<{ errors: { path: string }[] }>(
      await asOperatorGet(`/fleet/switch-candidates?${query}`),
    );

    expect(status).toBe(422);
    expect(mediaType).toBe('application/problem+json');
    expect(body.errors.map((error) => error.path)).toContain(path);
  });

  it('answers 401 without a token and 403 to a meter’s own tokens', async () => {
    const meter = newMeterId();

    expect(
      (await request('/fleet/switch-candidates', { headers: { Authorization: '' } })).status,
    ).toBe(401);
    expect(
      (await request('/fleet/switch-candidates', { headers: await bearer('viewer', meter) }))
        .status,
    ).toBe(403);
  });
});
