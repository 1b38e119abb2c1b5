import * as v from 'valibot';
import { objectMessage } from './object-message';
import {
  ChannelSchema,
  channelQueryEntry,
  cursorEntry,
  isOrderedWindow,
  pageSizeEntry,
  windowEntries,
} from './query';
import { MAX_READING_KW, MAX_SECONDS_AHEAD_OF_SERVER } from './readings';
import { TimeInputSchema } from './time';

/** At most this many intervals in one upload: a year of half hours and more. */
export const MAX_INTERVALS_PER_REQUEST = 20_000;
const SECONDS_PER_DAY = 86_400;

function latestAcceptedTime(): number {
  return Math.floor(Date.now() / 1000) + MAX_SECONDS_AHEAD_OF_SERVER;
}

const IntervalTimeSchema = v.pipe(
  TimeInputSchema,
  v.check(
    (time) => time <= latestAcceptedTime(),
    'must not be more than 24 hours after the server clock',
  ),
);

export const EnergyIntervalSchema = v.pipe(
  v.object(
    {
      start: v.pipe(
        IntervalTimeSchema,
        v.description('Start, inclusive: epoch seconds or ISO 8601 with an offset.'),
      ),
      end: v.pipe(
        IntervalTimeSchema,
        v.description('End, exclusive: after start, at most a day later.'),
      ),
      kwh: v.pipe(
        v.number('must be a number of kWh'),
        v.finite('must be a finite number of kWh'),
        v.minValue(0, 'must be 0 kWh or more'),
        v.description('Energy metered over the interval, spread evenly over it.'),
      ),
    },
    objectMessage('an interval: start, end and kwh'),
  ),
  v.forward(
    v.check((interval) => interval.end > interval.start, 'must be after start'),
    ['end'],
  ),
  v.forward(
    v.check(
      (interval) => interval.end - interval.start <= SECONDS_PER_DAY,
      'must be at most a day after start',
    ),
    ['end'],
  ),
  v.forward(
    v.check(
      (interval) => interval.kwh <= (MAX_READING_KW * (interval.end - interval.start)) / 3600,
      'must be at most 1,000,000 kW × the interval’s hours',
    ),
    ['kwh'],
  ),
  v.metadata({ ref: 'EnergyInterval' }),
);

/** `POST /meters/{smartMeterId}/intervals` as JSON. */
export const IntervalsInputSchema = v.pipe(
  v.object(
    {
      channel: v.optional(ChannelSchema, 'import'),
      // The length is checked before any interval: an oversized upload costs no per-row work.
      intervals: v.pipe(
        v.array(v.unknown(), 'must be an array of intervals'),
        v.minLength(1, 'must hold at least one interval'),
        v.maxLength(
          MAX_INTERVALS_PER_REQUEST,
          `must hold at most ${MAX_INTERVALS_PER_REQUEST} intervals`,
        ),
        v.array(EnergyIntervalSchema),
      ),
    },
    objectMessage('a JSON object with intervals'),
  ),
  v.metadata({
    ref: 'IntervalsRequest',
    example: {
      channel: 'import',
      intervals: [
        { start: '2024-03-01T00:00:00Z', end: '2024-03-01T00:30:00Z', kwh: 0.112 },
        { start: '2024-03-01T00:30:00Z', end: '2024-03-01T01:00:00Z', kwh: 0.098 },
      ],
    },
  }),
);
export type IntervalsInput = v.InferOutput<typeof IntervalsInputSchema>;

/** `?channel=` of a CSV upload. */
export const IntervalsUploadQuerySchema = v.object({ ...channelQueryEntry });

/** `GET /meters/{smartMeterId}/intervals?channel=&from=&to=&pageSize=&cursor=`. */
export const IntervalsQuerySchema = v.pipe(
  v.object({ ...windowEntries, ...channelQueryEntry, ...pageSizeEntry, ...cursorEntry }),
  v.forward(v.check(isOrderedWindow, 'must be after from'), ['to']),
);
export type IntervalsQuery = v.InferOutput<typeof IntervalsQuerySchema>;
