import { SECONDS_PER_DAY } from '../energy/curve';
import {
  type CurveSide,
  fleetDeltas,
  type HalfHourFigure,
  halfHourFigures,
  SECONDS_PER_HALF_HOUR,
} from '../energy/fleet-figures';
import type { LongGap } from '../energy/gap-series';
import { type CandidateUpdate, type FleetMessage, fleetMessages } from '../fleet/fleet-message';
import type { GapKeeper } from './gap-keeper';
import { dayOf } from './interval-days-table';
import type { ImportSource, MeterData } from './meter-data';
import type { ChangedSpan } from './reading-write';

// Queues takes at most 256 KB in one send (and 100 messages): messages go in sends under that.
const BYTES_PER_SEND = 200_000;
const MESSAGES_PER_SEND = 100;

/** One side of a change, as the fleet sees it: figures per half hour, and the long gaps. */
export interface FleetSide {
  readonly regions: readonly (readonly [number, number])[];
  readonly figures: Map<number, HalfHourFigure>;
  readonly gaps: readonly LongGap[];
}

/**
 * What a meter tells the fleet's totals (Queues, then D1) about each stored batch: its energy
 * per half hour before and after the change, over the stretch that changed, and its long gaps.
 */
export class FleetFeed {
  readonly #data: MeterData;
  readonly #gaps: GapKeeper;
  readonly #queue: Queue | undefined;

  constructor(data: MeterData, gaps: GapKeeper, queue: Queue | undefined) {
    this.#data = data;
    this.#gaps = gaps;
    this.#queue = queue;
  }

  /** Whether the Worker has a fleet queue to feed (none in a deployment without the fleet view). */
  get enabled(): boolean {
    return this.#queue !== undefined;
  }

  /** The meter's side of the changed spans as it is now (before or after the write). */
  side(spans: readonly ChangedSpan[], source: ImportSource | null, regions?: FleetSide['regions']) {
    const covered =
      regions ??
      spans.flatMap(([from, to]): (readonly [number, number])[] => {
        // A long gap the change touches counts whole: its days may turn into half hours.
        const touched = this.#gaps.overlapping(dayOf(from), dayOf(to) + 1);
        return [
          [from, to],
          ...touched.map(
            (gap) => [gap.firstDay * SECONDS_PER_DAY, gap.endDay * SECONDS_PER_DAY] as const,
          ),
        ];
      });
    // Each region read on its own: a sparse batch over a long history reads only what it touched.
    const figures = new Map<number, HalfHourFigure>();
    const gaps = new Map<number, LongGap>();
    for (const [from, to] of covered) {
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
    return { regions: covered, figures, gaps: [...gaps.values()] };
  }

  /** Queues the change (in as many messages as it takes) with the meter's switch candidate. */
  async send(before: FleetSide, after: FleetSide, candidate?: CandidateUpdate): Promise<void> {
    if (this.#queue === undefined) return;
    const { usage, gaps } = fleetDeltas(before, after);
    if (usage.length === 0 && gaps.length === 0 && candidate === undefined) return;
    await this.#sendAll(fleetMessages(usage, gaps, candidate));
  }

  /** Sends messages in as few sends as Queues' limits on one send allow. */
  async #sendAll(messages: readonly FleetMessage[]): Promise<void> {
    let batch: { body: FleetMessage }[] = [];
    let bytes = 0;
    for (const body of messages) {
      const size = JSON.stringify(body).length;
      if (
        batch.length > 0 &&
        (bytes + size > BYTES_PER_SEND || batch.length === MESSAGES_PER_SEND)
      ) {
        await this.#queue?.sendBatch(batch);
        batch = [];
        bytes = 0;
      }
      batch.push({ body });
      bytes += size;
    }
    if (batch.length > 0) await this.#queue?.sendBatch(batch);
  }

  /** Queues a candidate update alone (an account change, an erasure). */
  async sendCandidate(candidate: CandidateUpdate): Promise<void> {
    if (this.#queue === undefined) return;
    await this.#sendAll(fleetMessages([], [], candidate));
  }
}
