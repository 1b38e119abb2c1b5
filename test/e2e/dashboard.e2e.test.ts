import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { meterToken, operatorToken } from '../../src/auth/token';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const origin = inject('workerUrl').replace(/\/$/, '');
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const HALF_HOUR = 1800;
const DAY = 86_400;
const PHONE = { width: 360, height: 780 };
const DESKTOP = { width: 1280, height: 900 };

/** Plans like a household is offered: fixed, economy 7, and one with prices published daily. */
const PLANS = {
  'e2e-fixed': {
    supplier: 'Hearth Energy',
    versions: [
      {
        unitRatePerKwh: 0.245,
        standingChargePerDay: 0.6,
        vatRate: 0.05,
        timeZone: 'Europe/London',
      },
    ],
  },
  'e2e-night': {
    supplier: 'Night Owl Energy',
    versions: [
      {
        unitRatePerKwh: 0.3,
        standingChargePerDay: 0.55,
        vatRate: 0.05,
        timeZone: 'Europe/London',
        timeOfUseRates: [{ from: '00:30', to: '07:30', unitRatePerKwh: 0.12 }],
      },
    ],
  },
  'e2e-agile': {
    supplier: 'Tidal Agile',
    versions: [{ unitRatePerKwh: 0.28, standingChargePerDay: 0.5, vatRate: 0.05 }],
  },
};

let browser: Browser;
let household: string;
/** The end of the household's data: the last whole half hour before the tests started. */
let dataEnd: number;
let operator: Record<string, string>;

async function send(path: string, method: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
}

/** Household power in kW at a local hour: a base load, a morning and a long evening peak. */
function householdKw(hour: number, day: number): number {
  const morning = 0.9 * Math.exp(-((hour - 7.5) ** 2) / 1.5);
  const evening = 1.6 * Math.exp(-((hour - 18.5) ** 2) / 4);
  return 0.25 + morning + evening + 0.15 * Math.sin(day * 1.7 + hour);
}

/** Ninety days of half-hourly import up to the last whole half hour, on a fixed plan, with published rates ahead. */
async function loadHousehold(): Promise<string> {
  const id = `e2e-household-${crypto.randomUUID().slice(0, 8)}`;
  const device = { Authorization: `Bearer ${await meterToken(inject('tokenKey'), id, 'device')}` };
  for (const [planId, plan] of Object.entries(PLANS)) {
    await send(`/price-plans/${planId}`, 'PUT', plan, operator);
  }
  const end = Math.floor(Date.now() / 1000 / HALF_HOUR) * HALF_HOUR;
  dataEnd = end;
  const start = end - 90 * DAY;
  const intervals = Array.from({ length: (end - start) / HALF_HOUR }, (_, i) => {
    const at = start + i * HALF_HOUR;
    const hour = ((at % DAY) / 3600 + 24) % 24;
    return { start: at, end: at + HALF_HOUR, kwh: householdKw(hour, Math.floor(at / DAY)) / 2 };
  });
  await send(`/meters/${id}/intervals`, 'POST', { channel: 'import', intervals }, device);
  const rates = Array.from({ length: 96 }, (_, i) => ({
    start: end + i * HALF_HOUR,
    end: end + (i + 1) * HALF_HOUR,
    unitRatePerKwh: 0.22 + 0.12 * Math.sin((i / 48) * 2 * Math.PI) ** 2 - (i % 48 < 10 ? 0.1 : 0),
  }));
  await send('/price-plans/e2e-agile/rates', 'PUT', { rates }, operator);
  await send(`/meters/${id}/account`, 'PUT', { pricePlanId: 'e2e-fixed', from: start }, operator);
  return id;
}

beforeAll(async () => {
  operator = { Authorization: `Bearer ${await operatorToken(inject('tokenKey'))}` };
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  household = await loadHousehold();
});

afterAll(async () => {
  await browser?.close();
  for (const planId of Object.keys(PLANS)) {
    await fetch(`${origin}/price-plans/${planId}`, { method: 'DELETE', headers: operator });
  }
});

/** A context signed in through the household's link, with what its pages log and ask for. */
async function signedIn(
  viewport: { width: number; height: number },
  options: { bypassCSP?: boolean; javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[]; foreign: string[] }> {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== origin) foreign.push(request.url());
  });
  const token = await meterToken(inject('tokenKey'), household, 'viewer');
  await page.goto(`${origin}/meters/${household}/dashboard?token=${token}`);
  return { context, page, errors, foreign };
}

/**
 * Saves the README's screenshots (committed in docs/) when SCREENSHOTS names a folder
 * (`SCREENSHOTS=docs npm run test:e2e`): a plain test run leaves the working tree alone.
 */
async function keepScreenshot(page: Page, name: string, fullPage = false): Promise<void> {
  const folder = process.env.SCREENSHOTS;
  if (folder) await page.screenshot({ path: `${folder}/${name}`, fullPage });
}

