import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { allowPathMeter, authenticate, revokedTokenProblem } from '../auth/access';
import { meters } from '../config/residency';
import { currencyOf } from '../config/tariff-settings';
import { comparePlans } from '../energy/comparison';
import { methodNotAllowed, notFoundProblem } from '../http/problem';
import { validate } from '../http/validate';
import { isRevoked } from '../meter/meter-answers';
import { AccountSchema, ComparisonSchema } from '../openapi/response-schemas';
import {
  jsonResponse,
  problemResponses,
  TOKEN_RESPONSES,
  tokenSecurity,
} from '../openapi/responses';
import { MeterPathSchema, WindowQuerySchema } from '../schemas/query';
import { meterCall } from './meter-access';

/** A customer's own figures: what every plan would cost, and the account. */
export const meterRoutes = new Hono<AppEnv>()
  .get(
    '/:smartMeterId/comparison',
    describeRoute({
      tags: ['Usage'],
      operationId: 'comparePlansForCustomer',
      summary: 'What the usage would cost on every plan, against the current one',
      description:
        'Every plan’s energy cost, standing charge, total, saving against the account’s plan and cost scaled to a year, cheapest first, and the recommendation. Standing charges accrue over the window asked for (default: the first to the last reading); figures equal compare-all’s for the same window.',
      security: tokenSecurity('read'),
      responses: {
        ...jsonResponse('The comparison.', ComparisonSchema),
        ...problemResponses([404, 405, 422, 500], { 404: 'The meter has no readings at all.' }),
        ...TOKEN_RESPONSES,
      },
    }),
    authenticate,
    validate('param', MeterPathSchema),
    validate('query', WindowQuerySchema),
    allowPathMeter('read'),
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const meter = meters(c.env).getByName(smartMeterId);
      const answer = await meter.prices(await meterCall(c), c.req.valid('query'));
      if (isRevoked(answer)) return revokedTokenProblem(c);
      const { pricePlanId, price, accountCost, hasExport } = answer;
      if (price === null) return notFoundProblem(c, `Smart meter ${smartMeterId} has no data`);
      const comparison = comparePlans(price, pricePlanId, accountCost?.cost ?? null, hasExport);
      return c.json({ smartMeterId, currency: currencyOf(c.env), ...comparison }, 200);
    },
  )
  .all('/:smartMeterId/comparison', methodNotAllowed('GET', 'HEAD'))
  .get(
    '/:smartMeterId/account',
    describeRoute({
      tags: ['Usage'],
      operationId: 'getAccount',
      summary: 'The plan on the meter’s account',
      description:
        'The plan the customer is on: the one an operator put the meter on, else the trial plan of a trial meter. 404 for a meter without an account.',
      security: tokenSecurity('read'),
      responses: {
        ...jsonResponse('The account.', AccountSchema),
        ...problemResponses([404, 405, 422, 500], { 404: 'The meter has no account.' }),
        ...TOKEN_RESPONSES,
      },
    }),
    authenticate,
    validate('param', MeterPathSchema),
    allowPathMeter('read'),
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const answer = await meters(c.env)
        .getByName(smartMeterId)
        .account(await meterCall(c));
      if (isRevoked(answer)) return revokedTokenProblem(c);
      if (answer.pricePlanId === null && answer.history.length === 0) {
        return notFoundProblem(c, `Smart meter ${smartMeterId} has no account`);
      }
      return c.json({ smartMeterId, ...answer }, 200);
    },
  );
