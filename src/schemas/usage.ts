import * as v from 'valibot';
import { GROUP_BY } from '../energy/calendar';
import { canonicalTimeZone, isKnownTimeZone, isSameTimeZone } from '../energy/time-zone';
import { decodeUsageCursor } from '../http/usage-cursor';
import { isOrderedWindow, ONCE_MESSAGE, windowEntries } from './query';

/** Usage intervals per page, at most. */
export const MAX_USAGE_PAGE_SIZE = 10_000;

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
