/** Deterministic minute-by-minute household readings, and posting them through the public API. */
import { authorizationHeader } from './tokens.ts';

/** 2024-01-01T00:00:00Z: 1,000,000 minutes later is still in the past, as the API requires. */
export const T0_EPOCH_SECONDS = 1_704_067_200;
export const SECONDS_PER_MINUTE = 60;
/** The API's largest batch. */
export const BATCH_SIZE = 10_000;

/** Time of reading number `index`: one a minute from T0. */
export function readingTime(index: number): number {
  return T0_EPOCH_SECONDS + index * SECONDS_PER_MINUTE;
}

/**
 * Power (kW) at reading number `index`: a base load with morning and evening peaks, plus up to
 * 0.2 kW of deterministic jitter, to the watt like a real meter.
 */
export function readingKw(index: number): number {
  const hourOfDay = (index % 1440) / 60;
  const profileKw =
    0.3 +
    0.4 * Math.exp(-((hourOfDay - 8) ** 2) / 2) +
    0.9 * Math.exp(-((hourOfDay - 19) ** 2) / 4);
  // Knuth's multiplicative hash spreads consecutive indexes; index × 2654435761 stays below 2^53.
  const jitterKw = (((index * 2_654_435_761) % 1000) / 1000) * 0.2;
  return Math.round((profileKw + jitterKw) * 1000) / 1000;
}

/**
 * The POST /readings/store body for `count` readings from number `firstIndex`, every
 * `everyMinutes`th of the minute series.
 */
export function storeBody(
  smartMeterId: string,
  firstIndex: number,
  count: number,
  everyMinutes = 1,
): string {
  const electricityReadings = Array.from({ length: count }, (_, offset) => ({
    time: readingTime(firstIndex + offset * everyMinutes),
    reading: readingKw(firstIndex + offset * everyMinutes),
  }));
  return JSON.stringify({ smartMeterId, electricityReadings });
}

/** Bodies of full batches holding `readingCount` readings from `firstIndex`, every `everyMinutes`th. */
export function batchBodies(
  smartMeterId: string,
  readingCount: number,
  firstIndex = 0,
  everyMinutes = 1,
): string[] {
  const batchCount = Math.ceil(readingCount / BATCH_SIZE);
  return Array.from({ length: batchCount }, (_, batch) => {
    const offset = batch * BATCH_SIZE;
    const size = Math.min(BATCH_SIZE, readingCount - offset);
    return storeBody(smartMeterId, firstIndex + offset * everyMinutes, size, everyMinutes);
  });
}

/** Posts the bodies one after another and returns each request's time (ms); throws on a refusal. */
export async function postSequentially(
  origin: string,
  smartMeterId: string,
  bodies: readonly string[],
): Promise<number[]> {
  const requestMs: number[] = [];
  for (const body of bodies) {
    const started = performance.now();
    const response = await fetch(`${origin}/readings/store`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authorizationHeader(smartMeterId) },
      body,
    });
    // Read the echoed body: the request is over only then, and the connection can be reused.
    await response.arrayBuffer();
    requestMs.push(performance.now() - started);
    if (!response.ok) throw new Error(`POST /readings/store: HTTP ${response.status}`);
  }
  return requestMs;
}
