import { describe, expect, it } from 'vitest';
import { meterToken, mintToken, nowEpochSeconds, operatorToken } from '../../src/auth/token';
import { moneyOf } from '../../src/dashboard/format';
import {
  answerOf,
  answerTo,
  newMeterId,
  openAccount,
  postJson,
  postReadings,
  type ReadingInput,
  request,
  TEST_TOKEN_KEY,
} from '../helpers';
import { asOperator, newPlanId, publishRates, putPlan, switchPlan } from '../operator-requests';

const at = (iso: string) => Date.parse(iso) / 1000;
const DAY = 86_400;

/** Power every 15 minutes from 21 November 2020 06:00 to 28 November 05:45 UTC, a household's shape. */
function readingsOfAWeek(): ReadingInput[] {
  const start = at('2020-11-21T06:00:00Z');
  return Array.from({ length: 7 * 96 }, (_, i) => ({
    time: start + i * 900,
    reading: 0.3 + ((i * 13) % 17) / 10,
  }));
}

/** A meter of its own holding a week of readings, on a plan when given one. */
async function meterWithAWeek(pricePlanId?: string): Promise<string> {
  const id = newMeterId();
  expect((await postReadings(id, readingsOfAWeek())).status).toBe(200);
  if (pricePlanId) await openAccount(id, pricePlanId);
  return id;
}

