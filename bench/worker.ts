/**
 * The Worker `npm run bench` serves: the production app and Meter, plus two bench-only routes that
 * measure the floors (a route that does nothing, and a meter RPC that does nothing). This entry is
 * built only by the bench, so the routes never reach a deployment.
 */
import { Hono } from 'hono';
import { app } from '../src/app';
import type { AppEnv } from '../src/app-env';
import { Meter as ProductionMeter } from '../src/meter/meter';

/** The production Meter with a no-op RPC method, the floor of every meter request. */
export class Meter extends ProductionMeter {
  ping(): void {}
}

/** Every bench route lives under this prefix; production routes never use it. */
const benchApp = new Hono<AppEnv>()
  .get('/__bench/trivial', (c) => c.json({ ok: true }))
  .get('/__bench/noop-rpc/:id', async (c) => {
    // The generated Env types METER with the production Meter, which has no ping().
    const meters = c.env.METER as unknown as DurableObjectNamespace<Meter>;
    await meters.getByName(c.req.param('id')).ping();
    return c.json({ ok: true });
  });

// Any other request goes to the production app untouched: its routes, 405s, 404 problem and errors.
benchApp.notFound((c) => app.fetch(c.req.raw, c.env, c.executionCtx));

export default benchApp;
