import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { meterToken, nowEpochSeconds, operatorToken } from '../../src/auth/token';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  // The tile's page is made up by the test (below), so it has no address Chromium can place: its
  // Local Network Access checks would take it for a public page and block its socket to
  // 127.0.0.1. A page the Worker serves is on the socket's own address and needs no such flag.
  '--disable-features=LocalNetworkAccessChecks',
];
const origin = inject('workerUrl').replace(/\/$/, '');
const tokenKey = inject('tokenKey');

// A page without the tile, made up by the browser at a path under the meter's (so that the sign-in
// cookie would go with a socket), in the policy the Worker gives its pages.
const PAGE_POLICY =
  "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'";
const pageWithoutTile = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Now</title>
<script src="/dashboard-live.js" defer></script></head>
<body><p>No tile here.</p></body></html>`;

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
});

afterAll(async () => {
  await browser?.close();
});

async function send(path: string, method: string, token: string, body: unknown) {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}`).toBe(200);
}

function storeReading(smartMeterId: string, time: number, reading: number): Promise<void> {
  return meterToken(tokenKey, smartMeterId, 'device').then((device) =>
    send('/readings/store', 'POST', device, {
      smartMeterId,
      electricityReadings: [{ time, reading }],
    }),
  );
}

/**
 * A meter on price-plan-1 (2 per kWh, UTC) and a page signed in to it through the sign-in link:
 * the customer's page the Worker serves, or (`withTile` false) a page without the tile.
 */
async function signedInPage(withTile = true): Promise<{
  page: Page;
  smartMeterId: string;
  consoleErrors: string[];
  sockets: string[];
}> {
  const smartMeterId = `e2e-live-${crypto.randomUUID()}`;
  await send(`/meters/${smartMeterId}/account`, 'PUT', await operatorToken(tokenKey), {
    pricePlanId: 'price-plan-1',
  });
  const page = await browser.newPage();
  const viewer = await meterToken(tokenKey, smartMeterId, 'viewer', nowEpochSeconds() - 5);
  const signIn = `${origin}/meters/${smartMeterId}/dashboard?token=${viewer}`;
  const consoleErrors: string[] = [];
  const sockets: string[] = [];
  const watch = () => {
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('websocket', (socket) => sockets.push(socket.url()));
  };
  if (withTile) {
    watch();
    await page.goto(signIn);
    return { page, smartMeterId, consoleErrors, sockets };
  }
  await page.goto(signIn);
  await page.goto('about:blank');
  watch();
  const pagePath = `${origin}/meters/${smartMeterId}/now`;
  await page.route(pagePath, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      headers: { 'Content-Security-Policy': PAGE_POLICY },
      body: pageWithoutTile,
    }),
  );
  await page.goto(pagePath);
  return { page, smartMeterId, consoleErrors, sockets };
}

const field = (page: Page, name: string) =>
  page.locator(`[data-live-field="${name}"]`).textContent();

describe("the dashboard's now tile in Chromium (public/dashboard-live.js)", () => {
  it('shows a store on the open page, over a socket the page’s policy allows', async () => {
    const { page, smartMeterId, consoleErrors, sockets } = await signedInPage();
    await page.locator('section.now[data-live-state="open"]').waitFor();
    expect(await field(page, 'powerKw')).toBe('–');
    const now = nowEpochSeconds();

    await storeReading(smartMeterId, now - 60, 1.5);
    await storeReading(smartMeterId, now, 2.25);

    await expect.poll(() => field(page, 'powerKw'), { timeout: 10_000 }).toBe('2.25 kW');
    // 1.5 kW to 2.25 kW over a minute: 0.03125 kWh (unless midnight UTC fell inside it), at 2.
    if (Math.floor((now - 60) / 86_400) === Math.floor(now / 86_400)) {
      expect(await field(page, 'todayKwh')).toBe('0.03 kWh');
      expect(await field(page, 'todayCost')).toBe('£0.06');
    }
    expect(await field(page, 'time')).toMatch(/^\d\d:\d\d$/);
    expect(await page.locator('[data-live-field="time"]').getAttribute('datetime')).toBe(
      new Date(now * 1000).toISOString(),
    );
    expect(sockets).toEqual([`${origin.replace(/^http/, 'ws')}/meters/${smartMeterId}/live`]);
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
    await page.close();
  });

  it('stops for good once the viewer tokens are revoked', async () => {
    const { page, smartMeterId } = await signedInPage();
    await page.locator('section.now[data-live-state="open"]').waitFor();

    await send(`/meters/${smartMeterId}/revocations`, 'POST', await operatorToken(tokenKey), {
      scope: 'viewer',
    });

    await page.locator('section.now[data-live-state="closed"]').waitFor({ timeout: 5000 });
    await page.close();
  });

  it('does nothing on a page without the tile', async () => {
    const { page, consoleErrors, sockets } = await signedInPage(false);
    await page.waitForLoadState('load');

    expect(sockets).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
