import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_END_TIME, demoReadings } from '../../scripts/demo-readings';
import { meterToken } from '../../src/auth/token';

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
const METER = 'smart-meter-0';
const origin = inject('workerUrl').replace(/\/$/, '');
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

let browser: Browser;
let signInLink: string;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const device = await meterToken(inject('tokenKey'), METER, 'device');
  const stored = await fetch(`${origin}/readings/store`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${device}` },
    body: JSON.stringify({
      smartMeterId: METER,
      electricityReadings: demoReadings(0, DEMO_END_TIME),
    }),
  });
  expect(stored.status).toBe(200);
  signInLink = `${origin}/meters/${METER}/dashboard?token=${await meterToken(inject('tokenKey'), METER, 'viewer')}`;
});

afterAll(async () => {
  await browser?.close();
});

/** A page signed in through the customer's link, with what it logged and asked for. */
async function signedInPage(): Promise<{
  page: Page;
  consoleErrors: string[];
  foreignRequests: string[];
}> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1000 } });
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== origin) foreignRequests.push(request.url());
  });
  await page.goto(signInLink);
  return { page, consoleErrors, foreignRequests };
}

describe("the customer's page in Chromium", () => {
  it('signs in through the link, which leaves the address without the token', async () => {
    const { page } = await signedInPage();
    expect(page.url()).toBe(`${origin}/meters/${METER}/dashboard`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Sarah’s energy');
    await page.close();
  });

  it.each(['day', 'week', 'month'])(
    'opens the %s view with no console error, nothing from another origin, every link reachable by keyboard, and no axe violation',
    async (period) => {
      const { page, consoleErrors, foreignRequests } = await signedInPage();
      await page.goto(`${origin}/meters/${METER}/dashboard?period=${period}`);
      await expect(page.locator('svg.chart rect.bar').count()).resolves.toBeGreaterThan(0);
      if (period !== 'week') {
        // The README shows these, committed in docs/.
        await page.screenshot({ path: `docs/dashboard-${period}.png`, fullPage: false });
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

      // axe-core, injected through the DevTools protocol (the page's policy allows no script).
      await page.evaluate(AXE_SOURCE);
      const violations = await page.evaluate(async () => {
        const axe = (
          globalThis as unknown as {
            axe: { run: () => Promise<{ violations: { id: string; help: string }[] }> };
          }
        ).axe;
        return (await axe.run()).violations.map(
          (violation) => `${violation.id}: ${violation.help}`,
        );
      });
      expect(violations).toEqual([]);

      expect(consoleErrors).toEqual([]);
      expect(foreignRequests).toEqual([]);
      await page.close();
    },
  );
});
