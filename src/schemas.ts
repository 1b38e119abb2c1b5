import * as v from 'valibot';
import { PRICE_PLANS, pricePlanById } from './config/price-plans';
import { GROUP_BY, isPeriodDate, PERIODS } from './energy/calendar';
import {
  canonicalTimeZone,
  isKnownTimeZone,
  isSameTimeZone,
  type LocalDate,
} from './energy/time-zone';
import { LATEST_QUERY_TIME } from './energy/types';
import { decodeUsageCursor } from './http/usage-cursor';
import { SmartMeterIdSchema } from './meter-id';

export { SmartMeterIdSchema };

/** At most this many readings in one POST /readings/store. */
export const MAX_READINGS_PER_REQUEST = 10_000;
/** The largest accepted reading: a physical bound (a large factory), far above any household. */
export const MAX_READING_KW = 1_000_000;
/** Readings may be timestamped up to this far after the server's clock (meter clocks drift). */
export const MAX_SECONDS_AHEAD_OF_SERVER = 24 * 3600;

// Query values are strings on the wire; 15 digits keep every accepted value a safe integer.
const EPOCH_SECONDS_QUERY_PATTERN = /^[0-9]{1,15}$/;
// As seconds this is year 5138; as milliseconds, 1973. Anything later and too far ahead is milliseconds.
const EARLIEST_MILLISECONDS_LOOKALIKE = 100_000_000_000;
const POSITIVE_WHOLE_NUMBER_QUERY_PATTERN = /^[1-9][0-9]{0,14}$/;
/** Usage intervals per page, at most. */
export const MAX_USAGE_PAGE_SIZE = 10_000;

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
  v.description(
    'When the reading was taken, in whole seconds since the Unix epoch: from 0 up to 24 hours after the server clock. A value that looks like milliseconds is refused.',
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

export const MeterPathSchema = v.object({ smartMeterId: SmartMeterIdSchema });

// A query value is a string unless its name is repeated (`?from=1&from=2`).
const ONCE_MESSAGE = 'must be given once';

const EpochSecondsQuerySchema = v.pipe(
  v.string(ONCE_MESSAGE),
  v.regex(
    EPOCH_SECONDS_QUERY_PATTERN,
    'must be whole seconds since the Unix epoch (0 or more, at most 15 digits)',
  ),
  v.transform(Number),
  v.maxValue(LATEST_QUERY_TIME, 'must be at most 253402300799 (9999-12-31T23:59:59Z)'),
);

const windowEntries = {
  from: v.optional(
    v.pipe(
      EpochSecondsQuerySchema,
      v.description(
        'Start of the window, inclusive, in whole seconds since the Unix epoch. Must be before `to`.',
      ),
    ),
  ),
  to: v.optional(
    v.pipe(
      EpochSecondsQuerySchema,
      v.description('End of the window, exclusive, in whole seconds since the Unix epoch.'),
    ),
  ),
};

/** `from` must come before `to` when both are given. */
function isOrderedWindow<Window extends { from?: number | undefined; to?: number | undefined }>(
  window: Window,
): boolean {
  return window.from === undefined || window.to === undefined || window.from < window.to;
}

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
        v.string(ONCE_MESSAGE),
        v.regex(
          POSITIVE_WHOLE_NUMBER_QUERY_PATTERN,
          'must be a whole number of 1 or more (at most 15 digits, no leading zero)',
        ),
        v.transform(Number),
        v.description(
          'How many plans to return, cheapest first: a whole number of 1 or more. More than the number of plans returns them all.',
        ),
      ),
    ),
  }),
  v.forward(v.check(isOrderedWindow, 'must be after from'), ['to']),
);
export type RecommendQuery = v.InferOutput<typeof RecommendQuerySchema>;

