/**
 * Ratios that hold from run to run: the requests a target compares (the "arms", e.g. the no-op
 * floor and compare-all at 1,000,000 readings) are measured in alternating short blocks on the
 * same connections, so that the machine's drifting speed weighs on every arm alike. Each run
 * gives each arm's p50 and req/s over its blocks; a target's ratio is taken per run, and reported
 * as the median of the runs and their spread.
 */
import { type BenchRequest, KeepAliveConnection } from './keep-alive-client.ts';
import {
  latencyPercentiles,
  meetsTarget,
  type RunsSummary,
  ratiosPerRun,
  roundOrder,
  summarizeRuns,
} from './ratio-math.ts';
import { isServerError, noteServerError } from './server-errors.ts';

/** How long each arm's block lasts (at least one request per connection). */
export const BLOCK_MS = 500;
/** Each arm's share of a run: a run lasts this long times the number of arms, in whole rounds. */
export const RUN_MS_PER_ARM = 2_000;
export const INTERLEAVED_RUNS = 3;
/** The warm-up block of each arm, discarded. */
const WARM_UP_MS = 500;

/** One kind of request a target compares. */
export interface Arm {
  /** How the Targets table names it. */
  readonly name: string;
  /** The next request to send (built afresh for every send, so stores move on). */
  readonly next: () => BenchRequest;
  /** Waits for work the arm's requests left behind in a meter, between blocks. */
  readonly settle?: () => Promise<void>;
}

/** An arm's figures, one entry per run. */
export interface ArmRuns {
  readonly p50Ms: readonly number[];
  readonly p99Ms: readonly number[];
  readonly requestsPerSecond: readonly number[];
  readonly requests: readonly number[];
}

/** Every arm's runs of one interleaved measurement, by arm name. */
export type InterleavedFigures = ReadonlyMap<string, ArmRuns>;

export interface InterleaveOptions {
  /** Connections kept open and shared by every arm (1: service times; more: throughput). */
  readonly connections?: number;
  readonly blockMs?: number;
  readonly runMsPerArm?: number;
  readonly runs?: number;
}

interface Block {
  readonly latenciesMs: number[];
  readonly seconds: number;
}

/** Every connection sends the arm's requests one after another until the block's time is up. */
async function runBlock(
  connections: readonly KeepAliveConnection[],
  arm: Arm,
  ms: number,
): Promise<Block> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  const deadline = started + ms;
  await Promise.all(
    connections.map(async (connection) => {
      // At least one request each, so that a block of 0 ms is one request per connection.
      do {
        const request = arm.next();
        const answer = await connection.send(request);
        if (isServerError(answer.status)) {
          // Left out of the figures and counted for the report (bench/server-errors.ts).
          noteServerError(request.path, answer.status);
          continue;
        }
        if (answer.status < 200 || answer.status >= 300) {
          throw new Error(`${request.method} ${request.path}: HTTP ${answer.status} (${arm.name})`);
        }
        latenciesMs.push(answer.ms);
      } while (performance.now() < deadline);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await arm.settle?.();
  return { latenciesMs, seconds };
}

/**
 * A warm-up block of each arm (discarded), then `runs` runs of whole rounds, each round a block of
 * every arm, forwards then backwards in turn, until the run has lasted `runMsPerArm` per arm.
 */
export async function measureInterleaved(
  origin: string,
  arms: readonly Arm[],
  options: InterleaveOptions = {},
): Promise<InterleavedFigures> {
  const {
    connections: connectionCount = 1,
    blockMs = BLOCK_MS,
    runMsPerArm = RUN_MS_PER_ARM,
    runs = INTERLEAVED_RUNS,
  } = options;
  const connections = await Promise.all(
    Array.from({ length: connectionCount }, () => KeepAliveConnection.open(origin)),
  );
  try {
    for (const arm of arms) await runBlock(connections, arm, WARM_UP_MS);
    const figures = new Map(
      arms.map((arm) => [
        arm.name,
        {
          p50Ms: [] as number[],
          p99Ms: [] as number[],
          requestsPerSecond: [] as number[],
          requests: [] as number[],
        },
      ]),
    );
    for (let run = 0; run < runs; run++) {
      const blocks = new Map(arms.map((arm) => [arm.name, [] as Block[]]));
      const runEnd = performance.now() + runMsPerArm * arms.length;
      for (let round = 0; round === 0 || performance.now() < runEnd; round++) {
        for (const arm of roundOrder(arms, round)) {
          blocks.get(arm.name)?.push(await runBlock(connections, arm, blockMs));
        }
      }
      for (const [name, armBlocks] of blocks) {
        const latencies = armBlocks.flatMap((block) => block.latenciesMs);
        const seconds = armBlocks.reduce((total, block) => total + block.seconds, 0);
        const { p50, p99 } = latencyPercentiles(latencies);
        const armFigures = figures.get(name);
        armFigures?.p50Ms.push(p50);
        armFigures?.p99Ms.push(p99);
        armFigures?.requestsPerSecond.push(latencies.length / seconds);
        armFigures?.requests.push(latencies.length);
      }
    }
    return figures;
  } finally {
    for (const connection of connections) connection.close();
  }
}

/** A target judged on interleaved runs: subject ÷ reference, per run. */
export interface RatioTarget {
  /** e.g. `p50 ≤ 3× the floor's`. */
  readonly target: string;
  readonly subject: string;
  readonly reference: string;
  readonly figure: 'p50' | 'req/s';
  readonly subjectMedian: number;
  readonly referenceMedian: number;
  readonly ratio: RunsSummary;
  readonly met: boolean;
}

function runsOf(figures: InterleavedFigures, arm: Arm): ArmRuns {
  const runs = figures.get(arm.name);
  if (runs === undefined) throw new Error(`no interleaved figures for ${arm.name}`);
  return runs;
}

/**
 * The target `subject's figure (bound) limit × reference's`, judged on the median of the runs'
 * ratios: p50 latencies (`at most`) or req/s (`at least`).
 */
export function ratioTarget(
  figures: InterleavedFigures,
  subject: Arm,
  reference: Arm,
  limit: number,
  { figure = 'p50', target }: { figure?: 'p50' | 'req/s'; target: string },
): RatioTarget {
  const pick = (runs: ArmRuns) => (figure === 'p50' ? runs.p50Ms : runs.requestsPerSecond);
  const subjectRuns = pick(runsOf(figures, subject));
  const referenceRuns = pick(runsOf(figures, reference));
  const ratio = summarizeRuns(ratiosPerRun(subjectRuns, referenceRuns));
  const bound = figure === 'p50' ? 'at most' : 'at least';
  return {
    target,
    subject: subject.name,
    reference: reference.name,
    figure,
    subjectMedian: summarizeRuns(subjectRuns).median,
    referenceMedian: summarizeRuns(referenceRuns).median,
    ratio,
    met: meetsTarget(ratio.median, limit, bound),
  };
}
