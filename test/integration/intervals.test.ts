import { describe, expect, it } from 'vitest';
import {
  answerOf,
  answerTo,
  newMeterId,
  type ProblemBody,
  postReadings,
  request,
} from '../helpers';
import { newPlanId, putPlan, switchPlan } from '../operator-requests';
import { type DirectInterval, type DirectPlan, directPriceOf } from '../support/direct-pricing';
import { forgedCursors } from '../support/forged-cursors';

const at = (iso: string) => Date.parse(iso) / 1000;
const HALF_HOUR = 1800;

function expectClose(actual: number | undefined, expected: number | undefined, what: string) {
  expect(
    Math.abs((actual ?? Number.NaN) - (expected ?? Number.NaN)),
    `${what}: ${actual} vs ${expected}`,
  ).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected ?? 0)));
}

/** Half-hourly intervals from `fromIso`, kWh varying with the half hour. */
function halfHours(fromIso: string, count: number, kwh = (i: number) => 0.1 + (i % 7) / 20) {
  const start = at(fromIso);
  return Array.from({ length: count }, (_, i) => ({
    start: start + i * HALF_HOUR,
    end: start + (i + 1) * HALF_HOUR,
    kwh: kwh(i),
  }));
}

function postIntervals(
  smartMeterId: string,
  body: unknown,
  contentType = 'application/json',
  query = '',
): Promise<Response> {
  return request(`/meters/${smartMeterId}/intervals${query}`, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function storedIntervals(smartMeterId: string, channel = 'import') {
  const answer = await answerTo<{ intervals: DirectInterval[] }>(
    `/meters/${smartMeterId}/intervals?channel=${channel}&pageSize=10000`,
  );
  return answer.body.intervals;
}

const isoUtc = (time: number) => new Date(time * 1000).toISOString().replace('.000Z', 'Z');

describe('POST /meters/{smartMeterId}/intervals', () => {
  it('stores JSON intervals, and reads them back paged and as CSV', async () => {
    const id = newMeterId();
    const intervals = halfHours('2024-05-01T00:00:00Z', 5);

    const stored = await answerTo(`/meters/${id}/intervals`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ intervals }),
    });

    expect(stored).toMatchObject({ status: 200, body: { stored: 5 } });
    const first = await answerTo<{ intervals: DirectInterval[]; next: string }>(
      `/meters/${id}/intervals?pageSize=2`,
    );
    expect(first.body).toMatchObject({
      smartMeterId: id,
      channel: 'import',
      intervals: intervals.slice(0, 2),
    });
    const second = await answerTo<{ intervals: DirectInterval[] }>(
      `/meters/${id}/intervals?pageSize=2&cursor=${first.body.next}`,
    );
    expect(second.body.intervals).toEqual(intervals.slice(2, 4));
    for (const forged of forgedCursors(first.body.next, 1800)) {
      const refused = await answerTo(`/meters/${id}/intervals?pageSize=2&cursor=${forged}`);
      expect(refused, forged).toMatchObject({
        status: 422,
        mediaType: 'application/problem+json',
        body: { errors: [{ path: 'cursor' }] },
      });
    }
    const csv = await request(`/meters/${id}/intervals`, { headers: { Accept: 'text/csv' } });
    expect(await csv.text()).toBe(
      `start,end,kwh\n${intervals.map((i) => `${isoUtc(i.start)},${isoUtc(i.end)},${i.kwh}\n`).join('')}`,
    );
  });

  it('reads a CSV upload of start,end,kwh and an Octopus download alike, spaces and offsets included', async () => {
    const intervals = halfHours('2024-03-31T00:00:00Z', 4);
    const plain = newMeterId();
    const octopus = newMeterId();
    const plainCsv = `start,end,kwh\n${intervals.map((i) => `${i.start},${i.end},${i.kwh}`).join('\n')}\n`;
    // As Octopus writes it: consumption first, times with the local offset (BST from 01:00 UTC).
    const local = (time: number) => {
      const bst = time >= at('2024-03-31T01:00:00Z');
      const wall = new Date((time + (bst ? 3600 : 0)) * 1000).toISOString().slice(0, 19);
      return `${wall}${bst ? '+01:00' : '+00:00'}`;
    };
    const octopusCsv = [
      ' Consumption (kWh), Start, End',
      ...intervals.map((i) => `${i.kwh}, ${local(i.start)}, ${local(i.end)}`),
    ].join('\r\n');

    expect((await postIntervals(plain, plainCsv, 'text/csv')).status).toBe(200);
    expect((await postIntervals(octopus, octopusCsv, 'text/csv; charset=utf-8')).status).toBe(200);

    expect(await storedIntervals(plain)).toEqual(intervals);
    expect(await storedIntervals(octopus)).toEqual(intervals);
  });

  it('replaces an interval re-posted with its span, and prices the new kWh', async () => {
    const id = newMeterId();
    const intervals = halfHours('2024-05-01T00:00:00Z', 4);
    expect((await postIntervals(id, { intervals })).status).toBe(200);
    const changed = { ...intervals[1], kwh: 2.5 } as DirectInterval;

    expect((await postIntervals(id, { intervals: [changed] })).status).toBe(200);

    const expected = [intervals[0], changed, intervals[2], intervals[3]] as DirectInterval[];
    expect(await storedIntervals(id)).toEqual(expected);
    const comparison = await answerTo<{ kwh: number }>(`/meters/${id}/comparison`);
    expectClose(comparison.body.kwh, directPriceOf({ importIntervals: expected }, []).kwh, 'kWh');
  });

  it('refuses an interval overlapping a stored one with another span, naming both, storing nothing', async () => {
    const id = newMeterId();
    expect(
      (await postIntervals(id, { intervals: halfHours('2024-05-01T00:00:00Z', 2) })).status,
    ).toBe(200);
    const overlapping = {
      start: at('2024-05-01T00:15:00Z'),
      end: at('2024-05-01T00:45:00Z'),
      kwh: 1,
    };
    const fresh = { start: at('2024-05-02T00:00:00Z'), end: at('2024-05-02T00:30:00Z'), kwh: 1 };

    const answer = await answerTo<{ errors: { path: string; message: string }[] }>(
      `/meters/${id}/intervals`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ intervals: [fresh, overlapping] }),
      },
    );

    expect(answer).toMatchObject({ status: 422, mediaType: 'application/problem+json' });
    expect(answer.body.errors[0]?.path).toBe('intervals.1');
    expect(answer.body.errors[0]?.message).toMatch(
      /\[2024-05-01T00:15:00Z, 2024-05-01T00:45:00Z\).*stored interval \[2024-05-01T00:00:00Z, 2024-05-01T00:30:00Z\)/,
    );
    expect(await storedIntervals(id)).toEqual(halfHours('2024-05-01T00:00:00Z', 2));
  });

  it('refuses an interval overlapping one stored across midnight, from the day before', async () => {
    const id = newMeterId();
    const acrossMidnight = {
      start: at('2024-05-01T23:45:00Z'),
      end: at('2024-05-02T00:15:00Z'),
      kwh: 1,
    };
    expect((await postIntervals(id, { intervals: [acrossMidnight] })).status).toBe(200);

    const answer = await postIntervals(id, {
      intervals: [{ start: at('2024-05-02T00:00:00Z'), end: at('2024-05-02T00:30:00Z'), kwh: 1 }],
    });

    expect(answer.status).toBe(422);
    expect(await storedIntervals(id)).toEqual([acrossMidnight]);
  });

  it('refuses two intervals of one request that overlap, naming both, with no advice to replace', async () => {
    const id = newMeterId();
    const answer = await answerOf<ProblemBody>(
      await postIntervals(id, {
        intervals: [
          { start: '2024-05-01T00:00:00Z', end: '2024-05-01T00:30:00Z', kwh: 1 },
          { start: '2024-05-01T01:00:00Z', end: '2024-05-01T01:30:00Z', kwh: 1 },
          { start: '2024-05-01T00:15:00Z', end: '2024-05-01T00:45:00Z', kwh: 1 },
        ],
      }),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([
      {
        path: 'intervals.2',
        message:
          '[2024-05-01T00:15:00Z, 2024-05-01T00:45:00Z) overlaps [2024-05-01T00:00:00Z, 2024-05-01T00:30:00Z) at intervals.0 of the same request: the intervals of one request must not overlap',
      },
    ]);
    expect(await storedIntervals(id)).toEqual([]);
  });

  it('names the CSV lines of two intervals of one upload that overlap', async () => {
    const id = newMeterId();
    const csv = 'start,end,kwh\n\n1714521600,1714523400,1\n1714522500,1714524300,1\n';
    const answer = await answerOf<ProblemBody>(await postIntervals(id, csv, 'text/csv'));
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([
      { path: 'line 4', message: expect.stringContaining('at line 3 of the same request') },
    ]);
  });

  it('keeps a meter’s import to one source: readings or intervals (409), export going with either', async () => {
    const readingsMeter = newMeterId();
    expect((await postReadings(readingsMeter, [{ time: 1714521600, reading: 1 }])).status).toBe(
      200,
    );
    const refused = await answerTo(`/meters/${readingsMeter}/intervals`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ intervals: halfHours('2024-05-01T00:00:00Z', 1) }),
    });
    expect(refused).toMatchObject({
      status: 409,
      mediaType: 'application/problem+json',
      body: { type: '/problems/conflicting-source', existingSource: 'readings' },
    });
    const exports = { channel: 'export', intervals: halfHours('2024-05-01T00:00:00Z', 1) };
    expect((await postIntervals(readingsMeter, exports)).status).toBe(200);

    const intervalsMeter = newMeterId();
    expect(
      (await postIntervals(intervalsMeter, { intervals: halfHours('2024-05-01T00:00:00Z', 1) }))
        .status,
    ).toBe(200);
    const refusedReadings = await postReadings(intervalsMeter, [{ time: 1714521600, reading: 1 }]);
    expect(refusedReadings.status).toBe(409);
    expect(((await refusedReadings.json()) as { existingSource: string }).existingSource).toBe(
      'intervals',
    );
  });

  it.each([
    ['an end before its start', [{ start: 1714523400, end: 1714521600, kwh: 1 }]],
    ['an interval longer than a day', [{ start: 1714521600, end: 1714521600 + 86_401, kwh: 1 }]],
    ['negative kWh', [{ start: 1714521600, end: 1714523400, kwh: -1 }]],
    ['more than 1,000,000 kW', [{ start: 1714521600, end: 1714521660, kwh: 20_000 }]],
    ['a time with no offset', [{ start: '2024-05-01T00:00:00', end: 1714523400, kwh: 1 }]],
  ])('refuses %s with 422', async (_name, intervals) => {
    const id = newMeterId();
    expect((await postIntervals(id, { intervals })).status).toBe(422);
    expect(await storedIntervals(id)).toEqual([]);
  });

  it('names the line and column of a CSV upload in its errors, quoted commas read as one cell', async () => {
    const id = newMeterId();
    const csv = [
      'Consumption (kWh), Start, End',
      '0.412, 2026-10-02T12:00:00+01:00, 2026-10-02T12:30:00+01:00',
      // A decimal comma, quoted as some exports write it: one cell, and not a number.
      '"0,538", 2026-10-02T12:30:00+01:00, 2026-10-02T13:00:00+01:00',
      '',
      '0.5, 2026-10-02T13:00:00+01:00, yesterday',
      '',
    ].join('\n');

    const answer = await answerOf<ProblemBody>(await postIntervals(id, csv, 'text/csv'));

    expect(answer).toMatchObject({ status: 422, mediaType: 'application/problem+json' });
    expect(answer.body.errors).toEqual([
      { path: 'line 3, Consumption (kWh)', message: 'must be a number of kWh' },
      { path: 'line 5, End', message: expect.stringContaining('ISO 8601') },
    ]);
    expect(await storedIntervals(id)).toEqual([]);
  });

  it('names the line of a quote a CSV upload leaves open', async () => {
    const id = newMeterId();
    const csv = 'start,end,kwh\n1727866800,1727868600,"0.4\n1727868600,1727870400,0.5\n';

    const answer = await answerOf<ProblemBody>(await postIntervals(id, csv, 'text/csv'));

    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual([
      { path: 'line 2', message: 'a quoted cell is not closed' },
    ]);
  });

  it('answers 415 for a body neither JSON nor CSV, and 422 for a CSV without the columns', async () => {
    const id = newMeterId();
    expect((await postIntervals(id, 'start end kwh', 'text/plain')).status).toBe(415);
    const answer = await postIntervals(id, 'when,energy\n1,2\n', 'text/csv');
    expect(answer.status).toBe(422);
  });
});

