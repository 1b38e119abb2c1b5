import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { newMeterId, postReadings, type ReadingInput } from '../helpers';

// A midnight UTC, and a household's minute readings to the watt from it.
const MIDNIGHT = 1_700_006_400;

function minuteReadings(firstMinute: number, count: number): ReadingInput[] {
  return Array.from({ length: count }, (_, i) => ({
    time: MIDNIGHT + (firstMinute + i) * 60,
    reading: (200 + (((firstMinute + i) * 7919) % 2500)) / 1000,
  }));
}

async function store(smartMeterId: string, readings: ReadingInput[]): Promise<void> {
  const response = await postReadings(smartMeterId, readings);
  expect(response.status).toBe(200);
}

/** What the meter's SQL counters moved by while `act` ran. */
async function usageDuring(smartMeterId: string, act: () => Promise<void>) {
  const meter = env.METER.getByName(smartMeterId);
  const before = await meter.storageUsage();
  await act();
  const after = await meter.storageUsage();
  return {
    rowsWritten: after.rowsWritten - before.rowsWritten,
    rowsRead: after.rowsRead - before.rowsRead,
    bytes: after.databaseSize - before.databaseSize,
  };
}

describe('what storing costs a meter', () => {
  it('writes one row for a quarter hour of minute readings inside one hour', async () => {
    const smartMeterId = newMeterId();
    await store(smartMeterId, minuteReadings(0, 600));

    const usage = await usageDuring(smartMeterId, () =>
      store(smartMeterId, minuteReadings(600, 15)),
    );

    expect(usage.rowsWritten).toBe(1);
  });

  it('writes one row, the fleet tail, to send a day of held-back posts to the fleet', async () => {
    const smartMeterId = newMeterId();
    await store(smartMeterId, minuteReadings(0, 15));
    for (let first = 15; first < 1440; first += 15) {
      await store(smartMeterId, minuteReadings(first, 15));
    }

    const usage = await usageDuring(smartMeterId, () =>
      env.METER.getByName(smartMeterId).flushFleet(),
    );

    expect(usage.rowsWritten).toBe(1);
  });

  it('writes no row for each day of a month without data between two readings', async () => {
    const smartMeterId = newMeterId();
    await store(smartMeterId, minuteReadings(0, 1));

    const usage = await usageDuring(smartMeterId, () =>
      store(smartMeterId, minuteReadings(30 * 1440, 1)),
    );

    // The reading's hour, the gap, the two edge days' sums and their tree: a row a day would be 29
    // more, with their tree.
    expect(usage.rowsWritten).toBeLessThan(10);
  });

  it('writes one row per hour a post touches', async () => {
    const smartMeterId = newMeterId();
    await store(smartMeterId, minuteReadings(0, 600));

    // 10:50 to 11:04: two hours.
    const usage = await usageDuring(smartMeterId, () =>
      store(smartMeterId, minuteReadings(650, 15)),
    );

    expect(usage.rowsWritten).toBe(2);
  });

  it('keeps a day of minute readings to the watt in under 8 bytes a reading', async () => {
    const smartMeterId = newMeterId();
    await store(smartMeterId, minuteReadings(0, 60));

    // Ten days of 1,440 readings; the database grows by whole 4 KiB pages.
    const usage = await usageDuring(smartMeterId, async () => {
      for (let day = 0; day < 10; day++)
        await store(smartMeterId, minuteReadings(60 + day * 1440, 1440));
    });

    expect(usage.bytes / (10 * 1440)).toBeLessThan(8);
  });
});
