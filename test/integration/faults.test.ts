import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { configPricePlans } from '../../src/config/price-plans';
import {
  type Answer,
  answerOf,
  answerTo,
  newMeterId,
  postReadings,
  type ReadingInput,
  request,
} from '../helpers';
import { directPrice } from '../support/direct-pricing';

const T0 = 1_700_000_000;

/** Minute readings whose power depends only on the time, so overlapping batches agree. */
function minuteReadings(fromMinute: number, count: number): ReadingInput[] {
  return Array.from({ length: count }, (_, i) => {
    const minute = fromMinute + i;
    return { time: T0 + minute * 60, reading: 1 + ((minute * 7) % 13) / 4 };
  });
}

async function storedReadings(smartMeterId: string): Promise<ReadingInput[]> {
  const response = await request(`/readings/read/${smartMeterId}`);
  return response.status === 404 ? [] : ((await response.json()) as ReadingInput[]);
}

/** The recommend answer, status included: what the meter's costs look like from outside. */
function costs(smartMeterId: string): Promise<Answer<Record<string, number>[]>> {
  return answerTo(`/price-plans/recommend/${smartMeterId}`);
}

/** Row counts and bucket total of the meter's tables: what a no-op must leave alone. */
function storageFingerprint(smartMeterId: string) {
  return runInDurableObject(env.METER.getByName(smartMeterId), (_meter, state) => {
    const sql = state.storage.sql;
    const count = (table: string) =>
      sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).one().n;
    return {
      readingHours: count('reading_hours'),
      readings: sql
        .exec<{ n: number }>(
          'SELECT TOTAL(json_array_length(readings)) / 2 AS n FROM reading_hours',
        )
        .one().n,
      daySums: count('day_sums'),
      longGaps: count('long_gaps'),
      dayKwh: sql
        .exec<{ kwh: number }>(
          "SELECT TOTAL(json_extract(sums, '$.k')) AS kwh FROM day_sums WHERE level = 0",
        )
        .one().kwh,
    };
  });
}

