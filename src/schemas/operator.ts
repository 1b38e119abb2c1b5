import * as v from 'valibot';
import { objectMessage } from './object-message';

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
