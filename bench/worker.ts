/**
 * The Worker `npm run bench` serves: the production app, Meter and fleet consumer, plus bench-only
 * routes that measure the floors (a route that does nothing, and a meter RPC that does nothing) and
 * read what storage counted (a meter's rows and size, the fleet consumer's D1 rows). This entry is
 * built only by the bench, so the routes never reach a deployment.
 */
import { Hono } from 'hono';
import { app } from '../src/app';
import type { AppEnv } from '../src/app-env';
import production from '../src/index';
import { Meter as ProductionMeter } from '../src/meter/meter';

/** The production Meter with a no-op RPC method, the floor of every meter request. */
export class Meter extends ProductionMeter {
  ping(): void {}

  /** Stops this object: the next request starts it afresh, as after its idle eviction. */
  restart(): void {
    this.ctx.abort('bench: the next request starts a cold object');
  }
}

/** Rows D1 read and wrote for the fleet consumer, and the messages it was given, since start. */
const fleetD1 = { rowsRead: 0, rowsWritten: 0, messages: 0, invocations: 0 };

/**
 * Each message's queue lag (ms from its send to the start of the consumer call that got it),
 * since the last time they were read; capped so that a long run cannot grow it without bound.
 */
const queueLagsMs: number[] = [];
const MOST_QUEUE_LAGS = 1_000_000;

/** D1 with every result's own counters (`meta.rows_read`, `meta.rows_written`) added up. */
function countingDatabase(db: D1Database): D1Database {
  const count = (meta: D1Meta) => {
    fleetD1.rowsRead += meta.rows_read;
    fleetD1.rowsWritten += meta.rows_written;
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          const results = await target.batch(statements);
          for (const result of results) count(result.meta);
          return results;
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

// The generated Env types METER with the production Meter, which has no ping().
const benchMeters = (env: Env) => env.METER as unknown as DurableObjectNamespace<Meter>;

/** Every bench route lives under this prefix; production routes never use it. */
const benchApp = new Hono<AppEnv>()
  .get('/__bench/trivial', (c) => c.json({ ok: true }))
  .get('/__bench/noop-rpc/:id', async (c) => {
    await benchMeters(c.env).getByName(c.req.param('id')).ping();
    return c.json({ ok: true });
  })
  .get('/__bench/storage/:id', async (c) =>
    c.json(await benchMeters(c.env).getByName(c.req.param('id')).storageUsage()),
  )
  .get('/__bench/fleet-d1', (c) => c.json(fleetD1))
  // What the meter's alarm does once FLEET_FLUSH_SECONDS have passed: the bench cannot wait hours.
  .post('/__bench/fleet-flush/:id', async (c) => {
    await benchMeters(c.env).getByName(c.req.param('id')).flushFleet();
    return c.json({ ok: true });
  })
  // Read and forget: each scenario sees the lags of the messages sent since it started.
  .post('/__bench/queue-lags', (c) => c.json({ lagsMs: queueLagsMs.splice(0) }))
  .post('/__bench/restart/:id', async (c) => {
    // The abort rejects the call that made it: that is how the object ends.
    await benchMeters(c.env)
      .getByName(c.req.param('id'))
      .restart()
      .catch(() => undefined);
    return c.json({ ok: true });
  });

// Any other request goes to the production app untouched: its routes, 405s, 404 problem and errors.
benchApp.notFound((c) => app.fetch(c.req.raw, c.env, c.executionCtx));

export default {
  fetch: benchApp.fetch,
  queue: async (batch, env) => {
    const startedAt = Date.now();
    for (const message of batch.messages) {
      if (queueLagsMs.length < MOST_QUEUE_LAGS) {
        queueLagsMs.push(startedAt - message.timestamp.getTime());
      }
    }
    fleetD1.messages += batch.messages.length;
    fleetD1.invocations += 1;
    await production.queue(batch, { ...env, DB: countingDatabase(env.DB) });
  },
} satisfies ExportedHandler<Env>;
