import type { GapDelta, HalfHourDelta } from '../energy/fleet-figures';

/** A meter's switch candidate: its plan now, the cheapest plan, and what switching saves a year. */
export interface CandidateUpdate {
  readonly smartMeterId: string;
  /** When the meter computed it (ms since the epoch): a later update replaces an earlier one. */
  readonly version: number;
  /** `null`: the meter has no account or no data any more (erased); its row goes. */
  readonly candidate: {
    readonly pricePlanId: string;
    readonly recommendation: string;
    readonly annualSaving: number;
  } | null;
}

/**
 * What a meter queues after each stored batch, for the fleet's totals: the change of its energy
 * per UTC half hour, long gaps entering or leaving, and its switch candidate. `id` makes the
 * consumer count a message once, however often it is delivered.
 */
export interface FleetMessage {
  readonly id: string;
  readonly usage: readonly HalfHourDelta[];
  readonly gaps: readonly GapDelta[];
  readonly candidate?: CandidateUpdate;
}

/** Half hours per message (about 40 KB): a message stays far under the Queues limit of 128 KB. */
export const HALF_HOURS_PER_MESSAGE = 1000;

/** A change as messages small enough to queue (the candidate rides with the first). */
export function fleetMessages(
  usage: readonly HalfHourDelta[],
  gaps: readonly GapDelta[],
  candidate: CandidateUpdate | undefined,
): FleetMessage[] {
  const messages: FleetMessage[] = [];
  for (let at = 0; at === 0 || at < usage.length; at += HALF_HOURS_PER_MESSAGE) {
    messages.push({
      id: crypto.randomUUID(),
      usage: usage.slice(at, at + HALF_HOURS_PER_MESSAGE),
      gaps: at === 0 ? gaps : [],
      ...(at === 0 && candidate !== undefined && { candidate }),
    });
  }
  return messages;
}
