/**
 * How soon a meter's live feed tells its listeners about a store. An update carries `time`, the
 * latest instant of the meter's data, and the meter may fold several stores into one update; so a
 * store is delivered by the first update whose `time` reaches the store's latest data time. That
 * holds when each meter's stores go one after another in time order, as `npm run simulate --live`
 * posts them.
 */

/** A store the API answered: when, and the latest instant of the data it carried. */
export interface AnsweredStore {
  /** On the `performance.now()` clock. */
  readonly answeredAtMs: number;
  readonly latestDataTime: number;
}

/** An update a socket received: when, and the `time` it carried. */
export interface ReceivedUpdate {
  /** On the `performance.now()` clock. */
  readonly receivedAtMs: number;
  readonly time: number;
}

/** Each store's delay to the socket, in ms (update received − store answered), and the stores no update reached. */
export interface Deliveries {
  readonly latenciesMs: number[];
  readonly undelivered: number;
}

/** Pairs each store of a meter with the first update of one socket that holds its data. */
export function deliveries(
  stores: readonly AnsweredStore[],
  updates: readonly ReceivedUpdate[],
): Deliveries {
  const byReceipt = [...updates].sort((a, b) => a.receivedAtMs - b.receivedAtMs);
  // The latest time heard so far, after each update: ascending, so it can be searched.
  const heardUntil: number[] = [];
  for (const { time } of byReceipt) heardUntil.push(Math.max(time, heardUntil.at(-1) ?? time));
  const latenciesMs: number[] = [];
  let undelivered = 0;
  for (const store of stores) {
    const index = firstReaching(heardUntil, store.latestDataTime);
    const update = byReceipt[index];
    if (update === undefined) undelivered += 1;
    else latenciesMs.push(update.receivedAtMs - store.answeredAtMs);
  }
  return { latenciesMs, undelivered };
}

/** The first index whose value is `target` or more in ascending `values` (its length if none). */
function firstReaching(values: readonly number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) >= target) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The nearest-rank percentile (0 < p ≤ 100) of values sorted ascending. */
export function percentile(sortedValues: readonly number[], p: number): number {
  if (sortedValues.length === 0) throw new Error('no values to take a percentile of');
  const rank = Math.ceil((p / 100) * sortedValues.length);
  return sortedValues[Math.min(sortedValues.length, Math.max(1, rank)) - 1] as number;
}

/** Delivery delays summed up; negative delays are updates that arrived before the store's answer. */
export interface LatencySummary {
  readonly deliveries: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Updates that reached the socket before the store's HTTP answer reached the poster. */
  readonly beforeAnswer: number;
}

/** The summary of every delivery delay, or `null` when there was none. */
export function summarizeLatencies(latenciesMs: readonly number[]): LatencySummary | null {
  if (latenciesMs.length === 0) return null;
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    deliveries: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) as number,
    beforeAnswer: sorted.filter((latency) => latency < 0).length,
  };
}