/** The page's HTML, asserting it is one. */
async function page(path: string): Promise<string> {
  const answer = await answerTo<string>(path);
  expect(answer.status, path).toBe(200);
  expect(answer.mediaType).toBe('text/html');
  return answer.body;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

const BLOCK_TAG =
  /<\/?(?:p|li|ul|ol|h\d|div|section|dl|dt|dd|tr|td|th|caption|summary|title|text|pre|nav|header|main|footer|figure|figcaption)\b[^>]*>/g;

/** What a reader sees of some HTML: its text, blocks apart, inline tags dropped, spaces collapsed. */
function textOf(html: string): string {
  return html
    .replace(BLOCK_TAG, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The texts of a table's body cells, row by row (header cells first). */
function tableRows(html: string, caption: string): string[][] {
  const table =
    html.split('<table').find((part) => part.includes(`<caption>${caption}</caption>`)) ?? '';
  const body = table.slice(table.indexOf('<tbody>'), table.indexOf('</tbody>'));
  return body
    .split('<tr')
    .slice(1)
    .map((row) =>
      [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map(([, cell]) => textOf(cell ?? '')),
    );
}

const PLANS_CAPTION = 'What each plan costs for your use, VAT and standing charges included';
const GBP = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const GBP_WHOLE = new Intl.NumberFormat('en-GB', {
  style: 'currency',
  currency: 'GBP',
  maximumFractionDigits: 0,
});
const money = (amount: number) => GBP.format(amount);
const whole = (amount: number) => GBP_WHOLE.format(amount);
const kwh = (value: number) => `${value.toFixed(Math.abs(value) < 10 ? 2 : 1)} kWh`;

interface ComparisonBody {
  kwh: number;
  exportKwh?: number;
  currentCost: number | null;
  plans: {
    pricePlanId: string;
    supplier: string;
    cost: number;
    saving: number | null;
    exportCredit?: number;
  }[];
}
interface AdviceBody {
  basis: { days: number };
  plans: {
    pricePlanId: string;
    supplier: string;
    annualCost: number;
    annualCostIfShifted: number;
    cheapestHours: { from: string; to: string }[];
    nextCheapestWindow: { start: number; end: number; averageRatePerKwh: number } | null;
  }[];
  recommendationIfShifted: string;
  currentPlan: { pricePlanId: string; annualCost: number } | null;
}
interface UsageBody {
  intervals: { start: number; kwh: number; cost: number | null; exportKwh?: number }[];
}

const comparisonOf = async (id: string, from: number, to: number) =>
  (await answerTo<ComparisonBody>(`/meters/${id}/comparison?from=${from}&to=${to}`)).body;
const adviceOf = async (id: string) => (await answerTo<AdviceBody>(`/meters/${id}/advice`)).body;

/** Every link of a page to itself, as a browser would follow it. */
function pageLinks(html: string): string[] {
  return [...html.matchAll(/href="(\/meters\/[^"]+)"/g)].map(([, href]) =>
    (href ?? '').replaceAll('&amp;', '&'),
  );
}

/** `up 0.44 kWh (7%)`: a change as the page words it. */
function changeWords(change: number, from: number, text: (value: number) => string): string {
  const percent = Math.round(Math.abs(change / from) * 100);
  return `${change > 0 ? 'up' : 'down'} ${text(Math.abs(change))} (${percent === 0 ? 'under 1' : percent}%)`;
}

describe('GET /meters/{smartMeterId}/dashboard: the period', () => {
  it('shows every plan by supplier, its cost as comparison gives it, and the half hours as usage gives them', async () => {
    const id = await meterWithAWeek('price-plan-1');
    const day = { from: at('2020-11-24T00:00:00Z'), to: at('2020-11-25T00:00:00Z') };

    const html = await page(`/meters/${id}/dashboard?period=day&date=2020-11-24`);

    const comparison = await comparisonOf(id, day.from, day.to);
    const rows = tableRows(html, PLANS_CAPTION);
    expect(rows.map((row) => row.slice(0, 3))).toEqual(
      comparison.plans.map((plan) => [
        `${plan.supplier}${plan.pricePlanId === 'price-plan-1' ? ' your plan' : ''} ${plan.pricePlanId}`,
        money(plan.cost),
        plan.saving === 0
          ? 'the same'
          : `${money(Math.abs(plan.saving ?? 0))} ${(plan.saving ?? 0) > 0 ? 'less' : 'more'}`,
      ]),
    );
    const usage = await answerTo<UsageBody>(
      `/meters/${id}/usage?groupBy=half_hour&from=${day.from}&to=${day.to}`,
    );
    const halfHours = tableRows(html, 'Each half hour');
    expect(halfHours).toHaveLength(48);
    expect(halfHours.map(([, used, cost]) => [used, cost])).toEqual(
      usage.body.intervals.map((slot) => [slot.kwh.toFixed(2), money(slot.cost ?? Number.NaN)]),
    );
    const cheapest = comparison.plans[0];
    expect(textOf(html)).toContain(
      `You used ${kwh(comparison.kwh)} on The Green Eco, for ${money(comparison.currentCost ?? 0)}.`,
    );
    expect(textOf(html)).toContain(
      `${cheapest?.supplier} would have cost you ${money(cheapest?.saving ?? Number.NaN)} less.`,
    );
  });

  it('opens on the period holding the latest data, marked "so far" with the time of the last reading', async () => {
    const id = await meterWithAWeek();

    const html = await page(`/meters/${id}/dashboard?period=day`);

    // The last reading is on 28 November at 05:45: the day is not over.
    expect(html).toContain('<h2 id="period">Sat 28 Nov 2020, so far</h2>');
    expect(textOf(html)).toContain('Up to the latest reading, Sat 28 Nov 2020, 05:45.');
    const week = await page(`/meters/${id}/dashboard?period=week`);
    expect(week).toContain('<h2 id="period">week of Mon 23 Nov 2020, so far</h2>');
  });

  it('does not say "so far" of a period the data covers to its end', async () => {
    const id = newMeterId();
    const readings = [...readingsOfAWeek(), { time: at('2020-11-28T06:00:00Z'), reading: 1 }]
      // Ends at midnight: the 27th is whole, the 28th has no data.
      .filter((reading) => reading.time <= at('2020-11-28T00:00:00Z'));
    expect((await postReadings(id, readings)).status).toBe(200);

    const html = await page(`/meters/${id}/dashboard?period=day`);

    expect(html).toContain('<h2 id="period">Fri 27 Nov 2020</h2>');
    expect(html).not.toContain('so far');
  });

  it('links to the periods before and after only where there is data, and to the latest', async () => {
    const id = await meterWithAWeek();
    const relLinks = (html: string) =>
      [...html.matchAll(/<a href="[^"]*date=([\d-]+)[^"]*" rel="(prev|next)"/g)].map(
        ([, date, rel]) => `${rel} ${date}`,
      );
    const hasLatest = (html: string) => />Latest</.test(html);

    const first = await page(`/meters/${id}/dashboard?period=day&date=2020-11-21`);
    const middle = await page(`/meters/${id}/dashboard?period=day&date=2020-11-24`);
    const last = await page(`/meters/${id}/dashboard?period=day&date=2020-11-28`);
    const month = await page(`/meters/${id}/dashboard?period=month`);
    const before = await page(`/meters/${id}/dashboard?period=month&date=2019-01-01`);

    expect(relLinks(first)).toEqual(['next 2020-11-22']);
    expect(hasLatest(first)).toBe(true);
    expect(relLinks(middle)).toEqual(['prev 2020-11-23', 'next 2020-11-25']);
    expect(relLinks(last)).toEqual(['prev 2020-11-27']);
    expect(hasLatest(last)).toBe(false);
    expect(relLinks(month)).toEqual([]);
    expect(relLinks(before)).toEqual([]);
    expect(hasLatest(before)).toBe(true);
    expect(before).toContain(`href="/meters/${id}/dashboard?period=month&amp;show=kwh">Latest</a>`);
    for (const html of [first, middle, last, month, before]) {
      for (const link of pageLinks(html)) expect((await request(link)).status, link).toBe(200);
    }
  });

  it('compares the period with the same stretch of the one before, in words and numbers', async () => {
    const id = await meterWithAWeek('price-plan-1');
    const figures = async (from: number, to: number) => {
      const comparison = await comparisonOf(id, from, to);
      return { kwh: comparison.kwh, cost: comparison.currentCost ?? Number.NaN };
    };

    const soFar = textOf(await page(`/meters/${id}/dashboard?period=day`));
    const wholeDay = textOf(await page(`/meters/${id}/dashboard?period=day&date=2020-11-25`));

    // The 28th up to its last reading (05:45) against the 27th up to 05:45.
    const today = await figures(at('2020-11-28T00:00:00Z'), at('2020-11-28T05:45:00Z'));
    const yesterday = await figures(at('2020-11-27T00:00:00Z'), at('2020-11-27T05:45:00Z'));
    expect(soFar).toContain(
      `Compared with the same part of Fri 27 Nov 2020 (to 05:45): energy used ${changeWords(today.kwh - yesterday.kwh, yesterday.kwh, kwh)}, cost ${changeWords(today.cost - yesterday.cost, yesterday.cost, money)}.`,
    );
    const the25th = await figures(at('2020-11-25T00:00:00Z'), at('2020-11-26T00:00:00Z'));
    const the24th = await figures(at('2020-11-24T00:00:00Z'), at('2020-11-25T00:00:00Z'));
    expect(wholeDay).toContain(
      `Compared with Tue 24 Nov 2020: energy used ${changeWords(the25th.kwh - the24th.kwh, the24th.kwh, kwh)}, cost ${changeWords(the25th.cost - the24th.cost, the24th.cost, money)}.`,
    );
  });

  it('compares "so far" by the local clock, across a change of the clocks too', async () => {
    const london = newPlanId();
    // Dear: never the cheapest plan for the other tests of this file.
    await putPlan(london, {
      supplier: 'London Light',
      versions: [{ unitRatePerKwh: 20, timeZone: 'Europe/London' }],
    });
    const id = newMeterId();
    const start = at('2020-09-20T00:00:00Z');
    const readings = Array.from({ length: 70 * 48 + 31 }, (_, i) => ({
      time: start + i * 1800,
      // More in November: the change has a direction.
      reading: 0.4 + (i % 5) / 10 + (start + i * 1800 >= at('2020-11-01T00:00:00Z') ? 0.3 : 0),
    }));
    expect((await postReadings(id, readings)).status).toBe(200);
    await switchPlan(id, london, 0);

    const html = textOf(await page(`/meters/${id}/dashboard?period=month`));

    // Data ends on 29 November at 15:00 GMT. October began in BST (30 September 23:00 UTC) and
    // its clocks went back on the 25th: the same part of it ends on the 29th at 15:00 GMT, not an
    // hour earlier as the same number of seconds would.
    expect(readings.at(-1)?.time).toBe(at('2020-11-29T15:00:00Z'));
    const november = await comparisonOf(id, at('2020-11-01T00:00:00Z'), at('2020-11-29T15:00:00Z'));
    const october = await comparisonOf(id, at('2020-09-30T23:00:00Z'), at('2020-10-29T15:00:00Z'));
    expect(html).toContain(
      `Compared with the same part of October 2020 (to Thu 29 Oct 15:00): energy used ${changeWords(november.kwh - october.kwh, october.kwh, kwh)}, cost ${changeWords((november.currentCost ?? 0) - (october.currentCost ?? 0), october.currentCost ?? 0, money)}.`,
    );
    await asOperator(`/price-plans/${london}`, 'DELETE');
  });

  it('compares nothing when the data does not reach back over the period before', async () => {
    const id = await meterWithAWeek('price-plan-1');

    const html = textOf(await page(`/meters/${id}/dashboard?period=day&date=2020-11-22`));

    // The 21st starts at 06:00: no like for like with the whole 22nd.
    expect(html).not.toContain('Compared with');
    expect(textOf(await page(`/meters/${id}/dashboard?period=day&date=2020-11-21`))).toContain(
      'Your data starts on Sat 21 Nov.',
    );
  });

  it('shows a year by month, "so far" while the data has not reached its end', async () => {
    const id = await meterWithAWeek('price-plan-1');

    const html = await page(`/meters/${id}/dashboard?period=year&date=2020-06-15`);

    expect(html).toContain('<h2 id="period">2020, so far</h2>');
    const months = tableRows(html, 'Each month');
    expect(months.map(([month]) => month)).toEqual(
      [
        ...['January', 'February', 'March', 'April', 'May', 'June'],
        ...['July', 'August', 'September', 'October', 'November', 'December'],
      ].map((month) => `${month} 2020`),
    );
    const comparison = await comparisonOf(
      id,
      readingsOfAWeek()[0]?.time ?? 0,
      at('2020-11-28T05:45:00Z'),
    );
    expect(months[10]).toEqual([
      'November 2020',
      comparison.kwh.toFixed(1),
      money(comparison.currentCost ?? Number.NaN),
    ]);
    expect(months.filter(([, cell]) => cell === 'no data')).toHaveLength(11);
  });

  it('leaves the slots without data empty rather than zero', async () => {
    const id = await meterWithAWeek();

    const html = await page(`/meters/${id}/dashboard?period=month&date=2020-11-01`);

    const days = tableRows(html, 'Each day');
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual(['Sun 1 Nov', 'no data']);
    expect(html.match(/class="gap"/g)).toHaveLength(30 - 8);
  });

  it('shows the account’s plans when it switched in the period', async () => {
    const id = await meterWithAWeek('price-plan-1');
    const switchedAt = at('2020-11-25T12:00:00Z');
    await switchPlan(id, 'price-plan-2', switchedAt);

    const html = textOf(await page(`/meters/${id}/dashboard?period=month&date=2020-11-01`));

    expect(html).toContain(
      'Your plan changed in this period: The Green Eco price-plan-1, until Wed 25 Nov 2020, 12:00 Power for Everyone price-plan-2, from Wed 25 Nov 2020, 12:00',
    );
    const comparison = await comparisonOf(
      id,
      at('2020-11-21T06:00:00Z'),
      at('2020-11-28T05:45:00Z'),
    );
    expect(html).toContain(
      `You used ${kwh(comparison.kwh)}, for ${money(comparison.currentCost ?? Number.NaN)}.`,
    );
    const unswitched = textOf(await page(`/meters/${id}/dashboard?period=month&date=2020-12-01`));
    expect(unswitched).not.toContain('Your plan changed');
  });

  it('says so for a meter without readings', async () => {
    const html = await page(`/meters/${newMeterId()}/dashboard`);

    expect(html).toContain('No readings yet.');
    expect(html).not.toContain('class="chart');
    expect(html).not.toMatch(/rel="(prev|next)"|>Latest</);
  });

  it('says so for a meter without an account, and still compares the plans', async () => {
    const id = await meterWithAWeek();

    const html = textOf(await page(`/meters/${id}/dashboard?period=week&date=2020-11-23`));

    expect(html).toContain('There is no price plan on your account yet');
    const comparison = await comparisonOf(
      id,
      at('2020-11-23T00:00:00Z'),
      at('2020-11-28T05:45:00Z'),
    );
    expect(html).toContain(`${comparison.plans[0]?.supplier} would have cost least.`);
    expect(html).not.toContain('your plan');
  });

  it.each([
    'period=week&date=1970-01-01',
    'period=day&date=1970-01-01',
    'period=month&date=1970-01-31',
    'period=year&date=1970-01-01',
    'period=day&date=9999-12-31',
    'period=week&date=9999-12-31',
    'period=month&date=9999-12-01',
    'period=year&date=9999-12-31',
  ])('links only to pages it serves, at the first and last dates too (%s)', async (query) => {
    const html = await page(`/meters/${newMeterId()}/dashboard?${query}`);
    const links = pageLinks(html);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect((await request(link)).status, link).toBe(200);
  });

  it.each([
    ['period=decade', 'period'],
    ['date=2020-02-30', 'date'],
    ['show=pounds', 'show'],
  ])('answers 422 for %s', async (query, path) => {
    const answer = await answerTo(`/meters/${newMeterId()}/dashboard?${query}`);
    expect(answer).toMatchObject({ status: 422, body: { errors: [{ path }] } });
  });

  it.each([
    ['x', 'must be a date YYYY-MM-DD'],
    ['', 'must be a date YYYY-MM-DD'],
    ['2020-1-1', 'must be a date YYYY-MM-DD'],
    ['0000-01-01', 'must be a date that exists, from 1970-01-01 to 9999-12-31'],
    ['1969-12-31', 'must be a date that exists, from 1970-01-01 to 9999-12-31'],
  ])('answers 422 for the date %j, even without a token', async (date, message) => {
    const answer = await answerTo(`/meters/${newMeterId()}/dashboard?date=${date}`, {
      headers: { Authorization: '' },
    });
    expect(answer).toEqual({
      status: 422,
      mediaType: 'application/problem+json',
      body: expect.objectContaining({ errors: [{ path: 'date', message }] }),
    });
  });
});

describe('GET /meters/{smartMeterId}/dashboard: the year and the advice', () => {
  it('shows the yearly figures of advice, the same whatever period is shown, with their basis', async () => {
    const id = await meterWithAWeek('price-plan-1');
    const advice = await adviceOf(id);
    const yearly = (html: string) =>
      tableRows(html, PLANS_CAPTION)
        .map(([plan, , , year, shifted]) => [plan?.split(' ').at(-1), year, shifted])
        .sort();

    const views = await Promise.all(
      ['day&date=2020-11-24', 'week', 'month', 'year'].map((query) =>
        page(`/meters/${id}/dashboard?period=${query}`),
      ),
    );

    const expected = advice.plans
      .map((plan) => [plan.pricePlanId, whole(plan.annualCost), whole(plan.annualCostIfShifted)])
      .sort();
    for (const html of views) {
      expect(yearly(html)).toEqual(expected);
      // 21 Nov 06:00 to 28 Nov 05:45.
      expect(textOf(html)).toContain('Yearly figures are based on 6 days of data');
      const ours = advice.plans.find((plan) => plan.pricePlanId === 'price-plan-1');
      expect(textOf(html)).toContain(
        `On The Green Eco, your plan, a year costs about ${whole(ours?.annualCost ?? 0)} as you use energy now.`,
      );
    }
  });

  it('says in plain words what moving a fifth of the use to cheap hours would cost, and save', async () => {
    const nightOwl = newPlanId();
    await putPlan(nightOwl, {
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
    try {
      const id = await meterWithAWeek('price-plan-2');
      const advice = await adviceOf(id);

      const html = textOf(await page(`/meters/${id}/dashboard`));

      expect(advice.recommendationIfShifted).toBe(nightOwl);
      const shifted = advice.plans.find((plan) => plan.pricePlanId === nightOwl);
      const today = advice.currentPlan?.annualCost ?? Number.NaN;
      const cost = shifted?.annualCostIfShifted ?? Number.NaN;
      expect(html).toContain(
        `On Night Owl Energy, moving a fifth of your use to 00:30–07:30 would cost ${whole(cost)} a year, ${whole(today - cost)} less than today.`,
      );
    } finally {
      await asOperator(`/price-plans/${nightOwl}`, 'DELETE');
    }
  });

  it('names the next cheap window of a plan with published rates', async () => {
    const agile = newPlanId();
    // Dear unless published: never the cheapest plan for the other tests of this file.
    await putPlan(agile, { supplier: 'Agile Octopus', versions: [{ unitRatePerKwh: 50 }] });
    const now = nowEpochSeconds();
    const firstHalfHour = Math.floor(now / 1800) * 1800;
    // A clear dip ten hours ahead, whatever the minute the test runs at.
    const rates = Array.from({ length: 60 }, (_, i) => ({
      start: firstHalfHour + i * 1800,
      end: firstHalfHour + (i + 1) * 1800,
      unitRatePerKwh: i >= 20 && i < 26 ? 0.05 + i / 1000 : 0.4,
    }));
    await publishRates(agile, rates);
    try {
      const id = await meterWithAWeek();
      await switchPlan(id, agile, 0);
      const window = (await adviceOf(id)).plans.find(
        (plan) => plan.pricePlanId === agile,
      )?.nextCheapestWindow;

      const html = textOf(await page(`/meters/${id}/dashboard`));

      if (!window) throw new Error('advice found no window');
      const clock = (time: number) => new Date(time * 1000).toISOString().slice(11, 16);
      const day = new Date(window.start * 1000)
        .toLocaleDateString('en-GB', {
          weekday: 'short',
          day: 'numeric',
          month: 'short',
          timeZone: 'UTC',
        })
        .replace(',', '');
      const rate = new Intl.NumberFormat('en-GB', {
        style: 'currency',
        currency: 'GBP',
        maximumFractionDigits: 3,
      }).format(window.averageRatePerKwh);
      expect(html).toContain(
        `On Agile Octopus, with prices published for the day ahead, the cheapest 3 hours start on ${day} at ${clock(window.start)} (until ${clock(window.end)}), at ${rate} per kWh on average.`,
      );
    } finally {
      await asOperator(`/price-plans/${agile}`, 'DELETE');
    }
  });
});

describe('GET /meters/{smartMeterId}/dashboard: now, export, money', () => {
  it('renders the "now" tile with the latest power and today’s energy and cost, for the live script to update', async () => {
    const id = newMeterId();
    const now = nowEpochSeconds();
    const readings = Array.from({ length: 40 }, (_, i) => ({
      time: now - 60 - (39 - i) * 300,
      reading: 0.5 + i / 20,
    }));
    expect((await postReadings(id, readings)).status).toBe(200);
    await openAccount(id, 'price-plan-1');
    const last = readings.at(-1) ?? { time: 0, reading: 0 };
    const dayStart = Math.floor(now / DAY) * DAY;

    const html = await page(`/meters/${id}/dashboard`);

    expect(html).toContain(
      `<section class="now" aria-labelledby="now-title" data-live="/meters/${id}/live" data-currency="GBP" data-time-zone="UTC">`,
    );
    const field = (name: string) =>
      textOf(new RegExp(`data-live-field="${name}"[^>]*>(.*?)</`).exec(html)?.[1] ?? '');
    expect(field('powerKw')).toBe(`${last.reading.toFixed(2)} kW`);
    const today =
      last.time > dayStart
        ? (
            await answerTo<UsageBody>(
              `/meters/${id}/usage?groupBy=day&from=${dayStart}&to=${last.time}`,
            )
          ).body.intervals[0]
        : { kwh: 0, cost: 0 };
    expect(field('todayKwh')).toBe(kwh(today?.kwh ?? Number.NaN));
    expect(field('todayCost')).toBe(money(today?.cost ?? Number.NaN));
    expect(html).toContain(`datetime="${new Date(last.time * 1000).toISOString()}"`);
    expect(html).toContain('<script src="/dashboard-live.js" defer=""></script>');
  });

  it('counts today from midnight to now, as the live socket does: its standing charge, without data today', async () => {
    const standing = newPlanId();
    // A standing charge of 1 a thousand seconds; dear, never the cheapest plan for other tests.
    await putPlan(standing, {
      supplier: 'Steady Standing',
      versions: [{ unitRatePerKwh: 50, standingChargePerDay: 86.4 }],
    });
    const id = await meterWithAWeek();
    await switchPlan(id, standing, 0);
    const before = nowEpochSeconds();

    const html = await page(`/meters/${id}/dashboard`);

    const after = nowEpochSeconds();
    const dayStart = Math.floor(before / DAY) * DAY;
    const field = (name: string) =>
      textOf(new RegExp(`data-live-field="${name}"[^>]*>(.*?)</`).exec(html)?.[1] ?? '');
    expect(field('todayKwh')).toBe('0.00 kWh');
    const cost = Number(field('todayCost').replace(/[£,]/g, ''));
    expect(cost).toBeGreaterThanOrEqual(Math.floor((before - dayStart) / 10) / 100);
    expect(cost).toBeLessThanOrEqual(Math.ceil((after + 1 - dayStart) / 10) / 100);
    await asOperator(`/price-plans/${standing}`, 'DELETE');
  });

  it('shows export and the net cost for a meter with export data', async () => {
    const solar = newPlanId();
    // Dear: never the cheapest plan for the other tests of this file.
    await putPlan(solar, {
      supplier: 'Sunny Supply',
      versions: [{ unitRatePerKwh: 12, exportRatePerKwh: 6 }],
    });
    const id = newMeterId();
    const start = at('2024-06-03T00:00:00Z');
    const halfHours = Array.from({ length: 96 }, (_, i) => [
      start + i * 1800,
      start + (i + 1) * 1800,
    ]);
    const post = (channel: string, kwhOf: (i: number) => number) =>
      postJson(`/meters/${id}/intervals`, {
        channel,
        intervals: halfHours.map(([from, to], i) => ({ start: from, end: to, kwh: kwhOf(i) })),
      });
    expect((await post('import', (i) => 0.2 + (i % 7) / 20)).status).toBe(200);
    expect((await post('export', (i) => (i % 48 > 18 && i % 48 < 34 ? 0.6 : 0))).status).toBe(200);
    await switchPlan(id, solar, 0);

    const html = await page(`/meters/${id}/dashboard?period=day&date=2024-06-03`);

    const comparison = await comparisonOf(id, start, start + DAY);
    const ours = comparison.plans.find((plan) => plan.pricePlanId === solar);
    const net = comparison.currentCost ?? Number.NaN;
    const credit = ours?.exportCredit ?? Number.NaN;
    expect(textOf(html)).toContain(
      `You used ${kwh(comparison.kwh)} and exported ${kwh(comparison.exportKwh ?? Number.NaN)} on Sunny Supply, for ${money(net)}: ${money(net + credit)} for what you used, less ${money(credit)} for what you exported.`,
    );
    const usage = await answerTo<UsageBody>(
      `/meters/${id}/usage?groupBy=half_hour&from=${start}&to=${start + DAY}`,
    );
    expect(tableRows(html, 'Each half hour')).toEqual(
      usage.body.intervals.map((slot) => [
        new Date(slot.start * 1000).toISOString().slice(11, 16),
        slot.kwh.toFixed(2),
        (slot.exportKwh ?? Number.NaN).toFixed(2),
        money(slot.cost ?? Number.NaN),
      ]),
    );
    expect(textOf(html)).toContain('Used Exported');
    await asOperator(`/price-plans/${solar}`, 'DELETE');
  });

  it('formats money in the catalogue’s currency, in its own minor units', () => {
    expect(moneyOf('GBP').amount(1234.5)).toBe('£1,234.50');
    expect(moneyOf('GBP').amount(-0.001)).toBe('£0.00');
    expect(moneyOf('GBP').whole(1234.5)).toBe('£1,235');
    expect(moneyOf('GBP').rate(0.1049)).toBe('£0.105');
    expect(moneyOf('EUR').amount(1234.5)).toBe('€1,234.50');
    expect(moneyOf('JPY').amount(1234.5)).toBe('JP¥1,235');
    expect(moneyOf('USD').amount(-3.1)).toBe('-US$3.10');
  });

  it('states the currency and that costs include VAT and standing charges', async () => {
    const id = await meterWithAWeek('price-plan-1');

    const html = textOf(await page(`/meters/${id}/dashboard`));

    expect(html).toContain('Costs are in GBP and include VAT and standing charges.');
    expect(html).toContain('Cost (GBP)');
  });

  it.each(['day', 'week', 'month', 'year'])(
    'weighs at most 30 KiB gzipped, a %s of a household with export included',
    async (period) => {
      const id = newMeterId();
      const start = at('2024-06-01T00:00:00Z');
      const halfHours = Array.from({ length: 30 * 48 }, (_, i) => start + i * 1800);
      for (const channel of ['import', 'export']) {
        const answer = await postJson(`/meters/${id}/intervals`, {
          channel,
          intervals: halfHours.map((from, i) => ({
            start: from,
            end: from + 1800,
            kwh: channel === 'import' ? 0.3 + (i % 11) / 10 : i % 48 > 16 && i % 48 < 36 ? 0.7 : 0,
          })),
        });
        expect(answer.status).toBe(200);
      }
      await openAccount(id, 'price-plan-1');

      const html = await page(`/meters/${id}/dashboard?period=${period}&date=2024-06-12`);

      const gzipped = await new Response(
        new Blob([html]).stream().pipeThrough(new CompressionStream('gzip')),
      ).arrayBuffer();
      console.info(`dashboard ${period}: ${html.length} bytes, ${gzipped.byteLength} gzipped`);
      expect(gzipped.byteLength).toBeLessThanOrEqual(30 * 1024);
    },
  );

  it('allows scripts and connections from this origin only, and loads nothing from another', async () => {
    const id = await meterWithAWeek('price-plan-1');

    const response = await request(`/meters/${id}/dashboard`);

    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "connect-src 'self'",
        "style-src 'self'",
      ]),
    );
    expect(policy).not.toContain('unsafe');
    const html = await response.text();
    expect(html).not.toMatch(/style=|https?:\/\//);
    expect([...html.matchAll(/<script[^>]*>/g)].map(([tag]) => tag)).toEqual([
      '<script src="/dashboard-live.js" defer="">',
    ]);
    const script = await request('/dashboard-live.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
  });
});

describe('signing in with a link', () => {
  it('keeps the token in an HttpOnly, Secure, SameSite=Strict cookie for the meter and drops it from the address', async () => {
    const id = newMeterId();
    const token = await meterToken(TEST_TOKEN_KEY, id, 'viewer');

    const response = await request(`/meters/${id}/dashboard?period=day&token=${token}`, {
      headers: { Authorization: '' },
      redirect: 'manual',
    });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/meters/${id}/dashboard?period=day`);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`joi_token=${token}`);
    expect(cookie).toContain(`Path=/meters/${id}`);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict'])
      expect(cookie).toContain(attribute);
    const page = await request(`/meters/${id}/dashboard?period=day`, {
      headers: { Authorization: '', Cookie: `joi_token=${token}` },
    });
    expect(page.status).toBe(200);
  });

  it('refuses a link that is not valid, or of another meter', async () => {
    const id = newMeterId();
    const bad = await request(`/meters/${id}/dashboard?token=forged`, {
      headers: { Authorization: '' },
      redirect: 'manual',
    });
    expect(await answerOf(bad)).toMatchObject({
      status: 401,
      mediaType: 'application/problem+json',
    });
    const other = await meterToken(TEST_TOKEN_KEY, newMeterId(), 'viewer');
    const elsewhere = await request(`/meters/${id}/dashboard?token=${other}`, {
      headers: { Authorization: '' },
      redirect: 'manual',
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers.get('set-cookie')).toBeNull();
  });

  it('sets no cookie for a link whose viewer token the meter has revoked (401)', async () => {
    const id = newMeterId();
    const token = await meterToken(TEST_TOKEN_KEY, id, 'viewer', nowEpochSeconds() - 10);
    const revocation = await asOperator(`/meters/${id}/revocations`, 'POST', { scope: 'viewer' });
    expect(revocation.status).toBe(200);

    const response = await request(`/meters/${id}/dashboard?token=${token}`, {
      headers: { Authorization: '' },
      redirect: 'manual',
    });

    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    expect(await answerOf(response)).toMatchObject({
      status: 401,
      mediaType: 'application/problem+json',
      body: { detail: 'The token has been revoked' },
    });
  });

  it('refuses a link carrying a device or operator token (403), setting no cookie', async () => {
    const id = newMeterId();
    for (const token of [
      await meterToken(TEST_TOKEN_KEY, id, 'device'),
      await operatorToken(TEST_TOKEN_KEY),
    ]) {
      const response = await request(`/meters/${id}/dashboard?token=${token}`, {
        headers: { Authorization: '' },
        redirect: 'manual',
      });
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(await answerOf(response)).toMatchObject({
        status: 403,
        mediaType: 'application/problem+json',
        body: { detail: expect.stringMatching(/^A sign-in link carries a viewer token/) },
      });
    }
  });

  it('gives a viewer cookie of one meter 403 on another meter', async () => {
    const [mine, other] = [newMeterId(), newMeterId()];
    const token = await meterToken(TEST_TOKEN_KEY, mine, 'viewer');
    const response = await request(`/meters/${other}/dashboard`, {
      headers: { Authorization: '', Cookie: `joi_token=${token}` },
    });
    expect(await answerOf(response)).toMatchObject({
      status: 403,
      mediaType: 'application/problem+json',
    });
  });

  it('takes the cookie on the page only: an API call with it alone is 401', async () => {
    const id = newMeterId();
    const token = await meterToken(TEST_TOKEN_KEY, id, 'viewer');
    const response = await request(`/readings/read/${id}`, {
      headers: { Authorization: '', Cookie: `joi_token=${token}` },
    });
    expect(response.status).toBe(401);
  });

  it('opens for the operator too', async () => {
    const response = await request(`/meters/${newMeterId()}/dashboard`, {
      headers: { Authorization: `Bearer ${await operatorToken(TEST_TOKEN_KEY)}` },
    });
    expect(response.status).toBe(200);
  });
});

describe('a browser that is not signed in', () => {
  const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
  const browserRequest = (id: string, headers: Record<string, string> = {}) =>
    request(`/meters/${id}/dashboard`, {
      headers: { Authorization: '', Accept: BROWSER_ACCEPT, ...headers },
      redirect: 'manual',
    });

  it('gets a page (401) that says how to sign in, not JSON', async () => {
    const id = newMeterId();

    const answer = await answerOf<string>(await browserRequest(id));

    expect(answer).toMatchObject({ status: 401, mediaType: 'text/html' });
    const text = textOf(answer.body);
    expect(text).toContain('Sign in to see your energy');
    expect(text).toContain('Ask your energy supplier for your sign-in link.');
    expect(text).toContain(`npm run token -- ${id} --scope viewer --link --url https://joi.test`);
    expect(answer.body).not.toContain('<script');
  });

  it('keeps the challenge and the page’s policy on the 401 page', async () => {
    const response = await browserRequest(newMeterId());

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('cache-control')).toContain('no-store');
  });

  it.each([
    ['a revoked sign-in', 'revoked'],
    ['an expired sign-in', 'expired'],
    ['a forged sign-in link', 'forged link'],
  ])('gets the page for %s, saying it has ended', async (_, kind) => {
    const id = newMeterId();
    const issuedAt = nowEpochSeconds() - 100;
    const cookie =
      kind === 'revoked'
        ? await meterToken(TEST_TOKEN_KEY, id, 'viewer', issuedAt)
        : await mintToken(TEST_TOKEN_KEY, {
            scope: 'operator',
            smartMeterId: null,
            issuedAt,
            tokenId: '0123456789abcdef',
            expiresAt: issuedAt + 10,
          });
    if (kind === 'revoked') {
      expect(
        (await asOperator(`/meters/${id}/revocations`, 'POST', { scope: 'viewer' })).status,
      ).toBe(200);
    }

    const response =
      kind === 'forged link'
        ? await request(`/meters/${id}/dashboard?token=forged`, {
            headers: { Authorization: '', Accept: BROWSER_ACCEPT },
            redirect: 'manual',
          })
        : await browserRequest(id, { Cookie: `joi_token=${cookie}` });

    const answer = await answerOf<string>(response);
    expect(answer).toMatchObject({ status: 401, mediaType: 'text/html' });
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(textOf(answer.body)).toContain('Your sign-in has ended or has been withdrawn');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it.each([['application/json'], ['application/problem+json'], ['*/*'], ['']])(
    'leaves API clients (Accept: %j) the problem+json 401',
    async (accept) => {
      const response = await request(`/meters/${newMeterId()}/dashboard`, {
        headers: { Authorization: '', ...(accept && { Accept: accept }) },
      });
      expect(await answerOf(response)).toMatchObject({
        status: 401,
        mediaType: 'application/problem+json',
        body: { status: 401 },
      });
    },
  );
});
