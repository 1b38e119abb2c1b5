import { Hono } from 'hono';
import { methodNotAllowed, notFoundProblem } from '../problem';
import { limitBodySize, requireJsonBody } from '../request-guards';
import { MeterPathSchema, ReadingsInputSchema, WindowQuerySchema } from '../schemas';
import { validate } from '../validate';

/** Smart meters post readings here; customers read them back. */
export const readingsRoutes = new Hono<{ Bindings: Env }>()
  .post(
    '/store',
    limitBodySize,
    requireJsonBody,
    validate('json', ReadingsInputSchema),
    async (c) => {
      const body = c.req.valid('json');
      if (body.electricityReadings.length > 0) {
        await c.env.METER.getByName(body.smartMeterId).storeReadings(body.electricityReadings);
      }
      return c.json(body, 200);
    },
  )
  .all('/store', methodNotAllowed('POST'))
  .get(
    '/read/:smartMeterId',
    validate('param', MeterPathSchema),
    validate('query', WindowQuerySchema),
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const window = c.req.valid('query');
      const readings = await c.env.METER.getByName(smartMeterId).listReadings(window);
      if (readings.length === 0) {
        const period =
          window.from === undefined && window.to === undefined ? '' : ' in that window';
        return notFoundProblem(c, `Smart meter ${smartMeterId} has no readings${period}`);
      }
      return c.json(readings, 200);
    },
  )
  .all('/read/:smartMeterId', methodNotAllowed('GET', 'HEAD'));
