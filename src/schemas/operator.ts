import * as v from 'valibot';
import { OPERATOR_TOKEN_ID } from '../auth/token';
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

/** `/operator-tokens/{tokenId}/…`: an operator token, by the id `npm run token` printed for it. */
export const OperatorTokenPathSchema = v.object({
  tokenId: v.pipe(
    v.string(),
    v.regex(
      OPERATOR_TOKEN_ID,
      'must be an operator token id: 16 lower-case hexadecimal digits, as npm run token printed it',
    ),
    v.description('The id `npm run token -- --operator` printed with the token.'),
    v.examples(['3f2a9c0d4b1e8a77']),
  ),
});
