import * as v from 'valibot';

/** At most this many readings in one POST /readings/store. */
export const MAX_READINGS_PER_REQUEST = 10_000;
/** Readings may be timestamped up to this far after the server's clock (meter clocks drift). */
export const MAX_SECONDS_AHEAD_OF_SERVER = 24 * 3600;

const SMART_METER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// Query values are strings on the wire; 15 digits keep every accepted value a safe integer.
const EPOCH_SECONDS_QUERY_PATTERN = /^[0-9]{1,15}$/;
// As seconds this is year 5138; as milliseconds, 1973. Anything later and too far ahead is milliseconds.
const EARLIEST_MILLISECONDS_LOOKALIKE = 100_000_000_000;
const POSITIVE_WHOLE_NUMBER_QUERY_PATTERN = /^[1-9][0-9]{0,14}$/;

function latestAcceptedTime(): number {
  return Math.floor(Date.now() / 1000) + MAX_SECONDS_AHEAD_OF_SERVER;
}

/** A millisecond timestamp is ~1000× the present in seconds: too late to be seconds, right once divided. */
function looksLikeMilliseconds(time: number): boolean {
  const latest = latestAcceptedTime();
  return time > latest && time >= EARLIEST_MILLISECONDS_LOOKALIKE && time / 1000 <= latest;
}

/** Message for an object schema: a missing field is "required", anything else is not the object. */
function objectMessage(what: string) {
  return (issue: v.ObjectIssue): string =>
    issue.expected?.startsWith('"') ? 'is required' : `must be ${what}`;
}

export const SmartMeterIdSchema = v.pipe(
  v.string(),
  v.regex(
    SMART_METER_ID_PATTERN,
    'must be 1–64 characters of A–Z a–z 0–9 . _ -, starting with a letter or digit',
  ),
);

export const ReadingTimeSchema = v.pipe(
  v.number('must be a number of seconds since the Unix epoch'),
  v.integer('must be whole seconds since the Unix epoch'),
  v.minValue(0, 'must not be before the Unix epoch (0)'),
  v.check(
    (time) => !looksLikeMilliseconds(time),
    'looks like milliseconds since the epoch: send whole seconds',
  ),
  v.check(
    (time) => looksLikeMilliseconds(time) || time <= latestAcceptedTime(),
    'must not be more than 24 hours after the server clock',
  ),
);

export const ReadingKwSchema = v.pipe(
  v.number('must be a number of kW'),
  v.finite('must be a finite number of kW'),
  v.minValue(0, 'must be 0 kW or more'),
);

export const ElectricityReadingSchema = v.object(
  { time: ReadingTimeSchema, reading: ReadingKwSchema },
  objectMessage('an object with time and reading'),
);

export const ReadingsInputSchema = v.object(
  {
    smartMeterId: SmartMeterIdSchema,
    electricityReadings: v.pipe(
      v.array(ElectricityReadingSchema, 'must be an array of readings'),
      v.maxLength(
        MAX_READINGS_PER_REQUEST,
        `must hold at most ${MAX_READINGS_PER_REQUEST} readings per request`,
      ),
    ),
  },
  objectMessage('a JSON object with smartMeterId and electricityReadings'),
);
export type ReadingsInput = v.InferOutput<typeof ReadingsInputSchema>;

export const MeterPathSchema = v.object({ smartMeterId: SmartMeterIdSchema });

const EpochSecondsQuerySchema = v.pipe(
  v.string(),
  v.regex(EPOCH_SECONDS_QUERY_PATTERN, 'must be whole seconds since the Unix epoch (0 or more)'),
  v.transform(Number),
);

/** `from` must come before `to` when both are given. */
function isOrderedWindow<Window extends { from?: number | undefined; to?: number | undefined }>(
  window: Window,
): boolean {
  return window.from === undefined || window.to === undefined || window.from < window.to;
}

const windowEntries = {
  from: v.optional(EpochSecondsQuerySchema),
  to: v.optional(EpochSecondsQuerySchema),
};

/** `?from=&to=`: only readings with from <= time < to count. */
export const WindowQuerySchema = v.pipe(
  v.object(windowEntries),
  v.forward(v.check(isOrderedWindow, 'must be after from'), ['to']),
);
export type WindowQuery = v.InferOutput<typeof WindowQuerySchema>;

/** `?limit=N[&from=&to=]` of recommend. */
export const RecommendQuerySchema = v.pipe(
  v.object({
    ...windowEntries,
    limit: v.optional(
      v.pipe(
        v.string(),
        v.regex(POSITIVE_WHOLE_NUMBER_QUERY_PATTERN, 'must be a whole number of 1 or more'),
        v.transform(Number),
      ),
    ),
  }),
  v.forward(v.check(isOrderedWindow, 'must be after from'), ['to']),
);
export type RecommendQuery = v.InferOutput<typeof RecommendQuerySchema>;