describe('intervals priced', () => {
  it('counts an interval cut by a window in proportion, as the reference does', async () => {
    const id = newMeterId();
    const intervals = halfHours('2024-05-01T00:00:00Z', 6);
    expect((await postIntervals(id, { intervals })).status).toBe(200);
    const window = { from: at('2024-05-01T00:10:00Z'), to: at('2024-05-01T02:20:00Z') };

    const comparison = await answerTo<{ kwh: number }>(
      `/meters/${id}/comparison?from=${window.from}&to=${window.to}`,
    );

    expectClose(
      comparison.body.kwh,
      directPriceOf({ importIntervals: intervals }, [], window).kwh,
      'kWh',
    );
  });

  it.each([
    ['2024-03-31', 46],
    ['2024-10-27', 50],
  ])(
    'shows a London clock-change day %s as %i half hours adding up to the day',
    async (date, count) => {
      const id = newMeterId();
      const dayStart =
        Date.parse(`${date}T00:00:00+00:00`) / 1000 - (date === '2024-10-27' ? 3600 : 0);
      const intervals = Array.from({ length: count }, (_, i) => ({
        start: dayStart + i * HALF_HOUR,
        end: dayStart + (i + 1) * HALF_HOUR,
        kwh: 0.2 + i / 100,
      }));
      expect((await postIntervals(id, { intervals })).status).toBe(200);

      const byHalfHour = await answerTo<{ intervals: { kwh: number }[] }>(
        `/meters/${id}/usage?groupBy=half_hour&timeZone=Europe/London`,
      );
      const byDay = await answerTo<{ intervals: { start: number; end: number; kwh: number }[] }>(
        `/meters/${id}/usage?groupBy=day&timeZone=Europe/London`,
      );

      expect(byHalfHour.body.intervals).toHaveLength(count);
      expect(byDay.body.intervals).toHaveLength(1);
      expect(byDay.body.intervals[0]?.end).toBe(dayStart + count * HALF_HOUR);
      const total = intervals.reduce((sum, interval) => sum + interval.kwh, 0);
      expectClose(byDay.body.intervals[0]?.kwh, total, 'the day’s kWh');
    },
  );

  it('nets export against import on a time-of-use plan, as the reference does', async () => {
    const planId = newPlanId();
    const plan = {
      supplier: 'Sunny Saver',
      versions: [
        {
          unitRatePerKwh: 0.28,
          timeZone: 'Europe/London',
          standingChargePerDay: 0.45,
          vatRate: 0.05,
          timeOfUseRates: [{ from: '00:30', to: '04:30', unitRatePerKwh: 0.07 }],
          exportRatePerKwh: 0.04,
          exportTimeOfUseRates: [{ from: '16:00', to: '19:00', unitRatePerKwh: 0.15 }],
        },
      ],
    };
    await putPlan(planId, plan);
    const id = newMeterId();
    const imports = halfHours('2024-06-10T00:00:00Z', 48);
    const exports = halfHours('2024-06-10T09:00:00Z', 16, (i) => 0.3 + i / 40);
    expect((await postIntervals(id, { intervals: imports })).status).toBe(200);
    expect((await postIntervals(id, { channel: 'export', intervals: exports })).status).toBe(200);
    await switchPlan(id, planId, 0);

    const comparison = await answerTo<{
      exportKwh: number;
      currentCost: number;
      plans: { pricePlanId: string; exportCredit: number; cost: number; energyCost: number }[];
    }>(`/meters/${id}/comparison`);
    const direct = directPriceOf({ importIntervals: imports, exportIntervals: exports }, [
      { id: planId, ...plan } as DirectPlan,
    ]);
    const priced = comparison.body.plans.find((entry) => entry.pricePlanId === planId);

    expectClose(comparison.body.exportKwh, direct.exportKwh, 'export kWh');
    expectClose(priced?.exportCredit, direct.plans[0]?.exportCredit, 'export credit');
    expectClose(priced?.energyCost, direct.plans[0]?.energyCost, 'import cost');
    expectClose(priced?.cost, direct.plans[0]?.cost, 'net cost');
    expectClose(comparison.body.currentCost, direct.plans[0]?.cost, 'the account’s cost');
    const usage = await answerTo<{
      intervals: { exportKwh: number; exportCredit: number; cost: number }[];
    }>(`/meters/${id}/usage?groupBy=day&timeZone=UTC`);
    expectClose(
      usage.body.intervals[0]?.exportCredit,
      direct.plans[0]?.exportCredit,
      'usage export credit',
    );
    expectClose(usage.body.intervals[0]?.cost, direct.plans[0]?.cost, 'usage net cost');
    const csv = await request(`/meters/${id}/usage?groupBy=day&timeZone=UTC`, {
      headers: { Accept: 'text/csv' },
    });
    const [header, line] = (await csv.text()).trim().split('\n');
    expect(header).toBe('start,end,kwh,cost,exportKwh,exportCredit');
    const [, , , cost, exportKwh, exportCredit] = (line ?? '').split(',').map(Number);
    expect([cost, exportKwh, exportCredit]).toEqual([
      usage.body.intervals[0]?.cost,
      usage.body.intervals[0]?.exportKwh,
      usage.body.intervals[0]?.exportCredit,
    ]);
    const compareAll = await answerTo<{ pricePlanComparisons: Record<string, number>[] }>(
      `/price-plans/compare-all/${id}`,
    );
    const ranked = compareAll.body.pricePlanComparisons.map((entry) => Object.values(entry)[0]);
    expect(ranked).toEqual([...(ranked as number[])].sort((a, b) => a - b));
    expect(compareAll.body.pricePlanComparisons).toContainEqual({ [planId]: priced?.cost });
  });

  it('prices export posted after the meter’s prices were read, with the same window', async () => {
    const id = newMeterId();
    expect(
      (await postReadings(id, [{ time: at('2024-05-01T00:00:00Z'), reading: 2 }])).status,
    ).toBe(200);
    expect(
      (await postReadings(id, [{ time: at('2024-05-01T02:00:00Z'), reading: 2 }])).status,
    ).toBe(200);
    const window = `from=${at('2024-05-01T00:10:00Z')}&to=${at('2024-05-01T01:50:00Z')}`;
    const before = await answerTo<Record<string, unknown>>(`/meters/${id}/comparison?${window}`);
    expect(before.body).not.toHaveProperty('exportKwh');

    // 0.5 kWh in each half hour of 00:00–02:00; the window holds 20 of the first's 30 minutes,
    // all of the next two, and 20 of the last's.
    const exports = {
      channel: 'export',
      intervals: halfHours('2024-05-01T00:00:00Z', 4, () => 0.5),
    };
    expect((await postIntervals(id, exports)).status).toBe(200);
    const after = await answerTo<{ kwh: number; exportKwh: number }>(
      `/meters/${id}/comparison?${window}`,
    );
    expectClose(after.body.kwh, (2 * 100) / 60, 'kWh');
    expectClose(after.body.exportKwh, 0.5 * (20 / 30 + 2 + 20 / 30), 'export kWh');
  });

  it('leaves export fields out for a meter without export data', async () => {
    const id = newMeterId();
    expect(
      (await postIntervals(id, { intervals: halfHours('2024-05-01T00:00:00Z', 2) })).status,
    ).toBe(200);
    const comparison = await answerTo<
      Record<string, unknown> & { plans: Record<string, unknown>[] }
    >(`/meters/${id}/comparison`);
    expect(comparison.body).not.toHaveProperty('exportKwh');
    expect(comparison.body.plans[0]).not.toHaveProperty('exportCredit');
    const usage = await answerTo<{ intervals: Record<string, unknown>[] }>(`/meters/${id}/usage`);
    expect(usage.body.intervals[0]).not.toHaveProperty('exportKwh');
  });

  it('erases intervals with the meter', async () => {
    const id = newMeterId();
    expect(
      (await postIntervals(id, { intervals: halfHours('2024-05-01T00:00:00Z', 2) })).status,
    ).toBe(200);
    expect(
      (
        await postIntervals(id, {
          channel: 'export',
          intervals: halfHours('2024-05-01T10:00:00Z', 2),
        })
      ).status,
    ).toBe(200);
    const { asOperator } = await import('../operator-requests');

    expect((await asOperator(`/meters/${id}`, 'DELETE')).status).toBe(204);

    expect(await storedIntervals(id, 'import')).toEqual([]);
    expect(await storedIntervals(id, 'export')).toEqual([]);
    expect((await request(`/meters/${id}/comparison`)).status).toBe(404);
  });
});
