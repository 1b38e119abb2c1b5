import { Hono } from 'hono';
import { pricePlanOfMeter } from '../config/accounts';
import { rankPlansByCost } from '../energy/cost';
import type { PlanCost } from '../energy/types';
import { methodNotAllowed, notFoundProblem } from '../problem';
import { MeterPathSchema, RecommendQuerySchema, WindowQuerySchema } from '../schemas';
import { validate } from '../validate';

/** The seed's wire shape: one single-key object per plan, `{ "<plan id>": cost }`. */
function toCostEntries(costs: readonly PlanCost[]): Record<string, number>[] {
  return costs.map(({ pricePlanId, cost }) => ({ [pricePlanId]: cost }));
}

/** Customers compare what their usage costs on every plan, and get the cheapest ones. */
export const pricePlanRoutes = new Hono<{ Bindings: Env }>()
  .get(
    '/compare-all/:smartMeterId',
    validate('param', MeterPathSchema),
    validate('query', WindowQuerySchema),
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const pricePlanId = pricePlanOfMeter(smartMeterId);
      if (pricePlanId === null) {
        return notFoundProblem(c, `Smart meter ${smartMeterId} has no account with a price plan`);
      }
      const costs = await c.env.METER.getByName(smartMeterId).costsOfUsage(c.req.valid('query'));
      if (costs === null) return notFoundProblem(c, `Smart meter ${smartMeterId} has no readings`);
      return c.json(
        { pricePlanId, pricePlanComparisons: toCostEntries(rankPlansByCost(costs)) },
        200,
      );
    },
  )
  .all('/compare-all/:smartMeterId', methodNotAllowed('GET', 'HEAD'))
  .get(
    '/recommend/:smartMeterId',
    validate('param', MeterPathSchema),
    validate('query', RecommendQuerySchema),
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const { limit, ...window } = c.req.valid('query');
      const costs = await c.env.METER.getByName(smartMeterId).costsOfUsage(window);
      if (costs === null) return notFoundProblem(c, `Smart meter ${smartMeterId} has no readings`);
      return c.json(toCostEntries(rankPlansByCost(costs).slice(0, limit)), 200);
    },
  )
  .all('/recommend/:smartMeterId', methodNotAllowed('GET', 'HEAD'));
