import type { FleetMessage } from './fleet-message';
import { FleetStore } from './fleet-store';

/**
 * The fleet queue's consumer: sums each batch of meters' changes into D1 in one transaction.
 * A batch that fails is retried whole (Queues redelivers it); a message counted before is not
 * counted again.
 */
export async function consumeFleetBatch(
  batch: MessageBatch<FleetMessage>,
  env: Env,
): Promise<void> {
  await new FleetStore(env.DB).apply(
    batch.messages.map((message) => message.body),
    Date.now(),
  );
  batch.ackAll();
}
