import * as v from 'valibot';
import { SmartMeterIdSchema } from '../meter-id';
import { objectMessage } from './object-message';
import { parseIsoWithOffset } from './time';

/** At most this many readings in one POST /readings/store. */
export const MAX_READINGS_PER_REQUEST = 10_000;
/** The largest accepted reading: a physical bound (a large factory), far above any household. */
export const MAX_READING_KW = 1_000_000;
/** Readings may be timestamped up to this far after the server's clock (meter clocks drift). */
export const MAX_SECONDS_AHEAD_OF_SERVER = 24 * 3600;

// As seconds this is year 5138; as milliseconds, 1973. Anything later and too far ahead is milliseconds.
const EARLIEST_MILLISECONDS_LOOKALIKE = 100_000_000_000;

function latestAcceptedTime(): number {
  return Math.floor(Date.now() / 1000) + MAX_SECONDS_AHEAD_OF_SERVER;
}

/** A millisecond timestamp is ~1000× the present in seconds: too late to be seconds, right once divided. */
function looksLikeMilliseconds(time: number): boolean {
  const latest = latestAcceptedTime();
  return time > latest && time >= EARLIEST_MILLISECONDS_LOOKALIKE && time / 1000 <= latest;
}

const READING_TIME_MESSAGE =
  'must be a number of seconds since the Unix epoch, or ISO 8601 with an offset (2026-10-01T12:00:00+01:00)';

/**
 * A reading's time: epoch seconds, or ISO 8601 with an offset as everywhere a time is sent (the
 * contract's rule for the API, which leaves this seed endpoint out nowhere); read as epoch seconds,
 * so the echo and every answer keep them.
 */
export const ReadingTimeSchema = v.pipe(
  v.union([v.number(READING_TIME_MESSAGE), v.string(READING_TIME_MESSAGE)], READING_TIME_MESSAGE),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    if (typeof dataset.value === 'number') return dataset.value;
    const seconds = parseIsoWithOffset(dataset.value);
    if (seconds === null) {
      addIssue({ message: READING_TIME_MESSAGE });
      return NEVER;
    }
    return seconds;
  }),
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
  v.description(
    'When the reading was taken, in whole seconds since the Unix epoch (or ISO 8601 with an offset, read as epoch seconds): from 0 up to 24 hours after the server clock. A number that looks like milliseconds is refused.',
  ),
  v.examples([1606636800]),
);

export const ReadingKwSchema = v.pipe(
  v.number('must be a number of kW'),
  v.finite('must be a finite number of kW'),
  v.minValue(0, 'must be 0 kW or more'),
  v.maxValue(MAX_READING_KW, 'must be at most 1,000,000 kW'),
  v.description('Instantaneous power at that time, in kW: a finite number from 0 to 1,000,000.'),
  v.examples([0.0503]),
);

export const ElectricityReadingSchema = v.pipe(
  v.object(
    { time: ReadingTimeSchema, reading: ReadingKwSchema },
    objectMessage('an object with time and reading'),
  ),
  v.metadata({ ref: 'ElectricityReading' }),
);

export const ReadingsInputSchema = v.pipe(
  v.object(
    {
      smartMeterId: SmartMeterIdSchema,
      // The length is checked before any reading: an oversized batch costs no per-reading work.
      electricityReadings: v.pipe(
        v.array(v.unknown(), 'must be an array of readings'),
        v.maxLength(
          MAX_READINGS_PER_REQUEST,
          `must hold at most ${MAX_READINGS_PER_REQUEST} readings per request`,
        ),
        v.array(ElectricityReadingSchema),
        v.description('At most 10,000 readings, in any order; an empty array stores nothing.'),
      ),
    },
    objectMessage('a JSON object with smartMeterId and electricityReadings'),
  ),
  v.description(
    "A meter's readings. Stored by time: a time already stored is replaced, and the whole batch is stored or none of it. Unknown fields are ignored.",
  ),
  v.metadata({
    ref: 'StoreReadingsRequest',
    example: {
      smartMeterId: 'smart-meter-0',
      electricityReadings: [
        { time: 1606636800, reading: 0.0503 },
        { time: 1606636860, reading: 0.0621 },
        { time: 1606636920, reading: 0.0222 },
        { time: 1606636980, reading: 0.0423 },
        { time: 1606637040, reading: 0.0191 },
      ],
    },
  }),
);
export type ReadingsInput = v.InferOutput<typeof ReadingsInputSchema>;
