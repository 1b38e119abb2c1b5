import * as v from 'valibot';
import { SmartMeterIdSchema } from '../meter-id';
import { objectMessage } from './object-message';
import { PLAN_ID_PATTERN } from './tariffs';
import { TimeInputSchema } from './time';

/** A switch: onto a plan, from an instant (default now). */
const accountEntries = {
  pricePlanId: v.pipe(
    v.string('must be the id of a plan of the catalogue'),
    v.regex(PLAN_ID_PATTERN, 'must be the id of a plan of the catalogue'),
    v.description('A plan of GET /price-plans (checked against the catalogue: 422 otherwise).'),
  ),
  from: v.optional(
    v.pipe(
      TimeInputSchema,
      v.description(
        'When the switch takes effect (epoch seconds or ISO 8601 with an offset); now when left out. Not before the account’s latest switch.',
      ),
    ),
  ),
};

/** `PUT /meters/{smartMeterId}/account`: a switch onto a plan, from an instant (default now). */
export const AccountInputSchema = v.pipe(
  v.object(accountEntries, objectMessage('a JSON object with pricePlanId')),
  v.metadata({
    ref: 'AccountRequest',
    example: { pricePlanId: 'price-plan-1', from: '2024-04-01T00:00:00+01:00' },
  }),
);
export type AccountInput = v.InferOutput<typeof AccountInputSchema>;

/** At most this many rows in one `PUT /accounts`. */
export const MAX_ACCOUNT_ROWS = 10_000;

/** One row of `PUT /accounts`: a meter's switch. */
export const AccountRowSchema = v.pipe(
  v.object(
    { smartMeterId: SmartMeterIdSchema, ...accountEntries },
    objectMessage('a row: smartMeterId, pricePlanId and optionally from'),
  ),
  v.metadata({ ref: 'AccountRow' }),
);
export type AccountRow = v.InferOutput<typeof AccountRowSchema>;

const TOO_MANY_ROWS = `must hold at most ${MAX_ACCOUNT_ROWS} rows: split the list`;

/**
 * The shape of `PUT /accounts` as a whole: a list of at most 10,000 rows. Each row is checked on
 * its own afterwards (AccountRowSchema), so that one bad row refuses only itself.
 */
export const AccountRowListSchema = v.pipe(
  v.array(v.unknown(), 'must be a list of rows [{ smartMeterId, pricePlanId, from? }]'),
  v.maxLength(MAX_ACCOUNT_ROWS, TOO_MANY_ROWS),
);

/** `PUT /accounts` as JSON, for the OpenAPI document: the rows it takes. */
export const AccountRowsInputSchema = v.pipe(
  v.array(AccountRowSchema),
  v.maxLength(MAX_ACCOUNT_ROWS, TOO_MANY_ROWS),
  v.description(
    'Up to 10,000 rows, each applied on its own (a meter’s rows in order). A bad row is reported in `errors` and changes nothing; the others are applied.',
  ),
  v.metadata({
    ref: 'AccountRowsRequest',
    example: [
      { smartMeterId: 'smart-meter-0', pricePlanId: 'price-plan-2' },
      { smartMeterId: 'smart-meter-1', pricePlanId: 'price-plan-2', from: '2024-04-01T00:00:00Z' },
    ],
  }),
);
