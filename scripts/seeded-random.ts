/**
 * Seeded randomness for simulated and demo data: pure functions of integers, so the same inputs
 * give the same numbers on every run, whatever order they are asked in.
 */

/** mulberry32: a tiny 32-bit PRNG, uniform in [0, 1); enough for simulated data, not for secrets. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A 32-bit seed mixed from integers (murmur3's finaliser), so nearby inputs give unrelated seeds. */
export function seedOf(...parts: readonly number[]): number {
  let hash = 0x9e3779b9;
  for (const part of parts) {
    // Splits values above 2^32 (large --seed values) into two words instead of truncating them.
    hash = Math.imul(hash ^ ((part % 2 ** 32) | 0), 0x85ebca6b);
    hash = Math.imul(hash ^ Math.floor(part / 2 ** 32) ^ (hash >>> 13), 0xc2b2ae35);
  }
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** A uniform number in [from, to). */
export function between(random: () => number, from: number, to: number): number {
  return from + (to - from) * random();
}
