import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { PRICE_PLANS } from '../../src/config/price-plans';
import { kwhFromAggregates } from '../../src/energy/aggregates';
import { costsInWindow, costsOfUsage } from '../../src/energy/cost';
import { AggregateTables } from '../../src/meter/aggregate-tables';
import { MeterEnergy } from '../../src/meter/meter-energy';
import { applyMigrations, MIGRATIONS } from '../../src/meter/migrations';
import { ReadingsTable } from '../../src/meter/readings-table';
import { newMeterId, postReadings, request } from '../helpers';

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
    const costs = await runInDurableObject(env.METER.getByName(smartMeterId), (_meter, state) => {
      const sql = state.storage.sql;
      for (const table of ['readings', 'energy_buckets', 'long_segments', '_schema_migrations']) {
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

      const readingsTable = new ReadingsTable(sql);
      const energy = new MeterEnergy({
        readings: readingsTable,
        aggregates: new AggregateTables(sql),
      });
      const span = readingsTable.span();
      if (span === null) throw new Error('readings are missing');
      return costsInWindow(
        (from, to) => kwhFromAggregates(from, to, energy),
        span,
        PRICE_PLANS,
        {},
      );
    });
    const direct = costsOfUsage(readings, PRICE_PLANS);
    expect(direct[0]?.cost).toBeGreaterThan(0);
    for (const [i, cost] of costs.entries()) expect(cost.cost).toBeCloseTo(direct[i]?.cost ?? 0, 9);
    const read = await request(`/readings/read/${smartMeterId}`);
    expect(await read.json()).toEqual(readings);
  });
});