describe('faults', () => {
  it('keeps every acknowledged reading when the meter object is evicted between stores', async () => {
    const smartMeterId = newMeterId();
    const stub = env.METER.getByName(smartMeterId);
    const expected: ReadingInput[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const readings = minuteReadings(batch * 30, 30);
      expect((await postReadings(smartMeterId, readings)).status).toBe(200);
      expected.push(...readings);
      await evictDurableObject(stub);
    }
    expect(await storedReadings(smartMeterId)).toEqual(expected);
    const answered = await costs(smartMeterId);
    expect(answered.status).toBe(200);
    const costByPlan: Record<string, number> = Object.assign({}, ...answered.body);
    for (const { pricePlanId, energyCost } of directPrice(expected, configPricePlans()).plans) {
      expect(costByPlan[pricePlanId]).toBeCloseTo(energyCost, 9);
    }
  });

  it('keeps every acknowledged reading when the object is evicted during a series of stores', async () => {
    const smartMeterId = newMeterId();
    const stub = env.METER.getByName(smartMeterId);
    const batches = Array.from({ length: 10 }, (_, batch) => minuteReadings(batch * 20, 20));
    const settled = new Set<number>();
    const stores = batches.map((batch, i) =>
      postReadings(smartMeterId, batch).finally(() => settled.add(i)),
    );

    // Evict once the object has answered one store, while the others are still on their way.
    await Promise.race(stores);
    const inFlightAtEviction = batches.length - settled.size;
    await evictDurableObject(stub);
    const answers = await Promise.all(stores.map(async (store) => answerOf(await store)));

    expect(inFlightAtEviction).toBeGreaterThan(0);
    const stored = await storedReadings(smartMeterId);
    batches.forEach((batch, i) => {
      const times = new Set(batch.map((reading) => reading.time));
      const storedOfBatch = stored.filter((reading) => times.has(reading.time));
      const answer = answers[i];
      if (answer?.status === 200) {
        expect(storedOfBatch, `acknowledged store ${i}`).toEqual(batch);
      } else {
        expect(answer?.status, `refused store ${i}`).toBeGreaterThanOrEqual(500);
        expect(answer?.status, `refused store ${i}`).toBeLessThan(600);
        expect(answer?.mediaType, `refused store ${i}`).toBe('application/problem+json');
        expect([[], batch], `refused store ${i} is all or nothing`).toContainEqual(storedOfBatch);
      }
    });
    expect(answers.some((answer) => answer.status === 200)).toBe(true);
  });

  it('ends 50 concurrent overlapping stores with each time once and the costs of storing them one by one', async () => {
    const concurrent = newMeterId();
    const sequential = newMeterId();
    const batches = Array.from({ length: 50 }, (_, i) => minuteReadings(i * 10, 40));

    const statuses = await Promise.all(
      batches.map(async (batch) => (await postReadings(concurrent, batch)).status),
    );
    for (const batch of batches) await postReadings(sequential, batch);

    expect(statuses.every((status) => status === 200)).toBe(true);
    const stored = await storedReadings(concurrent);
    expect(stored.map((reading) => reading.time)).toEqual(
      minuteReadings(0, 49 * 10 + 40).map((reading) => reading.time),
    );
    expect(stored).toEqual(await storedReadings(sequential));
    const concurrentCosts = await costs(concurrent);
    const sequentialCosts = await costs(sequential);
    expect(concurrentCosts.status).toBe(200);
    expect(sequentialCosts.status).toBe(200);
    concurrentCosts.body.forEach((entry, i) => {
      const [plan, cost] = Object.entries(entry)[0] ?? [];
      expect(Object.keys(sequentialCosts.body[i] ?? {})).toEqual([plan]);
      expect(cost).toBeCloseTo(Object.values(sequentialCosts.body[i] ?? {})[0] ?? Number.NaN, 9);
    });
  });

  it('leaves nothing of a batch behind when storage fails in the middle of it', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, minuteReadings(0, 10));
    const before = await storageFingerprint(smartMeterId);
    const costsBefore = await costs(smartMeterId);
    // A reading an hour over 70 hours: more hour rows than one INSERT statement writes.
    const batch = Array.from({ length: 70 }, (_, i) => ({ time: T0 + 3600 * (i + 1), reading: 2 }));
    const failingHour = Math.floor((batch[60]?.time ?? 0) / 3600);
    // A trigger makes SQLite refuse the 61st hour of the batch, after 60 have been written.
    await runInDurableObject(env.METER.getByName(smartMeterId), (_meter, state) => {
      state.storage.sql.exec(
        `CREATE TRIGGER refuse_one BEFORE INSERT ON reading_hours WHEN NEW.hour = ${failingHour}
         BEGIN SELECT RAISE(ABORT, 'forced storage failure'); END`,
      );
    });

    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await postReadings(smartMeterId, batch);
    const errorLines = errorLog.mock.calls.map(([line]) => String(line));
    errorLog.mockRestore();

    expect(costsBefore.status).toBe(200);
    // Logged once, with the stack, on the server; the client sees none of it.
    expect(errorLines).toHaveLength(1);
    expect(JSON.parse(errorLines[0] ?? '{}')).toMatchObject({
      type: 'error',
      stack: expect.stringContaining('forced storage failure'),
    });
    const text = await response.clone().text();
    expect(await answerOf(response)).toMatchObject({
      status: 500,
      mediaType: 'application/problem+json',
      body: { status: 500, type: '/problems/internal' },
    });
    expect(text).not.toMatch(/forced storage failure|trigger|SQL/i);
    expect(await storageFingerprint(smartMeterId)).toEqual(before);
    expect(await storedReadings(smartMeterId)).toEqual(minuteReadings(0, 10));
    expect(await costs(smartMeterId)).toEqual(costsBefore);
  });

  it('answers from what is stored after storage refuses a store that had read its own writes', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, minuteReadings(0, 10));
    const lastStored = T0 + 9 * 60;
    const before = await answerTo<{ to: number; kwh: number }>(
      `/meters/${smartMeterId}/comparison`,
    );
    expect(before.body.to).toBe(lastStored);
    // A reading on the next day makes the store sum the day before, after it has read the new
    // last reading back; SQLite then refuses that day's row, and the store is rolled back.
    await runInDurableObject(env.METER.getByName(smartMeterId), (_meter, state) => {
      state.storage.sql.exec(
        `CREATE TRIGGER refuse_day BEFORE INSERT ON day_sums
         BEGIN SELECT RAISE(ABORT, 'forced storage failure'); END`,
      );
    });
    const errorLog = vi.spyOn(console, 'error').mockImplementation(() => {});
    const refused = await postReadings(smartMeterId, [{ time: T0 + 3 * 3600, reading: 5 }]);
    errorLog.mockRestore();
    expect(refused.status).toBe(500);
    await runInDurableObject(env.METER.getByName(smartMeterId), (_meter, state) => {
      state.storage.sql.exec('DROP TRIGGER refuse_day');
    });

    const after = await answerTo<{ to: number; kwh: number }>(`/meters/${smartMeterId}/comparison`);
    expect(after.body).toEqual(before.body);
    expect(await storedReadings(smartMeterId)).toEqual(minuteReadings(0, 10));
  });

  it('changes nothing when a request is retried', async () => {
    const smartMeterId = newMeterId();
    const batch = [...minuteReadings(0, 30), { time: T0 - 5 * 86_400, reading: 2 }];
    await postReadings(smartMeterId, batch);
    const before = await storageFingerprint(smartMeterId);
    const costsBefore = await costs(smartMeterId);

    expect((await postReadings(smartMeterId, batch)).status).toBe(200);

    expect(costsBefore.status).toBe(200);
    expect(await storageFingerprint(smartMeterId)).toEqual(before);
    expect(await costs(smartMeterId)).toEqual(costsBefore);
  });
});
