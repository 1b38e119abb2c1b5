import { Hono } from 'hono';
import { html } from 'hono/html';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import {
  acceptTokenCookie,
  allowPathMeter,
  authenticate,
  revokedTokenProblem,
  signInFromLink,
} from '../auth/access';
import { TRIAL_CUSTOMERS } from '../config/accounts';
import { meters } from '../config/residency';
import { DashboardPage } from '../dashboard/dashboard-page';
import { comparePlans } from '../energy/comparison';
import { DASHBOARD_CONTENT_SECURITY_POLICY } from '../http/browser-headers';
import { methodNotAllowed } from '../http/problem';
import { validate } from '../http/validate';
import { isRevoked } from '../meter/meter-answers';
import { problemResponses, TOKEN_RESPONSES, tokenSecurity } from '../openapi/responses';
import { DashboardQuerySchema } from '../schemas/dashboard';
import { MeterPathSchema } from '../schemas/query';
import { meterAccessOf, meterCall } from './meter-access';

/** The customer's page, rendered on the server: no script, nothing from another origin. */
export const dashboardRoutes = new Hono<AppEnv>()
  .get(
    '/:smartMeterId/dashboard',
    describeRoute({
      tags: ['Usage'],
      operationId: 'getDashboard',
      summary: 'The customer’s page: usage chart, cost, every plan and the recommendation',
      description:
        'Server-rendered HTML for a period (a day by half hour, a week or a month by day), with links to the previous and next one and between energy and cost. A token of the meter (viewer, device) or the operator’s in the Authorization header, or the cookie a sign-in link (`?token=<viewer token>`) sets: the link answers 303 to the same page without the token; a link with a device or operator token is 403.',
      security: tokenSecurity('read'),
      responses: {
        200: {
          description: 'The page.',
          content: { 'text/html': { schema: { type: 'string' } } },
        },
        303: {
          description: 'A sign-in link: the token is now a cookie; go to the page without it.',
          headers: {
            'Set-Cookie': {
              description: 'The token, HttpOnly, Secure, SameSite=Strict, for this meter’s path.',
              schema: { type: 'string' },
            },
            Location: { description: 'The page without the token.', schema: { type: 'string' } },
          },
        },
        ...problemResponses([405, 422, 500]),
        ...TOKEN_RESPONSES,
      },
    }),
    acceptTokenCookie,
    validate('param', MeterPathSchema),
    validate('query', DashboardQuerySchema),
    signInFromLink(async (c, smartMeterId, claims) =>
      meters(c.env).getByName(smartMeterId).admits(meterAccessOf(claims)),
    ),
    authenticate,
    allowPathMeter('read'),
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const { period, date, show } = c.req.valid('query');
      const meter = meters(c.env).getByName(smartMeterId);
      const figures = await meter.dashboard(await meterCall(c), { period, date });
      if (isRevoked(figures)) return revokedTokenProblem(c);
      const comparison = figures.price
        ? comparePlans(figures.price, figures.pricePlanId, figures.accountCost, false)
        : undefined;
      const customer = Object.hasOwn(TRIAL_CUSTOMERS, smartMeterId)
        ? TRIAL_CUSTOMERS[smartMeterId]
        : undefined;
      const view = { smartMeterId, customer, figures, comparison, measure: show };
      return c.html(html`<!doctype html>${<DashboardPage view={view} />}`, 200, {
        'Content-Security-Policy': DASHBOARD_CONTENT_SECURITY_POLICY,
        'Cache-Control': 'private, no-store',
      });
    },
  )
  .all('/:smartMeterId/dashboard', methodNotAllowed('GET', 'HEAD'));
