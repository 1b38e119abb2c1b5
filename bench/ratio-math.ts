/**
 * The arithmetic of interleaved ratios: percentiles of a run's latencies, a ratio per run, and
 * the median and spread of the runs. Pure, with no Node import, so that it is unit-tested in
 * workerd with the rest of the project's pure code.
 */

/** The value below which a share `q` (0–1) of the sorted values fall (nearest rank). */
export function percentile(sortedValues: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sortedValues.length));
  return sortedValues[rank - 1] ?? Number.NaN;
}

/** The median by nearest rank (the lower middle of an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** The 50th and 99th percentiles of some latencies, in the order given. */
export function latencyPercentiles(latenciesMs: readonly number[]): { p50: number; p99: number } {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

/** How a figure of several runs is reported: the median run and the range of all of them. */
export interface RunsSummary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

/** The median and the min–max spread of one figure over runs. */
export function summarizeRuns(runs: readonly number[]): RunsSummary {
  return {
    median: median(runs),
    min: runs.length === 0 ? Number.NaN : Math.min(...runs),
    max: runs.length === 0 ? Number.NaN : Math.max(...runs),
    runs: [...runs],
  };
}

/** subject / reference for each run (the two lists are of the same runs, in order). */
export function ratiosPerRun(subject: readonly number[], reference: readonly number[]): number[] {
  if (subject.length !== reference.length) {
    throw new Error(`${subject.length} subject runs against ${reference.length} reference runs`);
  }
  return subject.map((value, run) => value / (reference[run] ?? Number.NaN));
}

/**
 * The order arms are measured in for each round of a run: forwards, then backwards, so that a
 * speed drifting steadily through a run weighs on every arm alike (A B C, C B A, A B C, …).
 */
export function roundOrder<Arm>(arms: readonly Arm[], round: number): Arm[] {
  return round % 2 === 0 ? [...arms] : [...arms].reverse();
}

/** Whether a ratio meets a target that bounds it from above (`at most`) or below (`at least`). */
export function meetsTarget(ratio: number, limit: number, bound: 'at most' | 'at least'): boolean {
  return bound === 'at most' ? ratio <= limit : ratio >= limit;
}
