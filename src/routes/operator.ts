import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { allowPathMeter, authenticate } from '../auth/access';
import { nowEpochSeconds } from '../auth/token';
import { planById } from '../catalogue/catalogue';
import { currentCatalogue } from '../catalogue/catalogue-cache';
import { meters } from '../config/residency';
import { isoUtc } from '../http/iso-utc';
import { methodNotAllowed, validationProblem } from '../http/problem';
import { limitBodySize, requireJsonBody } from '../http/request-guards';
import { validate } from '../http/validate';
import { isRevoked, isSwitchTooEarly } from '../meter/meter-answers';
import { AccountSchema, RevocationSchema } from '../openapi/response-schemas';
import {
  jsonResponse,
  problemResponses,
  TOKEN_RESPONSES,
  tokenSecurity,
} from '../openapi/responses';
import { AccountInputSchema } from '../schemas/accounts';
import { RevocationInputSchema } from '../schemas/operator';
import { MeterPathSchema } from '../schemas/query';

/** What only the operator may do to a meter: revoke its tokens, set its account, erase it. */
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
      const revokedBefore = await meters(c.env).getByName(smartMeterId).revokeTokens(scope);
      return c.json({ smartMeterId, scope, revokedBefore }, 200);
    },
  )
  .all('/:smartMeterId/revocations', methodNotAllowed('POST'))
  .put(
    '/:smartMeterId/account',
    describeRoute({
      tags: ['Operator'],
      operationId: 'putAccount',
      summary: 'Put a meter’s customer on a plan',
      description:
        'Stores the plan with the meter (no redeploy, no other meter touched): compare-all, usage, comparison and the dashboard use it from the next request on.',
      security: tokenSecurity('operate'),
      responses: {
        ...jsonResponse('The account as stored.', AccountSchema),
        ...problemResponses([400, 405, 413, 415, 422, 500], {
          422: 'The body does not match its schema, or names a plan the catalogue lacks.',
        }),
        ...TOKEN_RESPONSES,
      },
    }),
    limitBodySize,
    requireJsonBody,
    authenticate,
    validate('param', MeterPathSchema),
    validate('json', AccountInputSchema),
    allowPathMeter('operate'),
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const { pricePlanId, from } = c.req.valid('json');
      const catalogue = await currentCatalogue(c.env);
      if (!planById(catalogue, pricePlanId)) {
        return validationProblem(c, 'json', [
          {
            path: ['pricePlanId'],
            message: `must be the id of a plan of the catalogue: ${catalogue.plans.map((plan) => plan.id).join(', ')}`,
          },
        ]);
      }
      const meter = meters(c.env).getByName(smartMeterId);
      const switched = await meter.switchAccount(pricePlanId, from ?? nowEpochSeconds());
      if (isSwitchTooEarly(switched)) {
        const latest = switched.latestSwitch;
        // Left out, `from` is now: say so, rather than blame a value the request did not send.
        const message =
          from === undefined
            ? `is needed: a switch is scheduled from ${isoUtc(latest)} (${latest}), after now; give a from at or after it`
            : `must not be before the account's latest switch (${latest})`;
        return validationProblem(c, 'json', [{ path: ['from'], message }]);
      }
      const account = await meter.account({
        access: { scope: 'operator', issuedAt: 0 },
        catalogueSeq: catalogue.seq,
      });
      if (isRevoked(account)) throw new Error('an operator call was refused as revoked');
      return c.json({ smartMeterId, ...account }, 200);
    },
  )
  .all('/:smartMeterId/account', methodNotAllowed('GET', 'HEAD', 'PUT'))
  .delete(
    '/:smartMeterId',
    describeRoute({
      tags: ['Operator'],
      operationId: 'eraseMeter',
      summary: 'Erase a meter (a customer’s right to erasure)',
      description:
        'Deletes every reading, aggregate and account setting of the meter, in one transaction. Idempotent: 204 whether or not there was anything. Afterwards the meter answers as one that never existed; a store starts a fresh history. Its revocations stay, and its viewer tokens issued until now are revoked (401 from the next request on); device tokens still hold. A read or usage CSV streaming meanwhile breaks off rather than end as if complete.',
      security: tokenSecurity('operate'),
      responses: {
        204: { description: 'Erased (or there was nothing to erase).' },
        ...problemResponses([405, 422, 500]),
        ...TOKEN_RESPONSES,
      },
    }),
    authenticate,
    validate('param', MeterPathSchema),
    allowPathMeter('operate'),
    async (c) => {
      await meters(c.env).getByName(c.req.valid('param').smartMeterId).erase();
      return c.body(null, 204);
    },
  )
  .all('/:smartMeterId', methodNotAllowed('DELETE'));
