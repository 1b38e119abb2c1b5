/**
 * Totals of many rows of sums, key by key, added with Neumaier's compensation (as SQLite's TOTAL
 * adds): a year of day rows adds to the same digits whichever order of magnitude each day has.
 */
export class SumTotals {
  readonly #sums = new Map<string, number>();
  readonly #compensations = new Map<string, number>();

  add(key: string, value: number): void {
    const sum = this.#sums.get(key) ?? 0;
    const next = sum + value;
    // What the addition lost, from the smaller of the two operands.
    const lost = Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    this.#sums.set(key, next);
    this.#compensations.set(key, (this.#compensations.get(key) ?? 0) + lost);
  }

  addAll(sums: Readonly<Record<string, number>>): void {
    for (const [key, value] of Object.entries(sums)) this.add(key, value);
  }

  /** Each key's total, its lost low-order part added back. */
  totals(): Map<string, number> {
    const totals = new Map<string, number>();
    for (const [key, sum] of this.#sums) totals.set(key, sum + (this.#compensations.get(key) ?? 0));
    return totals;
  }
}
