import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { allowBodyMeter, allowPathMeter, authenticate, revokedTokenProblem } from '../auth/access';
import { jsonArrayBody } from '../http/json-array-stream';
import { methodNotAllowed, notFoundProblem } from '../http/problem';
import { limitBodySize, limitStoresPerMeter, requireJsonBody } from '../http/request-guards';
import { validate } from '../http/validate';
import { isRevoked } from '../meter/meter';
import { ReadingsSchema, StoredReadingsSchema } from '../openapi/response-schemas';
import {
  jsonResponse,
  problemResponses,
  TOKEN_RESPONSES,
  tokenSecurity,
} from '../openapi/responses';
import { MeterPathSchema, ReadingsInputSchema, WindowQuerySchema } from '../schemas';
import { meterAccess } from './meter-access';

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
      security: tokenSecurity('store'),
      responses: {
        ...jsonResponse('Stored; the submitted body echoed back.', StoredReadingsSchema),
        ...problemResponses([400, 405, 413, 415, 422, 500]),
        ...TOKEN_RESPONSES,
      },
    }),
    limitBodySize,
    requireJsonBody,
    authenticate,
    validate('json', ReadingsInputSchema),
    allowBodyMeter('store'),
    limitStoresPerMeter,
    async (c) => {
      const body = c.req.valid('json');
      const meter = c.env.METER.getByName(body.smartMeterId);
      const stored = await meter.storeReadings(meterAccess(c), body.electricityReadings);
      if (isRevoked(stored)) return revokedTokenProblem(c);
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
      security: tokenSecurity('read'),
      responses: {
        ...jsonResponse('The stored readings.', ReadingsSchema),
        ...problemResponses([404, 405, 422, 500], {
          404: 'The meter has no readings (in the window).',
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
      const window = c.req.valid('query');
      const meter = c.env.METER.getByName(smartMeterId);
      const access = meterAccess(c);
      const firstPage = await meter.readingsPage(access, window);
      if (isRevoked(firstPage)) return revokedTokenProblem(c);
      if (firstPage.elementsJson === '') {
        const period =
          window.from === undefined && window.to === undefined ? '' : ' in that window';
        return notFoundProblem(c, `Smart meter ${smartMeterId} has no readings${period}`);
      }
      const nextPage = async (afterTime: number) => {
        const page = await meter.readingsPage(access, window, afterTime);
        // Revoked while the read streams: the response breaks off rather than look complete.
        if (isRevoked(page)) throw new Error('token revoked during a streamed read');
        return page;
      };
      const body = jsonArrayBody(firstPage, nextPage);
      return c.body(body, 200, { 'Content-Type': 'application/json' });
    },
  )
  .all('/read/:smartMeterId', methodNotAllowed('GET', 'HEAD'));
