import type { FleetMessage } from './fleet-message';
import { FleetStore } from './fleet-store';

/**
 * The fleet queue's consumer: sums each batch of meters' changes into D1 in one transaction.
 * A batch that fails is retried whole (Queues redelivers it); a message counted before is not
 * counted again. Logs one line per batch: how late its oldest message was (the fleet view's lag)
 * and how long D1 took.
 */
export async function consumeFleetBatch(
  batch: MessageBatch<FleetMessage>,
  env: Env,
): Promise<void> {
  const startedAt = Date.now();
  await new FleetStore(env.DB).apply(
    batch.messages.map((message) => message.body),
    startedAt,
  );
  batch.ackAll();
  const sentAt = batch.messages.map((message) => message.timestamp.getTime());
  console.log(
    JSON.stringify({
      type: 'fleet-batch',
      messages: batch.messages.length,
      lagMs: startedAt - Math.min(...sentAt),
      applyMs: Date.now() - startedAt,
      attempts: Math.max(...batch.messages.map((message) => message.attempts)),
    }),
  );
}
