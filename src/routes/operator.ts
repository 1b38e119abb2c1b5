import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { allowPathMeter, authenticate } from '../auth/access';
import { methodNotAllowed } from '../http/problem';
import { limitBodySize, requireJsonBody } from '../http/request-guards';
import { validate } from '../http/validate';
import { RevocationSchema } from '../openapi/response-schemas';
import {
  jsonResponse,
  problemResponses,
  TOKEN_RESPONSES,
  tokenSecurity,
} from '../openapi/responses';
import { MeterPathSchema, RevocationInputSchema } from '../schemas';

/** What only the operator may do to a meter. */
export const operatorRoutes = new Hono<AppEnv>()
  .post(
    '/:smartMeterId/revocations',
    describeRoute({
      tags: ['Operator'],
      operationId: 'revokeMeterTokens',
      summary: "Revoke a meter's device or viewer tokens",
      description:
        "Every token of the scope issued for this meter until now fails from the next request on (401); tokens issued from `revokedBefore` on hold. No other meter's tokens change.",
      security: tokenSecurity('operate'),
      responses: {
        ...jsonResponse('Revoked.', RevocationSchema),
        ...problemResponses([400, 405, 413, 415, 422, 500]),
        ...TOKEN_RESPONSES,
      },
    }),
    limitBodySize,
    requireJsonBody,
    authenticate,
    validate('param', MeterPathSchema),
    validate('json', RevocationInputSchema),
    allowPathMeter('operate'),
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const { scope } = c.req.valid('json');
      const revokedBefore = await c.env.METER.getByName(smartMeterId).revokeTokens(scope);
      return c.json({ smartMeterId, scope, revokedBefore }, 200);
    },
  )
  .all('/:smartMeterId/revocations', methodNotAllowed('POST'));
