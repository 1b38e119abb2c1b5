import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { FleetMessage } from '../../src/fleet/fleet-message';
import { type FleetChange, FleetFeed } from '../../src/meter/fleet-feed';
import { FleetOutboxTable } from '../../src/meter/fleet-outbox-table';
import { FleetTailTable } from '../../src/meter/fleet-tail-table';
import type { GapKeeper } from '../../src/meter/gap-keeper';
import type { MeterData } from '../../src/meter/meter-data';
import { CountingSql } from '../../src/meter/sql-usage';
import { eventually, fleetUsage } from '../fleet-requests';
import { newMeterId } from '../helpers';

// A half hour no other test of this file (D1 is the file's own) writes: 2031-01-01T00:00:00Z.
const HALF_HOUR = 1_924_992_000;

// 1.25 kWh more in the half hour, from a meter that had no data there.
const ONE_HALF_HOUR: FleetChange = { usage: [[HALF_HOUR, 1.25, 0, 1]], gaps: [] };

/** The fleet queue as Queues is while it is down: every send refused, until `up` is called. */
function queueDownUntilUp(queue: Queue) {
  let down = true;
  const attempts: number[] = [];
  const flaky = {
    sendBatch: async (messages: Iterable<MessageSendRequest<FleetMessage>>) => {
      attempts.push([...messages].length);
      if (down) throw new Error('Queue send failed: service unavailable');
      await queue.sendBatch(messages);
    },
  } as unknown as Queue;
  return { flaky, attempts, up: () => (down = false) };
}

describe('a meter whose send to the fleet queue fails', () => {
  it('keeps the change in its outbox, sets its alarm, and delivers it once the queue takes it', {
    timeout: 60_000,
  }, async () => {
    const stub = env.METER.getByName(newMeterId());
    if (env.FLEET_QUEUE === undefined) throw new Error('the tests run with the fleet queue');
    const queue = queueDownUntilUp(env.FLEET_QUEUE);

    const kept = await runInDurableObject(stub, async (_meter, state) => {
      const sql = new CountingSql(state.storage.sql);
      const feed = new FleetFeed(
        undefined as unknown as MeterData,
        undefined as unknown as GapKeeper,
        queue.flaky,
        { outbox: new FleetOutboxTable(sql), tail: new FleetTailTable(sql) },
        0,
        () => state.storage.setAlarm(Date.now() + 60_000),
      );
      await feed.send(ONE_HALF_HOUR);
      const waiting = sql.exec('SELECT COUNT(*) AS n FROM fleet_outbox').one().n;
      const alarm = await state.storage.getAlarm();
      const flushedWhileDown = await feed.flushOutbox();
      queue.up();
      const flushed = await feed.flushOutbox();
      const left = sql.exec('SELECT COUNT(*) AS n FROM fleet_outbox').one().n;
      return { waiting, alarm, flushedWhileDown, flushed, left };
    });

    expect(kept).toMatchObject({ waiting: 1, flushedWhileDown: false, flushed: true, left: 0 });
    expect(kept.alarm).not.toBeNull();
    expect(queue.attempts).toEqual([1, 1, 1]);
    const [interval] = await eventually(
      () => fleetUsage(HALF_HOUR, HALF_HOUR + 1800),
      (read) => read[0]?.importKwh === 1.25,
    );
    expect(interval).toMatchObject({ start: HALF_HOUR, importKwh: 1.25 });
  });
});
