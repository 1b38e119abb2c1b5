import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { eventually, type FleetIntervalBody, fleetUsage, pastQueueDelay } from '../fleet-requests';
import { newMeterId, postReadings, type ReadingInput, request } from '../helpers';
import { operatorHeader } from '../operator-requests';

// A meter sends what it appends in one message a while (FLEET_FLUSH_SECONDS, from wrangler.toml),
// and anything else at once. Constant power makes the oracle plain arithmetic: 2 kW for a half
// hour is 1 kWh. D1 is this file's own; each test writes a day no other one does.

const HALF_HOUR = 1800;
const DAY = 86_400;
// 2021-06-01T00:00:00Z.
const FIRST_DAY = 1_622_505_600;
const FLUSH_SECONDS = Number(env.FLEET_FLUSH_SECONDS);

/** Readings of 2 kW a minute apart over `[from, to]`. */
function twoKw(from: number, to: number): ReadingInput[] {
  const readings: ReadingInput[] = [];
  for (let time = from; time <= to; time += 60) readings.push({ time, reading: 2 });
  return readings;
}

async function store(meterId: string, readings: ReadingInput[]): Promise<void> {
  const response = await postReadings(meterId, readings);
  expect(response.status).toBe(200);
}

/** The fleet's first half hours of the day (two unless said), as `[start, importKwh, meters]`. */
async function firstHour(day: number, halfHours = 2): Promise<[number, number, number][]> {
  const intervals = await fleetUsage(day, day + halfHours * HALF_HOUR);
  return intervals.map((interval: FleetIntervalBody) => [
    interval.start,
    Number(interval.importKwh.toFixed(9)),
    interval.meters,
  ]);
}

/** Reads the fleet's first half hours until they are `expected` (the queue's delay), or fails. */
async function expectFirstHour(day: number, expected: [number, number, number][]) {
  const read = await eventually(
    () => firstHour(day, Math.max(2, expected.length)),
    (hour) => JSON.stringify(hour) === JSON.stringify(expected),
    30_000,
  );
  expect(read).toEqual(expected);
}

describe('a meter’s appended data in the fleet’s totals', () => {
  it('is held back after the first store and sent in one message when the meter’s alarm runs', async () => {
    const day = FIRST_DAY;
    const meterId = newMeterId();
    const meter = env.METER.getByName(meterId);
    await store(meterId, twoKw(day, day + 900));
    await expectFirstHour(day, [[day, 0.5, 1]]);

    const postedAt = Date.now();
    await store(meterId, twoKw(day + 960, day + 1800));
    await store(meterId, twoKw(day + 1860, day + 3600));
    const alarm = await runInDurableObject(meter, (_object, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect((alarm ?? 0) - postedAt).toBeGreaterThanOrEqual(FLUSH_SECONDS * 1000 - 1000);
    expect((alarm ?? 0) - postedAt).toBeLessThanOrEqual(FLUSH_SECONDS * 1000 + 60_000);
    await pastQueueDelay();
    expect(await firstHour(day)).toEqual([[day, 0.5, 1]]);

    expect(await runDurableObjectAlarm(meter)).toBe(true);
    await expectFirstHour(day, [
      [day, 1, 1],
      [day + HALF_HOUR, 1, 1],
    ]);
  }, 60_000);

  it('goes at once, with what was held back, when a store changes data the totals hold', async () => {
    const day = FIRST_DAY + DAY;
    const meterId = newMeterId();
    await store(meterId, twoKw(day, day + 3600));
    await expectFirstHour(day, [
      [day, 1, 1],
      [day + HALF_HOUR, 1, 1],
    ]);
    await store(meterId, twoKw(day + 3660, day + 5400));

    // 4 kW at +300 s between 2 kW a minute either side: a triangle of 120 s × 2 kW, 1/30 kWh.
    await store(meterId, [{ time: day + 300, reading: 4 }]);
    await expectFirstHour(day, [
      [day, Number((1 + 1 / 30).toFixed(9)), 1],
      [day + HALF_HOUR, 1, 1],
      [day + 2 * HALF_HOUR, 1, 1],
    ]);
  }, 60_000);

  it('goes at once when a store reaches more than a day past what was sent', async () => {
    const day = FIRST_DAY + 2 * DAY;
    const meterId = newMeterId();
    await store(meterId, twoKw(day, day + 900));
    await expectFirstHour(day, [[day, 0.5, 1]]);
    await store(meterId, twoKw(day + 960, day + 3600));
    // The next day's readings: the line from +3600 s to them is more than a day of held data.
    await store(meterId, twoKw(day + DAY + 3600, day + DAY + 3600 + 60));
    await expectFirstHour(day, [
      [day, 1, 1],
      [day + HALF_HOUR, 1, 1],
    ]);
  }, 60_000);

  it('is sent when the meter is erased: the totals keep an erased meter’s energy', async () => {
    // Days apart from the test above, whose readings reach into the next day.
    const day = FIRST_DAY + 5 * DAY;
    const meterId = newMeterId();
    await store(meterId, twoKw(day, day + 900));
    await expectFirstHour(day, [[day, 0.5, 1]]);
    await store(meterId, twoKw(day + 960, day + 3600));

    const erased = await request(`/meters/${meterId}`, {
      method: 'DELETE',
      headers: await operatorHeader(),
    });
    expect(erased.status).toBe(204);
    await expectFirstHour(day, [
      [day, 1, 1],
      [day + HALF_HOUR, 1, 1],
    ]);
  }, 60_000);
});
