import { SECONDS_PER_DAY } from '../energy/curve';
import {
  type CurveSide,
  fleetDeltas,
  type GapDelta,
  type HalfHourDelta,
  type HalfHourFigure,
  halfHourFigures,
  SECONDS_PER_HALF_HOUR,
} from '../energy/fleet-figures';
import type { LongGap } from '../energy/gap-series';
import { type CandidateUpdate, type FleetMessage, fleetMessages } from '../fleet/fleet-message';
import type { FleetOutboxTable } from './fleet-outbox-table';
import type { FleetTail, FleetTailTable } from './fleet-tail-table';
import type { GapKeeper } from './gap-keeper';
import { dayOf } from './interval-days-table';
import type { ImportSource, MeterData } from './meter-data';
import type { ChangedSpan } from './reading-write';

// Queues takes at most 256 KB in one send (and 100 messages): messages go in sends under that.
const BYTES_PER_SEND = 200_000;
const MESSAGES_PER_SEND = 100;
// Messages read back from the outbox per send: one send's worth at most.
const OUTBOX_READ = MESSAGES_PER_SEND;

/** One side of a change, as the fleet sees it: figures per half hour, and the long gaps. */
export interface FleetSide {
  readonly regions: readonly (readonly [number, number])[];
  readonly figures: Map<number, HalfHourFigure>;
  readonly gaps: readonly LongGap[];
}

/** What a change does to the fleet's totals, as queued. */
export interface FleetChange {
  readonly usage: readonly HalfHourDelta[];
  readonly gaps: readonly GapDelta[];
}

/**
 * A store's part in the fleet, known before its write: `'held'` when what it adds waits for the
 * next flush; otherwise the meter's side before the write and what was held back until then.
 */
export type FleetPending = 'held' | { readonly heldBack: FleetChange; readonly before: FleetSide };

// The most data a meter holds back: a store reaching further sends everything at once, so that a
// flush (or a store that sends what was held) reads a bounded stretch of data.
const MAX_HELD_BACK_SECONDS = SECONDS_PER_DAY;

const NO_CHANGE: FleetChange = { usage: [], gaps: [] };

/**
 * What a meter tells the fleet's totals (Queues, then D1) about its data: its energy per half hour
 * before and after each change, over the stretch that changed, and its long gaps. Data appended
 * after what the totals hold is held back (the tail) and sent by a flush, at most `flushDelayMs`
 * later, in one message however many stores it took; any other change is sent at once, with what
 * was held back.
 */
export class FleetFeed {
  readonly #data: MeterData;
  readonly #gaps: GapKeeper;
  readonly #queue: Queue | undefined;
  readonly #outbox: FleetOutboxTable;
  readonly #tail: FleetTailTable;
  readonly #flushDelayMs: number;
  readonly #retryLater: () => Promise<void>;

  /**
   * `outbox` keeps what a failed send did not deliver (the stored batch is not undone for it: the
   * readings are the meter's, the totals follow), and `retryLater` asks for `flushOutbox` to run
   * later (the meter's alarm). `flushDelayMs` 0 sends every change at once.
   */
  constructor(
    data: MeterData,
    gaps: GapKeeper,
    queue: Queue | undefined,
    storage: { readonly outbox: FleetOutboxTable; readonly tail: FleetTailTable },
    flushDelayMs: number,
    retryLater: () => Promise<void>,
  ) {
    this.#data = data;
    this.#gaps = gaps;
    this.#queue = queue;
    this.#outbox = storage.outbox;
    this.#tail = storage.tail;
    this.#flushDelayMs = flushDelayMs;
    this.#retryLater = retryLater;
  }

  /** Whether the Worker has a fleet queue to feed (none in a deployment without the fleet view). */
  get enabled(): boolean {
    return this.#queue !== undefined;
  }

  /** How long held-back data may wait for its flush. */
  get flushDelayMs(): number {
    return this.#flushDelayMs;
  }

