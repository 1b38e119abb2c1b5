import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from './app-env';
import { MeterStorageUnavailableError } from './config/residency';
import { allowListedOrigins, secureAnswers } from './http/browser-headers';
import { handleError, methodNotAllowed, PROBLEM_TYPES, problemResponse } from './http/problem';
import { logRequests, nameRequests } from './http/request-log';
import { serveAssetOrNotFound } from './http/static-assets';
import { HealthSchema, WelcomeSchema } from './openapi/response-schemas';
import { jsonResponse, problemResponses } from './openapi/responses';
import { accountsRoutes } from './routes/accounts';
import { adviceRoutes } from './routes/advice';
import { catalogueRoutes } from './routes/catalogue';
import { dashboardRoutes } from './routes/dashboard';
import { docsRoutes } from './routes/docs';
import { fleetRoutes } from './routes/fleet';
import { intervalRoutes } from './routes/intervals';
import { liveRoutes } from './routes/live';
import { meterRoutes } from './routes/meters';
import { operatorRoutes } from './routes/operator';
import { operatorTokenRoutes } from './routes/operator-tokens';
import { pricePlanRoutes } from './routes/price-plans';
import { readingsRoutes } from './routes/readings';
import { usageRoutes } from './routes/usage';

/** The JOI Energy API: every endpoint, routed at the edge. */
export const app = new Hono<AppEnv>()
  .use(nameRequests)
  .use(logRequests)
  .use(secureAnswers)
  .use(allowListedOrigins)
  .get(
    '/',
    describeRoute({
      tags: ['Service'],
      operationId: 'welcome',
      summary: 'A short welcome, with links to the documentation',
      responses: { ...jsonResponse('Welcome.', WelcomeSchema), ...problemResponses([405]) },
    }),
    (c) =>
      c.json({
        name: 'JOI Energy',
        description:
          'Stores smart-meter readings and tells each customer which electricity price plan costs them least.',
        docs: '/docs',
        openapi: '/openapi.json',
      }),
  )
  .all('/', methodNotAllowed('GET', 'HEAD'))
  .get(
    '/health',
    describeRoute({
      tags: ['Service'],
      operationId: 'health',
      summary: 'Liveness',
      responses: { ...jsonResponse('The Worker is up.', HealthSchema), ...problemResponses([405]) },
    }),
    (c) => c.json({ status: 'ok' as const }),
  )
  .all('/health', methodNotAllowed('GET', 'HEAD'))
  .route('/readings', readingsRoutes)
  // compare-all and recommend first: a meter named `rates` is a meter, not a plan's rates.
  .route('/price-plans', pricePlanRoutes)
  .route('/price-plans', catalogueRoutes)
  .route('/meters', usageRoutes)
  .route('/meters', meterRoutes)
  .route('/meters', intervalRoutes)
  .route('/meters', adviceRoutes)
  .route('/meters', dashboardRoutes)
  .route('/meters', liveRoutes)
  .route('/meters', operatorRoutes)
  .route('/operator-tokens', operatorTokenRoutes)
  .route('/accounts', accountsRoutes)
  .route('/fleet', fleetRoutes);

app.route('/', docsRoutes(app));
app.notFound(serveAssetOrNotFound);
// Config refuses in its own terms; here it becomes the 503 problem clients are documented to get.
app.onError((error, c) =>
  error instanceof MeterStorageUnavailableError
    ? problemResponse(c, {
        type: PROBLEM_TYPES.meterStorageUnavailable,
        title: 'Meter storage unavailable',
        status: 503,
        detail: error.message,
      })
    : handleError(error, c),
);