/** axe-core's violations on the page, injected as a script tag (the context bypasses the CSP for it). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const { axe } = globalThis as unknown as {
      axe: {
        run: () => Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }>;
      };
    };
    const { violations } = await axe.run();
    return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  });
}

/** What a reader gets of the layout: sideways scroll, the smallest chart text, how plans show. */
function layout(page: Page) {
  return page.evaluate(() => {
    const texts = [...document.querySelectorAll<SVGTextElement>('.chart text')].filter(
      (text) => text.getClientRects().length > 0,
    );
    const sizes = texts.map((text) => {
      const matrix = text.getScreenCTM();
      const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 1;
      return Number.parseFloat(getComputedStyle(text).fontSize) * scale;
    });
    const row = document.querySelector('table.plans tbody tr');
    return {
      sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      chartTexts: texts.length,
      smallestChartTextPx: Math.min(...sizes),
      planRowDisplay: row ? getComputedStyle(row).display : null,
    };
  });
}

describe("the customer's page in Chromium", () => {
  it('signs in through the link, which leaves the address without the token', async () => {
    const { context, page } = await signedIn(DESKTOP);
    expect(page.url()).toBe(`${origin}/meters/${household}/dashboard`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Your energy');
    await context.close();
  });

  it.each([
    ['360 px phone', PHONE, 'block', 'dashboard-360.png'],
    ['1280 px screen', DESKTOP, 'table-row', 'dashboard-1280.png'],
  ])(
    'fits a %s: no sideways scroll, chart text of 11 px or more, plans as a list or a table, nothing for axe',
    async (_, viewport, planRowDisplay, screenshot) => {
      const { context, page, errors, foreign } = await signedIn(viewport, { bypassCSP: true });
      await expect(page.locator('.chart .plot rect.bar').count()).resolves.toBeGreaterThan(0);

      const figures = await layout(page);

      expect(figures.sideways).toBeLessThanOrEqual(0);
      expect(figures.chartTexts).toBeGreaterThan(4);
      expect(figures.smallestChartTextPx).toBeGreaterThanOrEqual(11);
      expect(figures.planRowDisplay).toBe(planRowDisplay);
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
      await keepScreenshot(page, screenshot, true);
      await context.close();
    },
  );

  it.each(['day', 'week', 'month', 'year'])(
    'opens the %s view with every link reachable by keyboard, no console error, nothing from another origin, and nothing for axe at either width',
    async (period) => {
      const { context, page, errors, foreign } = await signedIn(DESKTOP);
      await page.goto(`${origin}/meters/${household}/dashboard?period=${period}`);
      await expect(page.locator('.chart .plot rect.bar').count()).resolves.toBeGreaterThan(0);
      if (period === 'day' || period === 'month') {
        await keepScreenshot(page, `dashboard-${period}.png`);
      }
      const links = await page
        .locator('a[href]')
        .evaluateAll((anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
      const reached = new Set<string>();
      for (let press = 0; press < links.length + 5; press++) {
        await page.keyboard.press('Tab');
        const href = await page.evaluate(
          () => (document.activeElement as HTMLAnchorElement | null)?.href,
        );
        if (href) reached.add(href);
      }
      expect([...new Set(links)].filter((href) => !reached.has(href))).toEqual([]);
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
      await context.close();

      for (const viewport of [PHONE, DESKTOP]) {
        const checked = await signedIn(viewport, { bypassCSP: true });
        await checked.page.goto(`${origin}/meters/${household}/dashboard?period=${period}`);
        expect(await axeViolations(checked.page), `${period} at ${viewport.width} px`).toEqual([]);
        expect((await layout(checked.page)).sideways).toBeLessThanOrEqual(0);
        await checked.context.close();
      }
    },
  );

  it('works without JavaScript: the figures are rendered and the links lead on', async () => {
    const { context, page } = await signedIn(PHONE, { javaScriptEnabled: false });
    const now = page.locator('section.now');
    await expect(now.getAttribute('data-live')).resolves.toBe(`/meters/${household}/live`);
    await expect(now.locator('[data-live-field="powerKw"]').textContent()).resolves.toMatch(
      /^\d+\.\d+ kW$/,
    );
    await expect(now.locator('[data-live-field="todayCost"]').textContent()).resolves.toMatch(
      /^£\d+\.\d\d$/,
    );
    await page.getByRole('link', { name: 'Day', exact: true }).click();
    // The day of the latest data runs "so far", unless the data ends at its close: a run in the
    // first half hour after a London midnight has no whole half hour of today yet.
    const londonTime = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(dataEnd * 1000));
    const latestDay = page.locator('#period').textContent();
    if (londonTime === '00:00') await expect(latestDay).resolves.not.toMatch(/so far/);
    else await expect(latestDay).resolves.toMatch(/, so far$/);
    await page.getByRole('link', { name: /^←/ }).click();
    await expect(page.locator('#period').textContent()).resolves.not.toMatch(/so far/);
    await context.close();
  });

  it('shows a browser that is not signed in how to sign in, with nothing for axe', async () => {
    const context = await browser.newContext({ viewport: PHONE, bypassCSP: true });
    const page = await context.newPage();

    const response = await page.goto(`${origin}/meters/${household}/dashboard`);

    expect(response?.status()).toBe(401);
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign in to see your energy');
    expect((await layout(page)).sideways).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
