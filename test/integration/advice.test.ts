import { describe, expect, it } from 'vitest';
import { nowEpochSeconds } from '../../src/auth/token';
import { answerTo, newMeterId, postReadings, type ReadingInput } from '../helpers';
import { newPlanId, publishRates, putPlan, switchPlan } from '../operator-requests';
import { type DirectPlan, directPriceOf } from '../support/direct-pricing';

const at = (iso: string) => Date.parse(iso) / 1000;
const DAY = 86_400;

function expectClose(actual: number | undefined, expected: number | undefined, what: string) {
  expect(
    Math.abs((actual ?? Number.NaN) - (expected ?? Number.NaN)),
    `${what}: ${actual} vs ${expected}`,
  ).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected ?? 0)));
}

/** Power every 20 minutes for `days` days from `fromIso`, with a night and an evening peak. */
function readingsFrom(fromIso: string, days: number): ReadingInput[] {
  const start = at(fromIso);
  return Array.from({ length: days * 72 + 1 }, (_, i) => {
    const hour = (i / 3) % 24;
    return { time: start + i * 1200, reading: 0.3 + (hour < 4 ? 2 : 0) + (hour >= 18 ? 1.1 : 0) };
  });
}

interface AdviceBody {
  currency: string;
  basis: { from: number; to: number; days: number };
  flexibleShare: number;
  plans: {
    pricePlanId: string;
    annualCost: number;
    annualCostIfShifted: number;
    cheapestHours: { from: string; to: string; unitRatePerKwh: number }[];
    nextCheapestWindow: { start: number; end: number; averageRatePerKwh: number } | null;
  }[];
  recommendation: string;
  recommendationIfShifted: string;
  currentPlan: { pricePlanId: string; annualCost: number } | null;
}

const economy7 = () => ({
  supplier: 'Night Owl Energy',
  versions: [
    {
      unitRatePerKwh: 0.3,
      timeZone: 'Europe/London',
      standingChargePerDay: 0.5,
      vatRate: 0.05,
      timeOfUseRates: [{ from: '00:30', to: '07:30', unitRatePerKwh: 0.1 }],
    },
  ],
});
const flat = () => ({
  supplier: 'Steady Supply',
  versions: [
    { unitRatePerKwh: 0.22, timeZone: 'Europe/London', standingChargePerDay: 0.3, vatRate: 0.05 },
  ],
});

