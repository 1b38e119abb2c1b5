import * as v from 'valibot';
import { GROUP_BY } from '../energy/calendar';
import { canonicalTimeZone, isKnownTimeZone } from '../energy/time-zone';
import { USAGE_CURSOR_PATTERN } from '../http/usage-cursor';
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
        v.maxLength(512, 'is not a cursor this API gave out: pass `next` as it came'),
        // Its signature and the query it belongs to are checked where the key is at hand.
        v.regex(USAGE_CURSOR_PATTERN, 'is not a cursor this API gave out: pass `next` as it came'),
        v.description(
          '`next` of the previous page, as it came, with the other parameters unchanged. Signed by the API: one a client made or changed is refused (422).',
        ),
      ),
    ),
  }),
  v.forward(v.check(isOrderedWindow, 'must be after from'), ['to']),
);
export type UsageQuery = v.InferOutput<typeof UsageQuerySchema>;
