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
 * consumer count a message once, however often it is delivered; it starts with when it was made,
 * so the ids too old to come again are forgotten as one range.
 */
export interface FleetMessage {
  readonly id: string;
  readonly usage: readonly HalfHourDelta[];
  readonly gaps: readonly GapDelta[];
  readonly candidate?: CandidateUpdate;
}

// Milliseconds since the epoch, zero-padded: ids sort by when they were made.
const ID_TIME_DIGITS = 15;

/** The start of every message id made at `ms` (milliseconds since the epoch) or later. */
export function messageIdPrefix(ms: number): string {
  return String(Math.max(0, Math.floor(ms))).padStart(ID_TIME_DIGITS, '0');
}

/** A new message id: when it was made, then a random part that makes it unique. */
export function newMessageId(now = Date.now()): string {
  return `${messageIdPrefix(now)}-${crypto.randomUUID()}`;
}

/** Half hours per message (about 40 KB): a message stays far under the Queues limit of 128 KB. */
export const HALF_HOURS_PER_MESSAGE = 1000;
/** Gap pieces per message (about 60 KB): a batch that moves thousands of gaps still fits. */
export const GAPS_PER_MESSAGE = 1000;

/** A change as messages small enough to queue (the candidate rides with the first). */
export function fleetMessages(
  usage: readonly HalfHourDelta[],
  gaps: readonly GapDelta[],
  candidate: CandidateUpdate | undefined,
): FleetMessage[] {
  const count = Math.max(
    1,
    Math.ceil(usage.length / HALF_HOURS_PER_MESSAGE),
    Math.ceil(gaps.length / GAPS_PER_MESSAGE),
  );
  return Array.from({ length: count }, (_, index) => ({
    id: newMessageId(),
    usage: usage.slice(index * HALF_HOURS_PER_MESSAGE, (index + 1) * HALF_HOURS_PER_MESSAGE),
    gaps: gaps.slice(index * GAPS_PER_MESSAGE, (index + 1) * GAPS_PER_MESSAGE),
    ...(index === 0 && candidate !== undefined && { candidate }),
  }));
}
