import type { Reading } from '../energy/types';

/**
 * How an hour of readings is kept in one row, in as few bytes as the readings allow: stored
 * bytes are billed every month for as long as a meter's history is kept, and a year of minute
 * readings is half a million of them.
 *
 * An hour row is JSON text of one of two shapes:
 * - `{"s":[first,step],…}` when the readings are evenly spaced (a meter's usual cadence), else
 *   `{"d":[first,Δ1,Δ2,…]}`: offsets in seconds into the hour, each after the first as the
 *   difference from the one before;
 * - `"k":[…]` whole numbers with `"e"` decimals (kW × 10^e) when every reading is exactly such
 *   a decimal, as meters send them (to the watt: e = 3), else `"v":[…]` the kW themselves.
 * Both give back exactly the numbers stored. Rows of the first layout (`[offset, kW, …]`,
 * starting with `[`) read as they are, and take the compact shape when their hour is next written.
 */

interface HourRowText {
  /** Evenly spaced offsets: the first one and the step. */
  readonly s?: readonly [number, number];
  /** Offsets otherwise: the first one, then each one's difference from the one before. */
  readonly d?: readonly number[];
  /** Decimals of `k`. */
  readonly e?: number;
  /** kW × 10^e, each a whole number. */
  readonly k?: readonly number[];
  /** kW as they are, when some reading is no short decimal. */
  readonly v?: readonly number[];
}

// Up to a micro-kW: beyond that a decimal text is no shorter than the number's own.
const MAX_DECIMALS = 6;

/** The fewest decimals e for which every kW is exactly (whole number) / 10^e, if any. */
function decimalsOf(values: readonly number[]): number | undefined {
  for (let decimals = 0; decimals <= MAX_DECIMALS; decimals++) {
    const scale = 10 ** decimals;
    const exact = values.every((kw) => {
      const whole = Math.round(kw * scale);
      return Number.isSafeInteger(whole) && Object.is(whole / scale, kw);
    });
    if (exact) return decimals;
  }
  return undefined;
}

function offsetsText(offsets: readonly number[]): Pick<HourRowText, 's' | 'd'> {
  const [first = 0, second] = offsets;
  const step = second === undefined ? 0 : second - first;
  const even = offsets.every((offset, index) => offset === first + index * step);
  if (even) return { s: [first, step] };
  return {
    d: offsets.map((offset, index) => (index === 0 ? offset : offset - (offsets[index - 1] ?? 0))),
  };
}

/** An hour's readings (sorted by time, one per time, all inside the hour) as row text. */
export function encodeHour(hour: number, readings: readonly Reading[]): string {
  const start = hour * 3600;
  const values = readings.map(({ reading }) => reading);
  const decimals = decimalsOf(values);
  const kw =
    decimals === undefined
      ? { v: values }
      : { e: decimals, k: values.map((value) => Math.round(value * 10 ** decimals)) };
  return JSON.stringify({ ...offsetsText(readings.map(({ time }) => time - start)), ...kw });
}

function offsetsOf(row: HourRowText, count: number): number[] {
  if (row.s) {
    const [first, step] = row.s;
    return Array.from({ length: count }, (_, index) => first + index * step);
  }
  const offsets: number[] = [];
  let offset = 0;
  for (const [index, difference] of (row.d ?? []).entries()) {
    offset = index === 0 ? difference : offset + difference;
    offsets.push(offset);
  }
  return offsets;
}

/** The readings of an hour row, in time order, exactly as they were stored. */
export function decodeHour(hour: number, text: string): Reading[] {
  const start = hour * 3600;
  if (text.startsWith('[')) {
    // The first layout: [offset, kW, offset, kW, …].
    const values = JSON.parse(text) as number[];
    const readings: Reading[] = [];
    for (let i = 0; i + 1 < values.length; i += 2) {
      readings.push({ time: start + (values[i] as number), reading: values[i + 1] as number });
    }
    return readings;
  }
  const row = JSON.parse(text) as HourRowText;
  const scale = 10 ** (row.e ?? 0);
  const kw = row.k ? row.k.map((whole) => whole / scale) : [...(row.v ?? [])];
  const offsets = offsetsOf(row, kw.length);
  return kw.map((reading, index) => ({ time: start + (offsets[index] ?? 0), reading }));
}
