import * as v from 'valibot';
import { objectMessage } from './object-message';
import { PLAN_ID_PATTERN } from './tariffs';
import { TimeInputSchema } from './time';

/** `PUT /meters/{smartMeterId}/account`: a switch onto a plan, from an instant (default now). */
export const AccountInputSchema = v.pipe(
  v.object(
    {
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
    },
    objectMessage('a JSON object with pricePlanId'),
  ),
  v.metadata({
    ref: 'AccountRequest',
    example: { pricePlanId: 'price-plan-1', from: '2024-04-01T00:00:00+01:00' },
  }),
);
export type AccountInput = v.InferOutput<typeof AccountInputSchema>;
