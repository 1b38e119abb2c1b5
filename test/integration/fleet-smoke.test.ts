import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { newMeterId, postReadings } from '../helpers';

it('sums stored batches into D1 through the queue', async () => {
  const id = newMeterId();
  const t0 = 1714521600;
  expect(
    (
      await postReadings(id, [
        { time: t0, reading: 2 },
        { time: t0 + 3600, reading: 2 },
      ])
    ).status,
  ).toBe(200);
  let rows: unknown[] = [];
  for (let i = 0; i < 100 && rows.length < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    rows = (await env.DB.prepare('SELECT * FROM fleet_half_hours ORDER BY start').all()).results;
  }
  expect(rows).toEqual([
    { start: t0, import_kwh: 1, export_kwh: 0, meters: 1 },
    { start: t0 + 1800, import_kwh: 1, export_kwh: 0, meters: 1 },
  ]);
}, 30_000);
