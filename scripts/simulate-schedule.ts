/**
 * When `npm run simulate` samples each meter and how it slices the samples into requests: the
 * same times for every meter, a day of samples a request, day by day across meters.
 */
const MAX_READINGS_PER_REQUEST = 10_000; // the API contract's limit per POST /readings/store
const SECONDS_PER_DAY = 86_400;
const HALF_HOUR_SECONDS = 1800;

/** Which samples each meter gets: the same times for every meter. */
export interface ReadingSchedule {
  readonly firstEpochSeconds: number;
  readonly lastEpochSeconds: number;
  readonly intervalSeconds: number;
  readonly readingsPerMeter: number;
  readonly readingsPerRequest: number;
  readonly requestsPerMeter: number;
}

/** One request's worth of samples: a slice of one meter's schedule. */
export interface Batch {
  readonly meterIndex: number;
  readonly firstReading: number;
  readonly count: number;
}

/** Times aligned to the interval in (now − D days, now]: D days of samples, never after now. */
export function readingSchedule(
  options: { readonly intervalSeconds: number; readonly days: number },
  nowEpochSeconds: number,
): ReadingSchedule {
  const { intervalSeconds, days } = options;
  const lastEpochSeconds = Math.floor(nowEpochSeconds / intervalSeconds) * intervalSeconds;
  // Open at the start, so that one day at 60 s is 1,440 readings, not a 1,441st in a request of its own.
  const firstEpochSeconds =
    (Math.floor((nowEpochSeconds - days * SECONDS_PER_DAY) / intervalSeconds) + 1) *
    intervalSeconds;
  const readingsPerMeter = Math.max(
    0,
    (lastEpochSeconds - firstEpochSeconds) / intervalSeconds + 1,
  );
  // A day of readings a request keeps requests alike whatever the interval, within the API's cap.
  const readingsPerRequest = Math.min(
    MAX_READINGS_PER_REQUEST,
    Math.max(1, Math.floor(SECONDS_PER_DAY / intervalSeconds)),
  );
  const requestsPerMeter = Math.ceil(readingsPerMeter / readingsPerRequest);
  return {
    firstEpochSeconds,
    lastEpochSeconds,
    intervalSeconds,
    readingsPerMeter,
    readingsPerRequest,
    requestsPerMeter,
  };
}

/**
 * Every request, day by day across meters rather than meter by meter: each meter is one Durable
 * Object that stores one batch at a time, so requests in flight together should reach different meters.
 */
export function* batches(meters: number, schedule: ReadingSchedule): Generator<Batch> {
  for (let request = 0; request < schedule.requestsPerMeter; request++) {
    const firstReading = request * schedule.readingsPerRequest;
    const count = Math.min(schedule.readingsPerRequest, schedule.readingsPerMeter - firstReading);
    for (let meterIndex = 0; meterIndex < meters; meterIndex++) {
      yield { meterIndex, firstReading, count };
    }
  }
}

/** The time of the batch's first sample. */
export function batchStartEpochSeconds(schedule: ReadingSchedule, batch: Batch): number {
  return schedule.firstEpochSeconds + batch.firstReading * schedule.intervalSeconds;
}

/** The whole half hours of the schedule, `[first, first + count × 1800)`, both edges sampled. */
function wholeHalfHours(schedule: ReadingSchedule): { first: number; count: number } {
  const first = Math.ceil(schedule.firstEpochSeconds / HALF_HOUR_SECONDS) * HALF_HOUR_SECONDS;
  const end = Math.floor(schedule.lastEpochSeconds / HALF_HOUR_SECONDS) * HALF_HOUR_SECONDS;
  return { first, count: Math.max(0, (end - first) / HALF_HOUR_SECONDS) };
}

/** How many whole half hours each meter posts as intervals. */
export function halfHoursPerMeter(schedule: ReadingSchedule): number {
  return wholeHalfHours(schedule).count;
}

/**
 * The whole half hours a batch posts as intervals: those starting among its samples' times. Each
 * half hour of the schedule belongs to exactly one batch of its meter.
 */
export function batchHalfHours(
  schedule: ReadingSchedule,
  batch: Batch,
): { firstStartEpochSeconds: number; count: number } {
  const halfHours = wholeHalfHours(schedule);
  const batchStart = batchStartEpochSeconds(schedule, batch);
  const batchEnd = batchStart + batch.count * schedule.intervalSeconds;
  const firstIndex = Math.max(0, Math.ceil((batchStart - halfHours.first) / HALF_HOUR_SECONDS));
  const endIndex = Math.min(
    halfHours.count,
    Math.max(0, Math.ceil((batchEnd - halfHours.first) / HALF_HOUR_SECONDS)),
  );
  return {
    firstStartEpochSeconds: halfHours.first + firstIndex * HALF_HOUR_SECONDS,
    count: Math.max(0, endIndex - firstIndex),
  };
}
