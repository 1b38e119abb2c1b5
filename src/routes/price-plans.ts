import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { allowPathMeter, authenticate, revokedTokenProblem } from '../auth/access';
import { meters } from '../config/residency';
import { rankByCost } from '../energy/prices';
import { methodNotAllowed, notFoundProblem } from '../http/problem';
import { validate } from '../http/validate';
import { isRevoked } from '../meter/meter-answers';
import { PricePlanComparisonSchema, RecommendationSchema } from '../openapi/response-schemas';
import {
  jsonResponse,
  problemResponses,
  TOKEN_RESPONSES,
  tokenSecurity,
} from '../openapi/responses';
import { RecommendQuerySchema } from '../schemas/price-plans';
import { MeterPathSchema, WindowQuerySchema } from '../schemas/query';
import { meterCall } from './meter-access';

/** The seed's wire shape: one single-key object per plan, `{ "<plan id>": cost }`. */
function toCostEntries(
  costs: readonly { pricePlanId: string; cost: number }[],
): Record<string, number>[] {
  return costs.map(({ pricePlanId, cost }) => ({ [pricePlanId]: cost }));
}

/** Customers compare what their usage costs on every plan, and get the cheapest ones. */
export const pricePlanRoutes = new Hono<AppEnv>()
  .get(
    '/compare-all/:smartMeterId',
    describeRoute({
      tags: ['Price plans'],
      operationId: 'compareAllPricePlans',
      summary: 'Compare the cost of the usage on every price plan',
      description:
        "The plan on the meter's account, and what the usage (inside the window, if given) costs on every plan, cheapest first. A window holding no usage costs 0 on every plan.",
      security: tokenSecurity('read'),
      responses: {
        ...jsonResponse("The account's plan and every plan's cost.", PricePlanComparisonSchema),
        ...problemResponses([404, 405, 422, 500], {
          404: 'The meter has no account (no current price plan) or no readings at all.',
        }),
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
      const { pricePlanId, price } = answer;
      if (pricePlanId === null) {
        return notFoundProblem(c, `Smart meter ${smartMeterId} has no account with a price plan`);
      }
      if (price === null) return notFoundProblem(c, `Smart meter ${smartMeterId} has no readings`);
      return c.json(
        { pricePlanId, pricePlanComparisons: toCostEntries(rankByCost(price.plans)) },
        200,
      );
    },
  )
  .all('/compare-all/:smartMeterId', methodNotAllowed('GET', 'HEAD'))
  .get(
    '/recommend/:smartMeterId',
    describeRoute({
      tags: ['Price plans'],
      operationId: 'recommendPricePlans',
      summary: 'Recommend the cheapest price plans for the usage',
      description:
        'Price plans cheapest first, at most `limit` of them. Meters without an account get recommendations too.',
      security: tokenSecurity('read'),
      responses: {
        ...jsonResponse('The cheapest plans with their costs.', RecommendationSchema),
        ...problemResponses([404, 405, 422, 500], { 404: 'The meter has no readings at all.' }),
        ...TOKEN_RESPONSES,
      },
    }),
    authenticate,
    validate('param', MeterPathSchema),
    validate('query', RecommendQuerySchema),
    allowPathMeter('read'),
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const { limit, ...window } = c.req.valid('query');
      const answer = await meters(c.env)
        .getByName(smartMeterId)
        .prices(await meterCall(c), window);
      if (isRevoked(answer)) return revokedTokenProblem(c);
      const { price } = answer;
      if (price === null) return notFoundProblem(c, `Smart meter ${smartMeterId} has no readings`);
      return c.json(toCostEntries(rankByCost(price.plans).slice(0, limit)), 200);
    },
  )
  .all('/recommend/:smartMeterId', methodNotAllowed('GET', 'HEAD'));
