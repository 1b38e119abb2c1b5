import { Hono } from 'hono';
import { handleError, handleNotFound, methodNotAllowed } from './problem';
import { pricePlanRoutes } from './routes/price-plans';
import { readingsRoutes } from './routes/readings';

/** The JOI Energy API: every endpoint, routed at the edge. */
export const app = new Hono<{ Bindings: Env }>()
  .get('/', (c) =>
    c.json({
      name: 'JOI Energy',
      description:
        'Stores smart-meter readings and tells each customer which electricity price plan costs them least.',
      docs: '/docs',
      openapi: '/openapi.json',
    }),
  )
  .all('/', methodNotAllowed('GET', 'HEAD'))
  .get('/health', (c) => c.json({ status: 'ok' }))
  .all('/health', methodNotAllowed('GET', 'HEAD'))
  .route('/readings', readingsRoutes)
  .route('/price-plans', pricePlanRoutes);

app.notFound(handleNotFound);
app.onError(handleError);
