import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { allowBodyMeter, allowPathMeter, authenticate, revokedTokenProblem } from '../auth/access';
import { meters } from '../config/residency';
import { wantsCsv } from '../http/accept';
import { jsonArrayBody } from '../http/json-array-stream';
import { pagedTextStream } from '../http/paged-text-stream';
import { conflictingSourceProblem, methodNotAllowed, notFoundProblem } from '../http/problem';
import { limitBodySize, limitStoresPerMeter, requireJsonBody } from '../http/request-guards';
import { validate } from '../http/validate';
import { isConflictingSource, isErased, isRevoked } from '../meter/meter-answers';
import { ReadingsSchema, StoredReadingsSchema } from '../openapi/response-schemas';
import {
  jsonResponse,
  problemResponses,
  TOKEN_RESPONSES,
  tokenSecurity,
} from '../openapi/responses';
import { MeterPathSchema, WindowQuerySchema } from '../schemas/query';
import { ReadingsInputSchema } from '../schemas/readings';
import { meterCall } from './meter-access';

const READINGS_CSV_HEADER = 'time,epoch,reading\n';

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
      const meter = meters(c.env).getByName(body.smartMeterId);
      const stored = await meter.storeReadings(await meterCall(c), body.electricityReadings);
      if (isRevoked(stored)) return revokedTokenProblem(c);
      if (isConflictingSource(stored)) return conflictingSourceProblem(c, stored.conflictingSource);
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
        "Ascending by time, one entry per stored time; with `from`/`to`, only readings with from <= time < to. With `Accept: text/csv`, the same readings stream as CSV: `time,epoch,reading` (ISO 8601 UTC, epoch seconds, kW), a download (the export of a household's data).",
      security: tokenSecurity('read'),
      responses: {
        200: {
          description: 'The stored readings (JSON), or their CSV export.',
          headers: {
            'Content-Disposition': {
              description: 'CSV only: `attachment; filename="<meter>-readings.csv"`.',
              schema: { type: 'string' },
            },
            Vary: {
              description: '`Accept`: JSON and CSV share the URL.',
              schema: { type: 'string' },
            },
          },
          content: {
            ...jsonResponse('', ReadingsSchema)[200].content,
            'text/csv': {
              schema: { type: 'string', description: 'time,epoch,reading' },
              example: 'time,epoch,reading\n2020-11-29T08:00:00Z,1606636800,0.0503\n',
            },
          },
        },
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
      const meter = meters(c.env).getByName(smartMeterId);
      const call = await meterCall(c);
      const format = wantsCsv(c) ? 'csv' : 'json';
      c.header('Vary', 'Accept');
      const firstPage = await meter.readingsPage(call, format, window);
      if (isRevoked(firstPage)) return revokedTokenProblem(c);
      // A first page names no history, so the meter never answers it as erased.
      if (isErased(firstPage) || firstPage.text === '') {
        const period =
          window.from === undefined && window.to === undefined ? '' : ' in that window';
        return notFoundProblem(c, `Smart meter ${smartMeterId} has no readings${period}`);
      }
      const nextPage = async (afterTime: number) => {
        const after = { time: afterTime, history: firstPage.history };
        const page = await meter.readingsPage(call, format, window, after);
        // Revoked or erased while the read streams: the response breaks off rather than look
        // complete.
        if (isRevoked(page)) throw new Error('token revoked during a streamed read');
        if (isErased(page)) throw new Error('meter erased during a streamed read');
        return page;
      };
      if (format === 'json') {
        const body = jsonArrayBody(firstPage, nextPage);
        return c.body(body, 200, { 'Content-Type': 'application/json' });
      }
      const csv = { ...firstPage, text: READINGS_CSV_HEADER + firstPage.text };
      return c.body(pagedTextStream(csv, nextPage), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${smartMeterId}-readings.csv"`,
      });
    },
  )
  .all('/read/:smartMeterId', methodNotAllowed('GET', 'HEAD'));
