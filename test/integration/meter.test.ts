import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { configPricePlans } from '../../src/config/price-plans';
import { applyMigrations, MIGRATIONS } from '../../src/meter/migrations';
import { newMeterId, postReadings, request } from '../helpers';
import { directPrice } from '../support/direct-pricing';

describe('Meter storage', () => {
  it('records every schema migration once it has run', async () => {
    const stub = env.METER.getByName(newMeterId());
    const versions = await runInDurableObject(stub, (_meter, state) =>
      state.storage.sql
        .exec<{ version: number }>('SELECT version FROM _schema_migrations ORDER BY version')
        .toArray()
        .map((row) => row.version),
    );
    expect(versions).toEqual(MIGRATIONS.map((migration) => migration.version));
  });

  it('keeps an hour of readings to a row, one reading per time, the last one stored winning', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, [
      { time: 100, reading: 1 },
      { time: 100, reading: 2 },
      { time: 3599, reading: 0.5 },
    ]);
    await postReadings(smartMeterId, [
      { time: 100, reading: 5 },
      { time: 3600, reading: 7 },
    ]);
    const rows = await runInDurableObject(env.METER.getByName(smartMeterId), (_meter, state) =>
      state.storage.sql.exec('SELECT hour, readings FROM reading_hours ORDER BY hour').toArray(),
    );
    // Offsets into the hour (here the first and the step to the next), and kW × 10^e.
    expect(rows).toEqual([
      { hour: 0, readings: '{"s":[100,3499],"e":1,"k":[50,5]}' },
      { hour: 1, readings: '{"s":[0,0],"e":0,"k":[7]}' },
    ]);
  });
});

describe('Meter storage migrations', () => {
  it('bring a meter stored by schema version 1 up to date, its readings moved to hour rows', async () => {
    // Readings only, as version 1 stored them, with a gap of more than a week.
    const readings = [
      { time: 1_700_000_000, reading: 1.5 },
      { time: 1_700_000_600, reading: 0.5 },
      { time: 1_700_003_000, reading: 1 / 3 },
      { time: 1_701_300_000, reading: 4 },
      { time: 1_701_300_060, reading: 3 },
    ];
    const smartMeterId = newMeterId();
    const stub = env.METER.getByName(smartMeterId);
    await runInDurableObject(stub, (_meter, state) => {
      const sql = state.storage.sql;
      const tables = sql
        .exec<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
        )
        .toArray();
      for (const { name } of tables) sql.exec(`DROP TABLE "${name}"`);
      applyMigrations(
        state.storage,
        MIGRATIONS.filter((migration) => migration.version === 1),
      );
      for (const { time, reading } of readings) {
        sql.exec('INSERT INTO readings (time, reading_kw) VALUES (?, ?)', time, reading);
      }
      applyMigrations(state.storage);
    });
    // The meter starts again, as after a deploy, and finds the conversion to do.
    await evictDurableObject(stub);

    const recommended = (await (
      await request(`/price-plans/recommend/${smartMeterId}`)
    ).json()) as Record<string, number>[];
    const answered = Object.assign({}, ...recommended) as Record<string, number>;
    const direct = directPrice(readings, configPricePlans()).plans;
    expect(direct[0]?.energyCost).toBeGreaterThan(0);
    for (const { pricePlanId, energyCost } of direct) {
      expect(answered[pricePlanId]).toBeCloseTo(energyCost, 9);
    }
    const read = await request(`/readings/read/${smartMeterId}`);
    expect(await read.json()).toEqual(readings);
    const legacyTables = await runInDurableObject(stub, (_meter, state) =>
      state.storage.sql
        .exec("SELECT name FROM sqlite_master WHERE name IN ('readings', 'energy_buckets')")
        .toArray(),
    );
    expect(legacyTables).toEqual([]);
  });
});
