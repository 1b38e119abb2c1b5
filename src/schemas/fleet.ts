import * as v from 'valibot';
import { SECONDS_PER_HALF_HOUR } from '../energy/fleet-figures';
import { FLEET_GROUP_BY } from '../energy/fleet-intervals';
import { objectMessage } from './object-message';
import {
  cursorEntry,
  EpochSecondsQuerySchema,
  isOrderedWindow,
  ONCE_MESSAGE,
  pageSizeEntry,
} from './query';
import { PLAN_ID_PATTERN } from './tariffs';

// The fleet keeps energy per UTC half hour: a window can only start and end on one.
const HalfHourQuerySchema = v.pipe(
  EpochSecondsQuerySchema,
  v.check(
    (time) => time % SECONDS_PER_HALF_HOUR === 0,
    'must be on a UTC half-hour boundary (:00 or :30), as the fleet keeps energy per half hour',
  ),
);

/** `GET /fleet/usage?from=&to=&groupBy=&pageSize=&cursor=`. */
export const FleetUsageQuerySchema = v.pipe(
  v.object(
    {
      from: v.pipe(
        HalfHourQuerySchema,
        v.description(
          'Start of the window, inclusive, on a UTC half-hour boundary: epoch seconds or ISO 8601 with an offset. Required.',
        ),
      ),
      to: v.pipe(
        HalfHourQuerySchema,
        v.description('End of the window, exclusive, on a UTC half-hour boundary; after `from`.'),
      ),
      groupBy: v.optional(
        v.pipe(
          v.string(ONCE_MESSAGE),
          v.picklist(FLEET_GROUP_BY, `must be one of ${FLEET_GROUP_BY.join(', ')}`),
          v.description('The length of each interval, aligned in UTC.'),
          v.examples(['hour']),
        ),
        'half_hour',
      ),
      ...pageSizeEntry,
      ...cursorEntry,
    },
    objectMessage('a query with from and to'),
  ),
  v.forward(v.check(isOrderedWindow, 'must be after from'), ['to']),
);
export type FleetUsageQueryInput = v.InferOutput<typeof FleetUsageQuerySchema>;

// Money in a query: a plain decimal, as typed (no exponent, no sign).
const AMOUNT_PATTERN = /^[0-9]{1,15}(\.[0-9]{1,6})?$/;

/** `GET /fleet/switch-candidates?minAnnualSaving=&pricePlanId=&pageSize=&cursor=`. */
export const SwitchCandidatesQuerySchema = v.object({
  minAnnualSaving: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.examples(['50', '0', '12.5']),
      v.regex(AMOUNT_PATTERN, 'must be an amount of 0 or more, e.g. 50 or 12.5'),
      v.transform(Number),
      v.description(
        'Only meters saving at least this much a year (in the catalogue’s currency) by switching; meters saving nothing are never listed.',
      ),
    ),
    '0',
  ),
  pricePlanId: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.regex(PLAN_ID_PATTERN, 'must be a plan id'),
      v.description('Only meters on this plan now.'),
      v.examples(['price-plan-0']),
    ),
  ),
  ...pageSizeEntry,
  ...cursorEntry,
});
export type SwitchCandidatesQuery = v.InferOutput<typeof SwitchCandidatesQuerySchema>;
