import { runInDurableObject } from 'cloudflare:test';
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

  it('keeps one row per time in its readings table', async () => {
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, [
      { time: 100, reading: 1 },
      { time: 100, reading: 2 },
    ]);
    await postReadings(smartMeterId, [{ time: 100, reading: 5 }]);
    const rows = await runInDurableObject(env.METER.getByName(smartMeterId), (_meter, state) =>
      state.storage.sql.exec('SELECT time, reading_kw FROM readings').toArray(),
    );
    expect(rows).toEqual([{ time: 100, reading_kw: 5 }]);
  });
});

describe('Meter storage migrations', () => {
  it('bring a meter stored by schema version 1 up to date: aggregates and reading JSON', async () => {
    // Readings only, as version 1 stored them, with a gap of more than a day.
    const readings = [
      { time: 1_700_000_000, reading: 1.5 },
      { time: 1_700_000_600, reading: 0.5 },
      { time: 1_700_003_000, reading: 1 / 3 },
      { time: 1_700_300_000, reading: 4 },
      { time: 1_700_300_060, reading: 3 },
    ];
    const smartMeterId = newMeterId();
    await runInDurableObject(env.METER.getByName(smartMeterId), (_meter, state) => {
      const sql = state.storage.sql;
      for (const table of [
        'readings',
        'energy_buckets',
        'long_segments',
        'account',
        'tariff_series',
        'tariff_buckets',
        '_schema_migrations',
      ]) {
        sql.exec(`DROP TABLE ${table}`);
      }
      applyMigrations(
        state.storage,
        MIGRATIONS.filter((migration) => migration.version === 1),
      );
      for (const { time, reading } of readings) {
        sql.exec('INSERT INTO readings (time, reading_kw) VALUES (?, ?)', time, reading);
      }

      applyMigrations(state.storage);
    });

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
  });
});
