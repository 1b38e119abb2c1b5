import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { allowPathMeter, authenticate, revokedTokenProblem } from '../auth/access';
import { meters } from '../config/residency';
import { currencyOf } from '../config/tariff-settings';
import { methodNotAllowed, notFoundProblem } from '../http/problem';
import { validate } from '../http/validate';
import { isRevoked } from '../meter/meter-answers';
import { AdviceSchema } from '../openapi/advice-schemas';
import {
  jsonResponse,
  problemResponses,
  TOKEN_RESPONSES,
  tokenSecurity,
} from '../openapi/responses';
import { AdviceQuerySchema } from '../schemas/advice';
import { MeterPathSchema } from '../schemas/query';
import { meterCall } from './meter-access';

/** Advice that pays: which plan, and what moving flexible use to cheap hours would save. */
export const adviceRoutes = new Hono<AppEnv>()
  .get(
    '/:smartMeterId/advice',
    describeRoute({
      tags: ['Usage'],
      operationId: 'getAdvice',
      summary:
        'What a year costs on every plan, as used now and with flexible use moved to cheap hours',
      description:
        'On the last 365 days of the meter’s data (or all of it when shorter): each plan’s annual net cost, and its annual cost with the flexible share (0 to 0.5, default 0.2) of each local day’s import moved to that day’s cheapest import rate (VAT, multipliers and published rates included); the local hours at the lowest rate on the basis’s last day; for plans with published rates, the cheapest run of `hours` (1 to 12, default 3) starting within the next 24 hours. Plans are ordered by the shifted annual cost.',
      security: tokenSecurity('read'),
      responses: {
        ...jsonResponse('The advice.', AdviceSchema),
        ...problemResponses([404, 405, 422, 500], { 404: 'The meter has no data at all.' }),
        ...TOKEN_RESPONSES,
      },
    }),
    authenticate,
    validate('param', MeterPathSchema),
    validate('query', AdviceQuerySchema),
    allowPathMeter('read'),
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const query = c.req.valid('query');
      const advice = await meters(c.env)
        .getByName(smartMeterId)
        .advice(await meterCall(c), query);
      if (isRevoked(advice)) return revokedTokenProblem(c);
      if (advice === null) return notFoundProblem(c, `Smart meter ${smartMeterId} has no data`);
      const { basis, flexibleShare, plans, recommendation, recommendationIfShifted, currentPlan } =
        advice;
      return c.json(
        {
          smartMeterId,
          currency: currencyOf(c.env),
          basis,
          flexibleShare,
          hours: query.hours,
          plans,
          recommendation,
          recommendationIfShifted,
          currentPlan,
        },
        200,
      );
    },
  )
  .all('/:smartMeterId/advice', methodNotAllowed('GET', 'HEAD'));