/** `?groupBy=&timeZone=&pageSize=&cursor=[&from=&to=]` of usage over time. */
export const UsageQuerySchema = v.pipe(
  v.object({
    ...windowEntries,
    groupBy: v.optional(
      v.pipe(
        v.string(ONCE_MESSAGE),
        v.picklist(GROUP_BY, `must be one of ${GROUP_BY.join(', ')}`),
        v.examples(['day']),
        v.description(
          'The length of each interval, calendar-aligned in `timeZone`: weeks start on Monday, months are calendar months.',
        ),
      ),
      'half_hour',
    ),
    timeZone: v.optional(
      v.pipe(
        v.string(ONCE_MESSAGE),
        v.maxLength(64, 'must be an IANA time zone name, e.g. Europe/London'),
        v.check(isKnownTimeZone, 'must be a time zone Intl knows, e.g. Europe/London'),
        v.transform(canonicalTimeZone),
        v.description(
          "IANA time zone of the intervals; the account plan's zone when left out, else UTC.",
        ),
        v.examples(['Europe/London']),
      ),
    ),
    pageSize: v.optional(
      v.pipe(
        v.string(ONCE_MESSAGE),
        v.regex(/^[1-9][0-9]{0,4}$/, 'must be a whole number from 1 to 10000'),
        v.transform(Number),
        v.maxValue(MAX_USAGE_PAGE_SIZE, 'must be a whole number from 1 to 10000'),
        v.description('Intervals per page, 1 to 10,000.'),
      ),
      '1000',
    ),
    cursor: v.optional(
      v.pipe(
        v.string(ONCE_MESSAGE),
        v.maxLength(512, 'is not a cursor this API gave out'),
        v.rawTransform(({ dataset, addIssue, NEVER }) => {
          const cursor = decodeUsageCursor(dataset.value);
          if (cursor) return cursor;
          addIssue({ message: 'is not a cursor this API gave out: pass `next` as it came' });
          return NEVER;
        }),
        v.description('`next` of the previous page, as it came; the other parameters unchanged.'),
      ),
    ),
  }),
  v.forward(v.check(isOrderedWindow, 'must be after from'), ['to']),
  v.forward(
    v.check(
      ({ cursor, groupBy, timeZone, from, to }) =>
        cursor === undefined ||
        (cursor.groupBy === groupBy &&
          (cursor.timeZone === undefined || timeZone === undefined
            ? cursor.timeZone === timeZone
            : isSameTimeZone(cursor.timeZone, timeZone)) &&
          cursor.from === from &&
          cursor.to === to &&
          (from === undefined || cursor.at >= from) &&
          (to === undefined || cursor.at < to)),
      'belongs to another query: repeat the groupBy, timeZone, from and to it came with',
    ),
    ['cursor'],
  ),
);
export type UsageQuery = v.InferOutput<typeof UsageQuerySchema>;

/** `POST /meters/{smartMeterId}/revocations`: which of the meter's tokens to revoke. */
export const RevocationInputSchema = v.pipe(
  v.object(
    {
      scope: v.pipe(
        v.picklist(['device', 'viewer'], 'must be device or viewer'),
        v.description("The scope whose tokens to revoke: the meter's own, or its customer's."),
      ),
    },
    objectMessage('a JSON object with scope'),
  ),
  v.metadata({ ref: 'RevocationRequest', example: { scope: 'viewer' } }),
);

/** `PUT /meters/{smartMeterId}/account`: the plan to put the meter's customer on. */
export const AccountInputSchema = v.pipe(
  v.object(
    {
      pricePlanId: v.pipe(
        v.string('must be the id of a plan of the catalogue'),
        v.check(
          (pricePlanId) => pricePlanById(pricePlanId) !== undefined,
          `must be the id of a plan of the catalogue: ${PRICE_PLANS.map((plan) => plan.id).join(', ')}`,
        ),
        v.description('A plan of GET /price-plans.'),
      ),
    },
    objectMessage('a JSON object with pricePlanId'),
  ),
  v.metadata({ ref: 'AccountRequest', example: { pricePlanId: 'price-plan-1' } }),
);

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` that exists (no 30 February), from 1970. */
function isCalendarDate(text: string): boolean {
  const [, year, month, day] = ISO_DATE_PATTERN.exec(text) ?? [];
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    date.toISOString().slice(0, 10) === text &&
    isPeriodDate({ year: Number(year), month: Number(month), day: Number(day) })
  );
}

/** `?period=&date=&show=[&token=]` of the customer's page. */
export const DashboardQuerySchema = v.object({
  period: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.picklist(PERIODS, `must be one of ${PERIODS.join(', ')}`),
      v.description('The period shown: a day by half hour, a week or a month by day.'),
    ),
    'month',
  ),
  date: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.check(isCalendarDate, 'must be a date YYYY-MM-DD, from 1970'),
      v.transform((text): LocalDate => {
        const [year = 0, month = 0, day = 0] = text.split('-').map(Number);
        return { year, month, day };
      }),
      v.description(
        'A local date in the period to show; the latest full period with readings when left out.',
      ),
    ),
  ),
  show: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.picklist(['kwh', 'cost'], 'must be kwh or cost'),
      v.description('What the bars show: energy or its cost on the account’s plan.'),
    ),
    'kwh',
  ),
  token: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.description(
        'A sign-in link’s token: kept in a cookie for this meter’s pages, then the page is reloaded without it.',
      ),
    ),
  ),
});
