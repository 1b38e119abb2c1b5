import * as v from 'valibot';
import { PRICE_PLANS, pricePlanById } from '../config/price-plans';
import { objectMessage } from './object-message';

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
