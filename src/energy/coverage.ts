/**
 * Where a meter has data: disjoint spans `[from, to]` ascending (between its first and last
 * reading, or over its intervals). Usage shows only intervals that hold some of it: missing data
 * is absent, not zero.
 */
export class Coverage {
  readonly #spans: readonly (readonly [number, number])[];

  /** From spans in any order, overlapping or touching ones joined. */
  constructor(spans: readonly (readonly [number, number])[]) {
    const sorted = spans.filter(([from, to]) => to > from).sort((a, b) => a[0] - b[0]);
    const joined: [number, number][] = [];
    for (const [from, to] of sorted) {
      const last = joined.at(-1);
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else joined.push([from, to]);
    }
    this.#spans = joined;
  }

  /** Index of the first span ending after `time`. */
  #firstEndingAfter(time: number): number {
    let low = 0;
    let high = this.#spans.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.#spans[middle] as [number, number])[1] <= time) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Whether `[from, to)` shares a stretch of time with the data. */
  overlaps(from: number, to: number): boolean {
    const span = this.#spans[this.#firstEndingAfter(from)];
    return span !== undefined && span[0] < to;
  }

  /** The first instant at or after `time` inside the data, or `null` when none is. */
  nextCovered(time: number): number | null {
    const span = this.#spans[this.#firstEndingAfter(time)];
    return span === undefined ? null : Math.max(span[0], time);
  }
}