  /** The regions a change of these spans touches: the spans, and the long gaps they reach. */
  #regionsOf(spans: readonly ChangedSpan[]): (readonly [number, number])[] {
    return spans.flatMap(([from, to]): (readonly [number, number])[] => {
      // A long gap the change touches counts whole: its days may turn into half hours.
      const touched = this.#gaps.overlapping(dayOf(from), dayOf(to) + 1);
      return [
        [from, to],
        ...touched.map(
          (gap) => [gap.firstDay * SECONDS_PER_DAY, gap.endDay * SECONDS_PER_DAY] as const,
        ),
      ];
    });
  }

  /**
   * Before a store writes the changed spans: `'held'` when all it changes lies in the tail and
   * the tail stays within a day of data (an append, as a meter posts); otherwise what was held
   * back, sent now, and the meter's side of the change before the write.
   */
  beforeWrite(spans: readonly ChangedSpan[], source: ImportSource | null): FleetPending {
    const regions = this.#regionsOf(spans);
    // Read whatever the delay: a tail kept before FLEET_FLUSH_SECONDS became 0 is still owed.
    const tail = this.#tail.read();
    if (tail === null) return { heldBack: NO_CHANGE, before: this.#side(regions, source) };
    const last = this.#data.span()?.last;
    if (this.#flushDelayMs > 0) {
      const end = Math.max(last ?? 0, ...spans.map(([, to]) => to));
      const inTail = regions.every(([from]) => from >= tail.from);
      if (inTail && end - tail.from <= MAX_HELD_BACK_SECONDS) return 'held';
    }
    const heldBack = this.#heldBack(tail, source, last);
    return { heldBack, before: this.#side(regions, source) };
  }

  /** After the store's write: what it changed (with what was held back), or `'held'`. */
  afterWrite(pending: FleetPending, source: ImportSource | null): FleetChange | 'held' {
    if (pending === 'held') return 'held';
    const after = this.#side(pending.before.regions, source);
    const change = fleetDeltas(pending.before, after);
    this.#keepTail(source, this.#data.span()?.last);
    return {
      usage: [...pending.heldBack.usage, ...change.usage],
      gaps: [...pending.heldBack.gaps, ...change.gaps],
    };
  }

  /** What was held back, to send now (`null`: nothing), the tail moved to the data's end. */
  takeHeldBack(source: ImportSource | null): FleetChange | null {
    const tail = this.#tail.read();
    if (tail === null) return null;
    const last = this.#data.span()?.last;
    const change = this.#heldBack(tail, source, last);
    if (change.usage.length === 0 && change.gaps.length === 0) return null;
    this.#keepTail(source, last);
    return change;
  }

  /** Forgets the tail: the data is gone (erasure), and the totals keep what they were sent. */
  forgetTail(): void {
    this.#tail.clear();
  }

  /** The difference between the tail as the totals hold it and the data (ending at `last`) now. */
  #heldBack(tail: FleetTail, source: ImportSource | null, last: number | undefined): FleetChange {
    const now = this.#side([[tail.from, Math.max(tail.from, last ?? tail.from)]], source);
    return fleetDeltas(tail, now);
  }

  /**
   * Makes the tail the data's last half hour as it is now (the totals hold everything before it,
   * once this change is sent): appends change nothing earlier. Without a flush delay, no tail.
   * `last` is the data's last instant now (`undefined`: no data).
   */
  #keepTail(source: ImportSource | null, last: number | undefined): void {
    if (this.#flushDelayMs === 0 || last === undefined) {
      this.#tail.clear();
      return;
    }
    const from = Math.floor(last / SECONDS_PER_HALF_HOUR) * SECONDS_PER_HALF_HOUR;
    const side = this.#side([[from, last]], source);
    this.#tail.write({
      from,
      figures: new Map([...side.figures].filter(([start]) => start >= from)),
      gaps: side.gaps.filter((gap) => gap.endDay * SECONDS_PER_DAY > from),
    });
  }

  /** The meter's side of these regions as it is now (before or after a write). */
  #side(regions: readonly (readonly [number, number])[], source: ImportSource | null): FleetSide {
    // Each region read on its own: a sparse batch over a long history reads only what it touched.
    const figures = new Map<number, HalfHourFigure>();
    const gaps = new Map<number, LongGap>();
    for (const [from, to] of regions) {
      // Whole half hours: a half hour's figure is all of its curve, whichever region reads it (a
      // curve read for part of one would give part of its energy, and regions share half hours).
      const start = Math.floor(from / SECONDS_PER_HALF_HOUR) * SECONDS_PER_HALF_HOUR;
      const end = (Math.floor(to / SECONDS_PER_HALF_HOUR) + 1) * SECONDS_PER_HALF_HOUR;
      const side: CurveSide = {
        importCurve: this.#data.importCurve(start, end, source),
        exportCurve: this.#data.exportCurve(start, end),
        gaps: this.#gaps.overlapping(dayOf(start), dayOf(end - 1) + 1),
      };
      for (const gap of side.gaps) gaps.set(gap.firstDay, gap);
      for (const [at, figure] of halfHourFigures(side, [[start, end]])) figures.set(at, figure);
    }
    return { regions, figures, gaps: [...gaps.values()] };
  }

  /** Queues a change (in as many messages as it takes) with the meter's switch candidate. */
  async send(change: FleetChange, candidate?: CandidateUpdate): Promise<void> {
    if (this.#queue === undefined) return;
    const { usage, gaps } = change;
    if (usage.length === 0 && gaps.length === 0 && candidate === undefined) return;
    await this.#sendAll(fleetMessages(usage, gaps, candidate));
  }

  /**
   * Sends messages in as few sends as Queues' limits on one send allow. What a failed send did not
   * deliver goes to the outbox, for the alarm to send: a re-post of the same readings changes
   * nothing, so a change not queued now would never reach the fleet's totals.
   */
  async #sendAll(messages: readonly FleetMessage[]): Promise<void> {
    const sends = sendsOf(messages);
    for (const [index, send] of sends.entries()) {
      try {
        await this.#queue?.sendBatch(send.map((body) => ({ body })));
      } catch (error) {
        this.#outbox.add(sends.slice(index).flat());
        console.warn(JSON.stringify({ type: 'fleet-send-failed', message: String(error) }));
        await this.#retryLater();
        return;
      }
    }
  }

  /**
   * Sends what the outbox holds, oldest first, removing each send's messages once the queue has
   * them. Answers whether the outbox is empty (false: a send failed, try again later).
   */
  async flushOutbox(): Promise<boolean> {
    for (;;) {
      const entries = this.#outbox.oldest(OUTBOX_READ);
      if (entries.length === 0) return true;
      for (const send of sendsOf(entries)) {
        try {
          await this.#queue?.sendBatch(send.map((entry) => ({ body: entry.message })));
        } catch (error) {
          console.warn(JSON.stringify({ type: 'fleet-send-failed', message: String(error) }));
          return false;
        }
        this.#outbox.removeThrough(send.at(-1)?.seq ?? 0);
      }
    }
  }

  /** Queues a candidate update alone (an account change, an erasure). */
  async sendCandidate(candidate: CandidateUpdate): Promise<void> {
    if (this.#queue === undefined) return;
    await this.#sendAll(fleetMessages([], [], candidate));
  }
}

/** Messages (or outbox entries) grouped into sends within Queues' limits on one send. */
function sendsOf<T extends FleetMessage | { readonly message: FleetMessage }>(
  items: readonly T[],
): T[][] {
  const sends: T[][] = [];
  let send: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = JSON.stringify('message' in item ? item.message : item).length;
    if (send.length > 0 && (bytes + size > BYTES_PER_SEND || send.length === MESSAGES_PER_SEND)) {
      sends.push(send);
      send = [];
      bytes = 0;
    }
    send.push(item);
    bytes += size;
  }
  if (send.length > 0) sends.push(send);
  return sends;
}
