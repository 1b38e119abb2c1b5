import { evictDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { meterToken, mintOperatorToken, nowEpochSeconds } from '../../src/auth/token';
import {
  answerOf,
  bearer,
  newMeterId,
  openAccount,
  postJson,
  postReadings,
  request,
  TEST_TOKEN_KEY,
} from '../helpers';
import { closingOf, type LiveMessage, openLive, requestLive } from '../support/live-socket';

const DAY = 86_400;
// A meter the access tests open sockets on (the snapshot's figures do not matter there).
const LIVE_METER = newMeterId();

/** The start of the UTC day holding `time` (the reference plans are in UTC). */
function utcDayStart(time: number): number {
  return Math.floor(time / DAY) * DAY;
}

/** kWh of a constant power from `from` to `to`, counting only the part inside today (UTC). */
function todayKwhOfConstant(powerKw: number, from: number, to: number, now: number): number {
  return (powerKw * Math.max(0, to - Math.max(from, utcDayStart(now)))) / 3600;
}

async function revoke(smartMeterId: string, scope: 'device' | 'viewer'): Promise<Response> {
  return postJson(
    `/meters/${smartMeterId}/revocations`,
    { scope },
    { headers: { 'Content-Type': 'application/json', ...(await bearer('operator')) } },
  );
}

describe('GET /meters/{smartMeterId}/live: access', () => {
  it('refuses a request without a token with a 401 problem, before any upgrade', async () => {
    const answer = await answerOf(await requestLive(newMeterId()));

    expect(answer).toMatchObject({
      status: 401,
      mediaType: 'application/problem+json',
      body: { type: '/problems/unauthorized', status: 401 },
    });
  });

  it("refuses another meter's viewer token with a 403 problem", async () => {
    const answer = await answerOf(await requestLive(newMeterId(), await bearer('viewer')));

    expect(answer).toMatchObject({ status: 403, mediaType: 'application/problem+json' });
  });

  it('answers a GET that is not an upgrade with a 426 problem naming the upgrade', async () => {
    const id = newMeterId();

    const response = await request(`/meters/${id}/live`, { headers: await bearer('viewer', id) });

    expect(response.headers.get('upgrade')).toBe('websocket');
    expect(await answerOf(response)).toMatchObject({
      status: 426,
      mediaType: 'application/problem+json',
      body: { type: '/problems/upgrade-required', status: 426 },
    });
  });

  it.each([
    ['viewer', () => bearer('viewer', LIVE_METER)],
    ['device', () => bearer('device', LIVE_METER)],
    ['operator', () => bearer('operator')],
    [
      'sign-in cookie',
      async () => ({
        Cookie: `joi_token=${await meterToken(TEST_TOKEN_KEY, LIVE_METER, 'viewer')}`,
      }),
    ],
  ])('opens for a %s token of the meter, with a snapshot', async (_kind, headers) => {
    const client = await openLive(LIVE_METER, await headers());

    expect(await client.next()).toMatchObject({ type: 'snapshot' });
    client.socket.close();
  });

  it('refuses a revoked token with a 401 problem, upgrade or not', async () => {
    const id = newMeterId();
    const before = await meterToken(TEST_TOKEN_KEY, id, 'viewer', nowEpochSeconds() - 10);
    expect((await revoke(id, 'viewer')).status).toBe(200);
    const authorization = { Authorization: `Bearer ${before}` };

    const upgrade = await answerOf(await requestLive(id, authorization));
    const plain = await answerOf(await request(`/meters/${id}/live`, { headers: authorization }));

    expect(upgrade).toMatchObject({ status: 401, body: { detail: 'The token has been revoked' } });
    expect(plain).toMatchObject({ status: 401, body: { detail: 'The token has been revoked' } });
  });

  it("refuses a cookie socket opened from another site's page (403), and takes one from this site", async () => {
    const id = newMeterId();
    const cookie = `joi_token=${await meterToken(TEST_TOKEN_KEY, id, 'viewer')}`;

    const foreign = await requestLive(id, { Cookie: cookie, Origin: 'https://evil.example' });
    const own = await openLive(id, { Cookie: cookie, Origin: 'https://joi.test' });

    expect(await answerOf(foreign)).toMatchObject({ status: 403 });
    expect(await own.next()).toMatchObject({ type: 'snapshot' });
    own.socket.close();
  });
});

describe('GET /meters/{smartMeterId}/live: messages', () => {
  it("sends a snapshot on connect: the latest data, today's kWh and its cost to the account", async () => {
    const id = newMeterId();
    const now = nowEpochSeconds();
    const [from, to] = [now - 1200, now - 600];
    expect(
      (
        await postReadings(id, [
          { time: from, reading: 2 },
          { time: to, reading: 2 },
        ])
      ).status,
    ).toBe(200);
    await openAccount(id, 'price-plan-1');

    const client = await openLive(id, await bearer('viewer', id));
    const snapshot = await client.next();

    const todayKwh = todayKwhOfConstant(2, from, to, now);
    expect(snapshot).toEqual({
      type: 'snapshot',
      time: to,
      powerKw: 2,
      todayKwh: expect.closeTo(todayKwh, 9),
      // price-plan-1: 2 per kWh, no standing charge.
      todayCost: expect.closeTo(2 * todayKwh, 9),
      currency: 'GBP',
    });
    client.socket.close();
  });

  it('sends nulls and zero for a meter without data or account', async () => {
    const id = newMeterId();

    const client = await openLive(id, await bearer('device', id));

    expect(await client.next()).toEqual({
      type: 'snapshot',
      time: null,
      powerKw: null,
      todayKwh: 0,
      todayCost: null,
      currency: 'GBP',
    });
    client.socket.close();
  });

  it('sends every socket of the meter an update after a store of readings', async () => {
    const id = newMeterId();
    const now = nowEpochSeconds();
    expect((await postReadings(id, [{ time: now - 900, reading: 1 }])).status).toBe(200);
    const clients = [
      await openLive(id, await bearer('viewer', id)),
      await openLive(id, await bearer('device', id)),
    ];
    for (const client of clients) expect(await client.next()).toMatchObject({ powerKw: 1 });

    expect((await postReadings(id, [{ time: now - 300, reading: 3 }])).status).toBe(200);

    // 1 kW to 3 kW over 600 s, all of it today unless the day began inside it.
    const todayKwh =
      utcDayStart(now) <= now - 900
        ? expect.closeTo((600 * (1 + 3)) / 2 / 3600, 9)
        : expect.any(Number);
    for (const client of clients) {
      expect(await client.next()).toEqual({
        type: 'update',
        time: now - 300,
        powerKw: 3,
        todayKwh,
        todayCost: null,
        currency: 'GBP',
      });
      client.socket.close();
    }
  });

  it("sends an update after a store of intervals, with the latest interval's mean power", async () => {
    const id = newMeterId();
    const client = await openLive(id, await bearer('device', id));
    await client.next();
    const end = Math.floor(nowEpochSeconds() / 1800) * 1800;

    const stored = await postJson(`/meters/${id}/intervals`, {
      intervals: [
        { start: end - 3600, end: end - 1800, kwh: 0.2 },
        { start: end - 1800, end, kwh: 0.75 },
      ],
    });

    expect(stored.status).toBe(200);
    expect(await client.next()).toMatchObject({ type: 'update', time: end, powerKw: 1.5 });
    client.socket.close();
  });

  it('answers a ping with a pong', async () => {
    const id = newMeterId();
    const client = await openLive(id, await bearer('viewer', id));
    await client.next();

    client.socket.send('{"type":"ping"}');

    expect(await client.next()).toEqual({ type: 'pong' });
    client.socket.close();
  });
});

describe('GET /meters/{smartMeterId}/live: sockets per meter', () => {
  it('holds 1,000 sockets on a meter, refuses the next with a 429 problem, and takes one again after a close', {
    timeout: 120_000,
  }, async () => {
    const id = newMeterId();
    const headers = await bearer('viewer', id);
    const clients = [];
    for (let opened = 0; opened < 1000; opened += 50) {
      clients.push(...(await Promise.all(Array.from({ length: 50 }, () => openLive(id, headers)))));
    }

    const response = await requestLive(id, headers);
    const refused = await answerOf(response);
    clients[0]?.socket.close(1000, 'done');
    await clients[0]?.closed;
    const again = await requestLive(id, headers);

    expect(refused).toMatchObject({
      status: 429,
      mediaType: 'application/problem+json',
      body: { type: '/problems/too-many-requests', status: 429 },
    });
    expect(response.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(again.status).toBe(101);
    again.webSocket?.accept();
    again.webSocket?.close();
    for (const client of clients.slice(1)) client.socket.close();
  });
});

describe('GET /meters/{smartMeterId}/live: closing', () => {
  it("closes the revoked scope's sockets with 1008 within a second, and no other", async () => {
    const id = newMeterId();
    const issuedAt = nowEpochSeconds() - 10;
    const viewer = await openLive(id, {
      Authorization: `Bearer ${await meterToken(TEST_TOKEN_KEY, id, 'viewer', issuedAt)}`,
    });
    const device = await openLive(id, await bearer('device', id));
    await viewer.next();
    await device.next();

    const revoked = Date.now();
    expect((await revoke(id, 'viewer')).status).toBe(200);

    expect(await closingOf(viewer, 1000)).toEqual({ code: 1008, reason: 'token revoked' });
    expect(Date.now() - revoked).toBeLessThan(1000);
    expect((await postReadings(id, [{ time: nowEpochSeconds(), reading: 1 }])).status).toBe(200);
    expect(await device.next()).toMatchObject({ type: 'update' });
    device.socket.close();
  });

  it('completes a close the client starts, echoing its code', async () => {
    const id = newMeterId();
    const client = await openLive(id, await bearer('viewer', id));
    await client.next();

    client.socket.close(1000, 'done watching');

    expect(await closingOf(client)).toEqual({ code: 1000, reason: 'done watching' });
  });

  it('closes every socket of the meter when it is erased', async () => {
    const id = newMeterId();
    const clients = [
      await openLive(id, await bearer('viewer', id)),
      await openLive(id, await bearer('device', id)),
      await openLive(id, await bearer('operator')),
    ];
    for (const client of clients) await client.next();

    const erased = await request(`/meters/${id}`, {
      method: 'DELETE',
      headers: await bearer('operator'),
    });

    expect(erased.status).toBe(204);
    for (const client of clients) {
      expect(await closingOf(client)).toEqual({ code: 4410, reason: 'meter erased' });
    }
  });

  it('closes the socket of an operator token that has ended, at the next update', async () => {
    const id = newMeterId();
    const { token } = await mintOperatorToken(TEST_TOKEN_KEY, {
      issuedAt: nowEpochSeconds() - 59,
      lifetimeSeconds: 60,
    });
    const client = await openLive(id, { Authorization: `Bearer ${token}` });
    await client.next();
    await new Promise((resolve) => setTimeout(resolve, 1100));

    expect((await postReadings(id, [{ time: nowEpochSeconds(), reading: 1 }])).status).toBe(200);

    expect(await closingOf(client)).toEqual({ code: 1008, reason: 'token expired' });
  });
});

describe('GET /meters/{smartMeterId}/live: hibernation', () => {
  it('keeps sockets and their tokens through an eviction of the meter', async () => {
    const id = newMeterId();
    const issuedAt = nowEpochSeconds() - 10;
    const viewer = await openLive(id, {
      Authorization: `Bearer ${await meterToken(TEST_TOKEN_KEY, id, 'viewer', issuedAt)}`,
    });
    const device = await openLive(id, await bearer('device', id));
    await viewer.next();
    await device.next();

    await evictDurableObject(env.METER.getByName(id));
    expect((await postReadings(id, [{ time: nowEpochSeconds(), reading: 4 }])).status).toBe(200);

    for (const client of [viewer, device]) {
      expect(await client.next()).toMatchObject<Partial<LiveMessage>>({
        type: 'update',
        powerKw: 4,
      });
    }
    // The attachment still knows the viewer's token: a revocation closes that socket only.
    await evictDurableObject(env.METER.getByName(id));
    expect((await revoke(id, 'viewer')).status).toBe(200);
    expect(await closingOf(viewer)).toEqual({ code: 1008, reason: 'token revoked' });
    device.socket.send('{"type":"ping"}');
    expect(await device.next()).toEqual({ type: 'pong' });
    device.socket.close();
  });
});
