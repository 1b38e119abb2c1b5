import { mkdirSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { meterToken } from '../../src/auth/token';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Headless, and quiet: no background connections to Google's services from a machine offline.
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
const SCREENSHOT = 'test-results/docs.png';
// A meter of this test's own: the dashboard test loads the trial meters' demo week.
const DOCS_METER_ID = 'e2e-docs-meter';

const workerUrl = inject('workerUrl');
let browser: Browser;
let token: string;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  token = await meterToken(inject('tokenKey'), DOCS_METER_ID);
  const stored = await fetch(new URL('/readings/store', workerUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      smartMeterId: DOCS_METER_ID,
      electricityReadings: [
        { time: 1606645800, reading: 35 },
        { time: 1606647600, reading: 5 },
      ],
    }),
  });
  expect(stored.status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
});

it('/docs shows every operation and runs recommend with a meter token and "Try it out", all from this origin, under its CSP', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // A Content-Security-Policy violation is reported as a console error.
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('request', (request) => {
    if (
      !request.url().startsWith('data:') &&
      new URL(request.url()).origin !== new URL(workerUrl).origin
    ) {
      foreignRequests.push(request.url());
    }
  });

  await page.goto(new URL('/docs', workerUrl).href);
  const operations = page.locator('.opblock-summary-path');
  await operations.first().waitFor();
  const paths = await operations.allTextContents();
  for (const path of [
    '/readings/store',
    '/readings/read/{smartMeterId}',
    '/price-plans/compare-all/{smartMeterId}',
    '/price-plans/recommend/{smartMeterId}',
  ]) {
    expect(paths.map((text) => text.replace(/\u200b/g, ''))).toContain(path);
  }

  await page.getByRole('button', { name: 'Authorize' }).first().click();
  await page.locator('.auth-container input').fill(token);
  await page.locator('.auth-btn-wrapper button.authorize').click();
  await page.locator('.auth-btn-wrapper button.btn-done').click();

  const recommend = page.locator('.opblock', {
    has: page.locator('[data-path="/price-plans/recommend/{smartMeterId}"]'),
  });
  await recommend.locator('.opblock-summary').click();
  await recommend.getByRole('button', { name: 'Try it out' }).click();
  await recommend.locator('tr[data-param-name="smartMeterId"] input').fill(DOCS_METER_ID);
  await recommend.getByRole('button', { name: 'Execute' }).click();
  const liveResponse = recommend.locator('.live-responses-table .response');
  await liveResponse.waitFor();

  expect((await liveResponse.locator('.response-col_status').textContent())?.trim()).toBe('200');
  const body = JSON.parse(
    (await liveResponse
      .locator('.microlight, pre.body-param__example, pre')
      .first()
      .textContent()) ?? 'null',
  );
  expect(body).toEqual([{ 'price-plan-2': 10 }, { 'price-plan-1': 20 }, { 'price-plan-0': 100 }]);

  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: false });
  expect(pageErrors).toEqual([]);
  expect(consoleErrors).toEqual([]);
  expect(foreignRequests).toEqual([]);
});
