import * as v from 'valibot';
import { LATEST_QUERY_TIME } from '../energy/types';
import { SmartMeterIdSchema } from '../meter-id';
import { parseIsoWithOffset } from './time';

// Query pieces several endpoints share: the meter in the path, and the `from`/`to` window.

export const MeterPathSchema = v.object({ smartMeterId: SmartMeterIdSchema });

/** A query value is a string unless its name is repeated (`?from=1&from=2`). */
export const ONCE_MESSAGE = 'must be given once';

// Query values are strings on the wire; 15 digits keep every accepted value a safe integer.
const EPOCH_SECONDS_QUERY_PATTERN = /^[0-9]{1,15}$/;
// Epoch seconds, or ISO 8601 with an offset: the wire form the OpenAPI document shows.
const TIME_QUERY_PATTERN =
  /^([0-9]{1,15}|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2}))$/;
const PLUS_SENT_AS_SPACE = /(T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?) ([0-9]{2}:[0-9]{2})$/;
const TIME_QUERY_MESSAGE =
  'must be whole seconds since the Unix epoch (0 or more, at most 15 digits) or ISO 8601 with an offset (2024-03-31T00:00:00Z)';

/** An instant in a query: epoch seconds, or ISO 8601 with an offset; up to the end of 9999. */
export const EpochSecondsQuerySchema = v.pipe(
  v.string(ONCE_MESSAGE),
  // An unescaped `+` of an offset arrives as a space (form encoding): read it as the `+` it was.
  v.transform((text) => text.replace(PLUS_SENT_AS_SPACE, '$1+$2')),
  v.regex(TIME_QUERY_PATTERN, TIME_QUERY_MESSAGE),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const text = dataset.value;
    const seconds = EPOCH_SECONDS_QUERY_PATTERN.test(text)
      ? Number(text)
      : parseIsoWithOffset(text);
    if (seconds === null || seconds < 0) {
      addIssue({ message: TIME_QUERY_MESSAGE });
      return NEVER;
    }
    return seconds;
  }),
  v.maxValue(LATEST_QUERY_TIME, 'must be at most 253402300799 (9999-12-31T23:59:59Z)'),
);

/** `from` and `to` of a window, as query entries to spread into an endpoint's query object. */
export const windowEntries = {
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
export function isOrderedWindow<
  Window extends { from?: number | undefined; to?: number | undefined },
>(window: Window): boolean {
  return window.from === undefined || window.to === undefined || window.from < window.to;
}

/** `?from=&to=`: only readings with from <= time < to count. */
export const WindowQuerySchema = v.pipe(
  v.object(windowEntries),
  v.forward(v.check(isOrderedWindow, 'must be after from'), ['to']),
);
export type WindowQuery = v.InferOutput<typeof WindowQuerySchema>;

/** Items per page, at most. */
export const MAX_PAGE_SIZE = 10_000;

/** `pageSize` of a paged list: 1 to 10,000, default 1,000. */
export const pageSizeEntry = {
  pageSize: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.regex(/^[1-9][0-9]{0,4}$/, 'must be a whole number from 1 to 10000'),
      v.transform(Number),
      v.maxValue(MAX_PAGE_SIZE, 'must be a whole number from 1 to 10000'),
      v.description('Items per page, 1 to 10,000.'),
    ),
    '1000',
  ),
};

/** `cursor` of a paged list: the previous page's `next`, as it came (checked by the handler). */
export const cursorEntry = {
  cursor: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.maxLength(512, 'is not a cursor this API gave out'),
      v.description('`next` of the previous page, as it came; the other parameters unchanged.'),
    ),
  ),
};

/** `channel` of intervals and rates: import (what the household draws) or export. */
export const ChannelSchema = v.picklist(['import', 'export'], 'must be import or export');
export const channelQueryEntry = {
  channel: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      ChannelSchema,
      v.description('import (energy drawn from the grid, the default) or export (sent to it).'),
    ),
    'import',
  ),
};
