import { describe, expect, it } from 'vitest';
import { meterToken, nowEpochSeconds, operatorToken } from '../../src/auth/token';
import {
  answerOf,
  answerTo,
  newMeterId,
  openAccount,
  postReadings,
  request,
  TEST_TOKEN_KEY,
} from '../helpers';

const at = (iso: string) => Date.parse(iso) / 1000;

/** Power every 15 minutes through 21–28 November 2020, a shape like a household's. */
function readingsOfAWeek(): { time: number; reading: number }[] {
  const start = at('2020-11-21T06:00:00Z');
  return Array.from({ length: 7 * 96 }, (_, i) => ({
    time: start + i * 900,
    reading: 0.3 + ((i * 13) % 17) / 10,
  }));
}

/** The texts of a table's body cells, row by row (header cells first). */
function tableRows(html: string, caption: string): string[][] {
  const table =
    html.split('<table>').find((part) => part.includes(`<caption>${caption}</caption>`)) ?? '';
  const body = table.slice(table.indexOf('<tbody>'), table.indexOf('</tbody>'));
  return body
    .split('<tr>')
    .slice(1)
    .map((row) =>
      [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) =>
        (cell[1] ?? '').replace(/<[^>]+>/g, ''),
      ),
    );
}

const money = (amount: number) =>
  `${amount < 0 ? '-' : ''}£${Math.abs(amount).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

describe('GET /meters/{smartMeterId}/dashboard', () => {
  it('shows the figures the comparison and usage endpoints give for the same period', async () => {
    const id = newMeterId();
    const readings = readingsOfAWeek();
    expect((await postReadings(id, readings)).status).toBe(200);
    await openAccount(id, 'price-plan-1');

    const page = await answerTo<string>(`/meters/${id}/dashboard?period=day&date=2020-11-24`);

    expect(page.status).toBe(200);
    expect(page.mediaType).toBe('text/html');
    const day = { from: at('2020-11-24T00:00:00Z'), to: at('2020-11-25T00:00:00Z') };
    const comparison = await answerTo<{
      kwh: number;
      plans: { pricePlanId: string; cost: number; saving: number; annualCost: number }[];
    }>(`/meters/${id}/comparison?from=${day.from}&to=${day.to}`);
    expect(tableRows(page.body, 'Every plan for the usage of this period')).toEqual(
      comparison.body.plans.map((plan) => [
        `${plan.pricePlanId}${plan.pricePlanId === 'price-plan-1' ? ' (yours)' : ''}`,
        expect.any(String),
        money(plan.cost),
        money(plan.saving),
        money(plan.annualCost),
      ]),
    );
    const usage = await answerTo<{ intervals: { kwh: number }[] }>(
      `/meters/${id}/usage?groupBy=half_hour&from=${day.from}&to=${day.to}`,
    );
    const halfHours = tableRows(page.body, 'Each half hour');
    expect(halfHours).toHaveLength(48);
    expect(halfHours.map(([, kwh]) => kwh)).toEqual(
      usage.body.intervals.map(({ kwh }) => `${kwh.toFixed(kwh < 10 ? 2 : 1)} kWh`),
    );
    const cheapest = comparison.body.plans[0];
    expect(page.body).toContain(
      `Power for Everyone would have cost you ${money(cheapest?.saving ?? Number.NaN)} less.`,
    );
  });

  it('shows the latest full period by default, with links to the ones around it', async () => {
    const id = newMeterId();
    expect((await postReadings(id, readingsOfAWeek())).status).toBe(200);
    const page = (await answerTo<string>(`/meters/${id}/dashboard?period=day`)).body;
    // The last reading is on 28 November at 05:45: the last full day is the 27th.
    expect(page).toContain('<h2 id="period">Fri 27 Nov 2020</h2>');
    expect(page).toContain(
      `href="/meters/${id}/dashboard?period=day&amp;date=2020-11-26&amp;show=kwh"`,
    );
    expect(page).toContain(
      `href="/meters/${id}/dashboard?period=day&amp;date=2020-11-28&amp;show=kwh"`,
    );
  });

  it.each([
    'period=week&date=1970-01-01',
    'period=day&date=1970-01-01',
    'period=month&date=1970-01-31',
    'period=day&date=9999-12-31',
    'period=week&date=9999-12-31',
    'period=month&date=9999-12-01',
  ])('links only to pages it serves, at the first and last dates too (%s)', async (query) => {
    const id = newMeterId();
    const page = (await answerTo<string>(`/meters/${id}/dashboard?${query}`)).body;
    const links = [...page.matchAll(/href="(\/meters\/[^"]+)"/g)].map((match) =>
      (match[1] ?? '').replaceAll('&amp;', '&'),
    );
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect((await request(link)).status, link).toBe(200);
  });

  it('leaves the slots without readings empty rather than zero', async () => {
    const id = newMeterId();
    expect((await postReadings(id, readingsOfAWeek())).status).toBe(200);
    const page = (await answerTo<string>(`/meters/${id}/dashboard?period=month&date=2020-11-01`))
      .body;
    const days = tableRows(page, 'Each day');
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual(['Sun 1 Nov', 'no data']);
    expect(page.match(/class="gap"/g)).toHaveLength(30 - 8);
  });

  it('weighs under 30 KiB gzipped for a month', async () => {
    const id = newMeterId();
    expect((await postReadings(id, readingsOfAWeek())).status).toBe(200);
    const html = await (
      await request(`/meters/${id}/dashboard?period=month&date=2020-11-01`)
    ).text();
    const gzipped = await new Response(
      new Blob([html]).stream().pipeThrough(new CompressionStream('gzip')),
    ).arrayBuffer();
    expect(gzipped.byteLength).toBeLessThanOrEqual(30 * 1024);
  });

  it('says so for a meter without readings', async () => {
    const page = await answerTo<string>(`/meters/${newMeterId()}/dashboard`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('No readings yet.');
    expect(page.body).not.toContain('<svg');
  });

  it('says so for a meter without an account, and still compares the plans', async () => {
    const id = newMeterId();
    expect((await postReadings(id, readingsOfAWeek())).status).toBe(200);
    const page = (await answerTo<string>(`/meters/${id}/dashboard?period=week&date=2020-11-23`))
      .body;
    expect(page).toContain('There is no price plan on your account yet');
    expect(page).toContain('Power for Everyone would have cost least.');
    expect(page).not.toContain('(yours)');
  });

  it('sends no script and allows nothing from another origin', async () => {
    const id = newMeterId();
    expect((await postReadings(id, readingsOfAWeek())).status).toBe(200);
    const response = await request(`/meters/${id}/dashboard`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await response.text();
    expect(html).not.toMatch(/<script|style=|https?:\/\//);
  });

  it.each([
    ['period=year', 'period'],
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
    const revocation = await request(`/meters/${id}/revocations`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${await operatorToken(TEST_TOKEN_KEY)}`,
      },
      body: JSON.stringify({ scope: 'viewer' }),
    });
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
