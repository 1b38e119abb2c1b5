import * as v from 'valibot';
import { LATEST_QUERY_TIME } from '../energy/types';
import { SmartMeterIdSchema } from '../meter-id';

// Query pieces several endpoints share: the meter in the path, and the `from`/`to` window.

export const MeterPathSchema = v.object({ smartMeterId: SmartMeterIdSchema });

/** A query value is a string unless its name is repeated (`?from=1&from=2`). */
export const ONCE_MESSAGE = 'must be given once';

// Query values are strings on the wire; 15 digits keep every accepted value a safe integer.
const EPOCH_SECONDS_QUERY_PATTERN = /^[0-9]{1,15}$/;

const EpochSecondsQuerySchema = v.pipe(
  v.string(ONCE_MESSAGE),
  v.regex(
    EPOCH_SECONDS_QUERY_PATTERN,
    'must be whole seconds since the Unix epoch (0 or more, at most 15 digits)',
  ),
  v.transform(Number),
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