describe('GET /meters/{smartMeterId}/advice', () => {
  it('scales each plan’s cost over the data to a year, as used and with a fifth moved to cheap hours', async () => {
    const nightOwl = newPlanId();
    const steady = newPlanId();
    await putPlan(nightOwl, economy7());
    await putPlan(steady, flat());
    const readings = readingsFrom('2024-01-08T00:00:00Z', 3);
    const id = newMeterId();
    expect((await postReadings(id, readings)).status).toBe(200);
    await switchPlan(id, steady, 0);

    const answer = await answerTo<AdviceBody>(`/meters/${id}/advice`);

    expect(answer.status).toBe(200);
    const { basis } = answer.body;
    expect(basis).toEqual({ from: readings[0]?.time, to: readings.at(-1)?.time, days: 3 });
    expect(answer.body).toMatchObject({ currency: 'GBP', flexibleShare: 0.2 });
    for (const [planId, plan] of [
      [nightOwl, economy7()],
      [steady, flat()],
    ] as const) {
      const direct = directPriceOf({ readings }, [{ id: planId, ...plan } as DirectPlan]).plans[0];
      const advice = answer.body.plans.find((entry) => entry.pricePlanId === planId);
      if (!direct || !advice) throw new Error('a plan went missing');
      expectClose(advice.annualCost, (direct.cost * 365) / 3, `${planId} annual cost`);
      const shifted =
        0.8 * direct.energyCost + 0.2 * direct.lowestEnergyCost + direct.standingCharge;
      expectClose(advice.annualCostIfShifted, (shifted * 365) / 3, `${planId} shifted`);
    }
    const nightOwlAdvice = answer.body.plans.find((entry) => entry.pricePlanId === nightOwl);
    expect(nightOwlAdvice?.cheapestHours).toEqual([
      { from: '00:30', to: '07:30', unitRatePerKwh: expect.closeTo(0.105, 12) },
    ]);
    expect(nightOwlAdvice?.nextCheapestWindow).toBeNull();
    const shiftedCosts = answer.body.plans.map((entry) => entry.annualCostIfShifted);
    expect(shiftedCosts).toEqual([...shiftedCosts].sort((a, b) => a - b));
    const byAnnual = [...answer.body.plans].sort((a, b) => a.annualCost - b.annualCost);
    expect(answer.body.recommendation).toBe(byAnnual[0]?.pricePlanId);
    expect(answer.body.recommendationIfShifted).toBe(answer.body.plans[0]?.pricePlanId);
    expect(answer.body.currentPlan).toEqual({
      pricePlanId: steady,
      annualCost: answer.body.plans.find((entry) => entry.pricePlanId === steady)?.annualCost,
    });
  });

  it('gives each plan the comparison’s annualCost for the same window, to the last digit', async () => {
    const nightOwl = newPlanId();
    await putPlan(nightOwl, economy7());
    const id = newMeterId();
    // Two days of uneven power: figures whose last digit depends on how the scaling is written.
    const readings = readingsFrom('2024-01-08T00:00:00Z', 2).map((reading, i) => ({
      ...reading,
      reading: reading.reading + ((i * 0.37) % 1.3),
    }));
    expect((await postReadings(id, readings)).status).toBe(200);

    const advice = await answerTo<AdviceBody>(`/meters/${id}/advice`);
    const { from, to } = advice.body.basis;
    const comparison = await answerTo<{ plans: { pricePlanId: string; annualCost: number }[] }>(
      `/meters/${id}/comparison?from=${from}&to=${to}`,
    );

    expect(comparison.status).toBe(200);
    const annualOf = (plans: { pricePlanId: string; annualCost: number }[]) =>
      Object.fromEntries(plans.map((plan) => [plan.pricePlanId, plan.annualCost]));
    expect(annualOf(advice.body.plans)).toEqual(annualOf(comparison.body.plans));
  });

  it('saves exactly nothing by shifting on a plan whose every hour costs the same', async () => {
    const flat = newPlanId();
    await putPlan(flat, {
      supplier: 'Flat Rate',
      versions: [{ unitRatePerKwh: 0.245, standingChargePerDay: 0.51, vatRate: 0.05 }],
    });
    const id = newMeterId();
    // Uneven power over two days: a cost whose last digit a needless split would change.
    const readings = readingsFrom('2024-01-08T00:00:00Z', 2).map((reading, i) => ({
      ...reading,
      reading: reading.reading + ((i * 0.37) % 1.3),
    }));
    expect((await postReadings(id, readings)).status).toBe(200);

    const shares = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5];
    const answers = await Promise.all(
      shares.map((share) => answerTo<AdviceBody>(`/meters/${id}/advice?flexibleShare=${share}`)),
    );

    for (const [index, advice] of answers.entries()) {
      const plan = advice.body.plans.find((entry) => entry.pricePlanId === flat);
      expect(plan?.annualCostIfShifted, `share ${shares[index]}`).toBe(plan?.annualCost);
    }
  });

  it('takes the last 365 days of a longer history as its basis', async () => {
    const id = newMeterId();
    const first = at('2023-01-01T00:00:00Z');
    const readings = [0, 100, 400, 500].map((day) => ({ time: first + day * DAY, reading: 1 }));
    expect((await postReadings(id, readings)).status).toBe(200);

    const answer = await answerTo<AdviceBody>(`/meters/${id}/advice?flexibleShare=0.5`);

    expect(answer.body.basis).toEqual({
      from: first + 135 * DAY,
      to: first + 500 * DAY,
      days: 365,
    });
    expect(answer.body.flexibleShare).toBe(0.5);
    // 1 kW all year is 8,760 kWh; the flat reference plans have no standing charge.
    const flatPlan = answer.body.plans.find((entry) => entry.pricePlanId === 'price-plan-2');
    expectClose(flatPlan?.annualCost, 8760, 'a year at 1 kW on price-plan-2');
    expectClose(flatPlan?.annualCostIfShifted, 8760, 'nothing cheaper to shift to');
  });

  it('finds the cheapest run of published rates starting in the next 24 hours', async () => {
    const agile = newPlanId();
    await putPlan(agile, {
      supplier: 'Agile Test',
      versions: [{ unitRatePerKwh: 0.25, vatRate: 0.05 }],
    });
    const now = nowEpochSeconds();
    const firstHalfHour = Math.floor(now / 1800) * 1800;
    const rateOf = (i: number) => 0.3 - 0.25 * Math.exp(-(((i - 20) / 3) ** 2)) + (i % 3) / 100;
    const rates = Array.from({ length: 60 }, (_, i) => ({
      start: firstHalfHour + i * 1800,
      end: firstHalfHour + (i + 1) * 1800,
      unitRatePerKwh: rateOf(i),
    }));
    await publishRates(agile, rates);
    const id = newMeterId();
    expect((await postReadings(id, readingsFrom('2024-01-08T00:00:00Z', 1))).status).toBe(200);

    const answer = await answerTo<AdviceBody>(`/meters/${id}/advice?hours=2`);

    // By hand: every quarter-hour start from now on inside the next day, four half hours long.
    let best = { start: 0, average: Number.POSITIVE_INFINITY };
    for (let start = Math.ceil(now / 900) * 900; start < now + DAY; start += 900) {
      const quarters = Array.from({ length: 8 }, (_, q) => start + q * 900);
      const covering = quarters.map((time) => rates.find((r) => r.start <= time && time < r.end));
      if (covering.some((rate) => rate === undefined)) continue;
      const average = covering.reduce((sum, rate) => sum + (rate?.unitRatePerKwh ?? 0), 0) / 8;
      if (average < best.average) best = { start, average };
    }
    const window = answer.body.plans.find(
      (entry) => entry.pricePlanId === agile,
    )?.nextCheapestWindow;
    expect(window).toMatchObject({ start: best.start, end: best.start + 7200 });
    expectClose(window?.averageRatePerKwh, best.average * 1.05, 'mean rate with VAT');
  });

  it.each([
    ['flexibleShare=0.6', 'flexibleShare'],
    ['flexibleShare=-0.1', 'flexibleShare'],
    ['hours=0', 'hours'],
    ['hours=13', 'hours'],
    ['hours=2.5', 'hours'],
  ])('answers 422 for %s', async (query, path) => {
    const id = newMeterId();
    expect((await postReadings(id, readingsFrom('2024-01-08T00:00:00Z', 1))).status).toBe(200);
    const answer = await answerTo<{ errors: { path: string }[] }>(`/meters/${id}/advice?${query}`);
    expect(answer.status).toBe(422);
    expect(answer.body.errors.map((error) => error.path)).toEqual([path]);
  });

  it('answers 404 for a meter without data', async () => {
    expect((await answerTo(`/meters/${newMeterId()}/advice`)).status).toBe(404);
  });
});
