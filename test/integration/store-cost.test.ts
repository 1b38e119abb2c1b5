import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { newMeterId, postReadings, type ReadingInput } from '../helpers';

const T0 = 1_700_000_000;
const HISTORY_READINGS = 20_000;

/** A minute-by-minute history, posted in full batches. */
async function storeMinuteHistory(smartMeterId: string): Promise<ReadingInput[]> {
  const readings = Array.from({ length: HISTORY_READINGS }, (_, i) => ({
    time: T0 + i * 60,
    reading: 1 + (i % 7) / 10,
  }));
  for (let start = 0; start < readings.length; start += 10_000) {
    const response = await postReadings(smartMeterId, readings.slice(start, start + 10_000));
    if (response.status !== 200) throw new Error(`history not stored: ${response.status}`);
  }
  return readings;
}

/**
 * SQLite rows the meter object reads while `act` runs (Durable Objects bill rows read): every
 * statement's cursor is kept, and its `rowsRead` summed once `act` is over.
 */
async function rowsReadDuring(smartMeterId: string, act: () => Promise<unknown>): Promise<number> {
  const stub = env.METER.getByName(smartMeterId);
  const cursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
  await runInDurableObject(stub, (_meter, state) => {
    const sql = state.storage.sql;
    const exec = sql.exec.bind(sql);
    sql.exec = <Row extends Record<string, SqlStorageValue>>(
      query: string,
      ...bindings: SqlStorageValue[]
    ) => {
      const cursor = exec<Row>(query, ...bindings);
      cursors.push(cursor);
      return cursor;
    };
  });
  await act();
  return runInDurableObject(stub, (_meter, state) => {
    Reflect.deleteProperty(state.storage.sql, 'exec');
    return cursors.reduce((rows, cursor) => rows + cursor.rowsRead, 0);
  });
}

describe('the cost of a store', () => {
  it('follows the batch, not the history, for a batch that spans the whole history', async () => {
    const smartMeterId = newMeterId();
    const history = await storeMinuteHistory(smartMeterId);
    const first = history[0]?.time ?? 0;
    const last = history.at(-1)?.time ?? 0;

    const rowsRead = await rowsReadDuring(smartMeterId, async () => {
      const response = await postReadings(smartMeterId, [
        { time: first + 30, reading: 2 },
        { time: last + 180, reading: 2 },
      ]);
      expect(response.status).toBe(200);
    });

    expect(rowsRead).toBeLessThan(500);
  });

  it('follows the batch when a clock glitch puts one reading at time 0', async () => {
    const smartMeterId = newMeterId();
    const history = await storeMinuteHistory(smartMeterId);
    const last = history.at(-1)?.time ?? 0;

    const rowsRead = await rowsReadDuring(smartMeterId, async () => {
      const batch = [0, 60, 120].map((offset) => ({ time: last + offset, reading: 1 }));
      const response = await postReadings(smartMeterId, [{ time: 0, reading: 1 }, ...batch]);
      expect(response.status).toBe(200);
    });

    expect(rowsRead).toBeLessThan(500);
  });
});
