import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { accepts } from 'hono/accepts';
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
import { currencyOf } from '../config/tariff-settings';
import { DashboardPage } from '../dashboard/dashboard-page';
import { moneyOf } from '../dashboard/format';
import { SignInPage } from '../dashboard/sign-in-page';
import { comparePlans } from '../energy/comparison';
import { DASHBOARD_CONTENT_SECURITY_POLICY } from '../http/browser-headers';
import { methodNotAllowed } from '../http/problem';
import { validate } from '../http/validate';
import { isRevoked } from '../meter/meter-answers';
import { problemResponses, TOKEN_RESPONSES, tokenSecurity } from '../openapi/responses';
import { DashboardQuerySchema } from '../schemas/dashboard';
import { MeterPathSchema } from '../schemas/query';
import { meterAccessOf, meterCall } from './meter-access';

/** Headers of the customer's pages: their own policy, and never kept by a shared cache. */
const PAGE_HEADERS = {
  'Content-Security-Policy': DASHBOARD_CONTENT_SECURITY_POLICY,
  'Cache-Control': 'private, no-store',
};

/** Whether the client prefers an HTML page to JSON (a browser); API clients, and any client that accepts anything, get JSON. */
function prefersHtml(c: Context): boolean {
  const chosen = accepts(c, {
    header: 'Accept',
    supports: ['application/problem+json', 'application/json', 'text/html'],
    default: 'application/problem+json',
  });
  return chosen === 'text/html';
}

/**
 * A browser refused for want of a valid sign-in (none, expired, revoked, or a bad link) gets a page
 * that says how to sign in, still 401 with its `WWW-Authenticate` challenge; API clients keep the
 * problem. The challenge's `invalid_token` tells a sign-in that no longer holds from none at all.
 */
const signInPageOnRefusal: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.status !== 401 || !prefersHtml(c)) return;
  const challenge = c.res.headers.get('WWW-Authenticate') ?? 'Bearer';
  const page = (
    <SignInPage
      smartMeterId={c.req.param('smartMeterId') ?? ''}
      origin={new URL(c.req.url).origin}
      reason={challenge.includes('invalid_token') ? 'invalid' : 'missing'}
    />
  );
  c.res = await c.html(html`<!doctype html>${page}`, 401, {
    ...PAGE_HEADERS,
    'WWW-Authenticate': challenge,
  });
};

/**
 * The customer's page, rendered on the server: works without script, loads nothing from another
 * origin; a browser that is not signed in gets a page saying how to sign in.
 */
export const dashboardRoutes = new Hono<AppEnv>()
  .get(
    '/:smartMeterId/dashboard',
    describeRoute({
      tags: ['Usage'],
      operationId: 'getDashboard',
      summary:
        'The customer’s page: now, a period’s usage and cost, the year’s figures and advice, every plan',
      description:
        'Server-rendered HTML, working without script: the latest power and today’s energy and cost (kept current by /dashboard-live.js over GET /meters/{id}/live when scripts run); a period (a day by half hour, a week or a month by day, a year by month; by default the one holding the latest data, “so far” while it runs) as a chart with its cost, the change from the same stretch of the period before and the account’s plans in it; the yearly figures of advice; every plan by supplier. Links go to the periods before and after only where there is data, to the latest, and between energy and cost. Money is in the catalogue’s currency, VAT included. A token of the meter (viewer, device) or the operator’s in the Authorization header, or the cookie a sign-in link (`?token=<viewer token>`) sets: the link answers 303 to the same page without the token; a link with a device or operator token is 403.',
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
        401: {
          description:
            'Not signed in, or a sign-in that no longer holds (expired, revoked, a bad link): a browser (`Accept: text/html`) gets a page that says how to sign in, any other client the problem; both carry WWW-Authenticate.',
          content: {
            ...TOKEN_RESPONSES[401]?.content,
            'text/html': { schema: { type: 'string' } },
          },
        },
      },
    }),
    signInPageOnRefusal,
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
      const comparison =
        figures.price &&
        comparePlans(
          figures.price,
          figures.pricePlanId,
          figures.accountCost?.cost ?? null,
          figures.hasExport,
        );
      const customer = Object.hasOwn(TRIAL_CUSTOMERS, smartMeterId)
        ? TRIAL_CUSTOMERS[smartMeterId]
        : undefined;
      const money = moneyOf(currencyOf(c.env));
      const view = {
        smartMeterId,
        customer,
        figures,
        comparison: comparison ?? undefined,
        measure: show,
        money,
      };
      return c.html(html`<!doctype html>${<DashboardPage view={view} />}`, 200, PAGE_HEADERS);
    },
  )
  .all('/:smartMeterId/dashboard', methodNotAllowed('GET', 'HEAD'));
