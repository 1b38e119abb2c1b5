import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { allowOperator, authenticate } from '../auth/access';
import { revokeOperatorToken } from '../auth/operator-token-revocations';
import { nowEpochSeconds } from '../auth/token';
import { methodNotAllowed } from '../http/problem';
import { validate } from '../http/validate';
import { OperatorTokenRevocationSchema } from '../openapi/response-schemas';
import {
  jsonResponse,
  problemResponses,
  TOKEN_RESPONSES,
  tokenSecurity,
} from '../openapi/responses';
import { OperatorTokenPathSchema } from '../schemas/operator';

/** Operator tokens, revoked one by one without a key rotation. */
export const operatorTokenRoutes = new Hono<AppEnv>()
  .post(
    '/:tokenId/revocation',
    describeRoute({
      tags: ['Operator'],
      operationId: 'revokeOperatorToken',
      summary: 'Revoke one operator token, by its id',
      description:
        'The operator token with this id answers 401 from the next request on, wherever it arrives (revocations are kept in D1, strongly consistent); every other token holds. Idempotent: revoking again answers the first revocation’s time. The id is the one `npm run token -- --operator` printed; an id never issued is accepted too (tokens are not stored).',
      security: tokenSecurity('operate'),
      responses: {
        ...jsonResponse('Revoked.', OperatorTokenRevocationSchema),
        ...problemResponses([405, 422, 500], { 422: 'The id is not an operator token id.' }),
        ...TOKEN_RESPONSES,
      },
    }),
    authenticate,
    validate('param', OperatorTokenPathSchema),
    allowOperator,
    async (c) => {
      const { tokenId } = c.req.valid('param');
      const revokedAt = await revokeOperatorToken(c.env.DB, tokenId, nowEpochSeconds());
      return c.json({ tokenId, revokedAt }, 200);
    },
  )
  .all('/:tokenId/revocation', methodNotAllowed('POST'));
