import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/meter/migrations';
import { newMeterId, postReadings } from '../helpers';

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
