import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { FleetMessage } from '../src/fleet/fleet-message';
import worker from '../src/index';
import { request } from './helpers';
import { operatorHeader } from './operator-requests';

/** The fleet queue's name in wrangler.toml. */
const FLEET_QUEUE = 'joi-energy-fleet';

/** A GET of a fleet endpoint with the operator's token (`init` headers added). */
export async function asOperatorGet(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(await operatorHeader())) headers.set(name, value);
  return request(path, { ...init, headers });
}

export interface FleetIntervalBody {
  start: number;
  end: number;
  importKwh: number;
  exportKwh: number;
  meters: number;
}

/** Every interval of the fleet's usage over the window, following `next` page by page. */
export async function fleetUsage(
  from: number,
  to: number,
  groupBy = 'half_hour',
  pageSize = 10_000,
): Promise<FleetIntervalBody[]> {
  const intervals: FleetIntervalBody[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({
      from: `${from}`,
      to: `${to}`,
      groupBy,
      pageSize: `${pageSize}`,
    });
    if (cursor !== null) query.set('cursor', cursor);
    const response = await asOperatorGet(`/fleet/usage?${query}`);
    if (response.status !== 200)
      throw new Error(`fleet usage: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { intervals: FleetIntervalBody[]; next: string | null };
    intervals.push(...page.intervals);
    cursor = page.next;
  } while (cursor !== null);
  return intervals;
}

/**
 * Delivers messages to the Worker's queue consumer as Queues would (the same ids each time it is
 * called: a redelivery), and says whether the consumer acknowledged them.
 */
export async function deliverFleetMessages(
  messages: readonly FleetMessage[],
  attempts = 1,
): Promise<boolean> {
  const batch = createMessageBatch<FleetMessage>(
    FLEET_QUEUE,
    messages.map((body) => ({ id: body.id, timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return (await getQueueResult(batch, ctx)).ackAll;
}

/**
 * Reads until `done` holds of what was read (the queue delivers within its batch delay, 5 s),
 * and answers that reading; after `timeoutMs`, the last one (the test's assertion then shows
 * what differs).
 */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > giveUpAt) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Waits longer than the queue's batch delay: whatever was queued has been delivered. */
export function pastQueueDelay(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 6_000));
}
