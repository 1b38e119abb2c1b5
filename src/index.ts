import { app } from './app';
import { consumeFleetBatch } from './fleet/fleet-consumer';
import type { FleetMessage } from './fleet/fleet-message';

export { Meter } from './meter/meter';

export default {
  fetch: app.fetch,
  queue: (batch, env) => consumeFleetBatch(batch as MessageBatch<FleetMessage>, env),
} satisfies ExportedHandler<Env>;
