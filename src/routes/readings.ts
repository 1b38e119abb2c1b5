import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { authenticateMeter, authorizeBodyMeter, authorizePathMeter } from '../auth/meter-access';
import { jsonArrayBody } from '../http/json-array-stream';
import { ReadingsSchema, StoredReadingsSchema } from '../openapi/response-schemas';
import {
  jsonResponse,
  METER_TOKEN_RESPONSES,
  METER_TOKEN_SECURITY,
  problemResponses,
} from '../openapi/responses';
import { methodNotAllowed, notFoundProblem } from '../http/problem';
import { limitBodySize, requireJsonBody } from '../http/request-guards';
import { MeterPathSchema, ReadingsInputSchema, WindowQuerySchema } from '../schemas';
import { validate } from '../http/validate';

/** Smart meters post readings here; customers read them back. */
export const readingsRoutes = new Hono<AppEnv>()
  .post(
    '/store',
    describeRoute({
      tags: ['Readings'],
      operationId: 'storeReadings',
      summary: "Store a smart meter's readings",
      description:
        'Stores every reading or none. A time already stored is replaced (a retried request never double-counts); within one request the last reading for a time wins. Readings may arrive in any order. Answers with the submitted body, unknown fields left out.',
      security: METER_TOKEN_SECURITY,
      responses: {
        ...jsonResponse('Stored; the submitted body echoed back.', StoredReadingsSchema),
        ...problemResponses([400, 405, 413, 415, 422, 500]),
        ...METER_TOKEN_RESPONSES,
      },
    }),
    limitBodySize,
    requireJsonBody,
    authenticateMeter,
    validate('json', ReadingsInputSchema),
    authorizeBodyMeter,
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
    describeRoute({
      tags: ['Readings'],
      operationId: 'readReadings',
      summary: "Read a smart meter's stored readings",
      description:
        'Ascending by time, one entry per stored time; with `from`/`to`, only readings with from <= time < to.',
      security: METER_TOKEN_SECURITY,
      responses: {
        ...jsonResponse('The stored readings.', ReadingsSchema),
        ...problemResponses([404, 405, 422, 500], {
          404: 'The meter has no readings (in the window).',
        }),
        ...METER_TOKEN_RESPONSES,
      },
    }),
    authenticateMeter,
    validate('param', MeterPathSchema),
    validate('query', WindowQuerySchema),
    authorizePathMeter,
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const window = c.req.valid('query');
      const meter = c.env.METER.getByName(smartMeterId);
      const firstPage = await meter.readingsPage(window);
      if (firstPage.elementsJson === '') {
        const period =
          window.from === undefined && window.to === undefined ? '' : ' in that window';
        return notFoundProblem(c, `Smart meter ${smartMeterId} has no readings${period}`);
      }
      const body = jsonArrayBody(firstPage, (afterTime) => meter.readingsPage(window, afterTime));
      return c.body(body, 200, { 'Content-Type': 'application/json' });
    },
  )
  .all('/read/:smartMeterId', methodNotAllowed('GET', 'HEAD'));
