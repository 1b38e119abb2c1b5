import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describeRoute, resolver } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { allowPathMeter, authenticate, revokedTokenProblem } from '../auth/access';
import { meters } from '../config/residency';
import type { EnergyInterval } from '../energy/curve';
import { LATEST_QUERY_TIME } from '../energy/types';
import { wantsCsv } from '../http/accept';
import { readIntervalsCsv } from '../http/intervals-csv';
import { isoUtc } from '../http/iso-utc';
import { encodePageCursor, pageCursorAt } from '../http/page-cursor';
import { pagedTextStream } from '../http/paged-text-stream';
import { conflictingSourceProblem, methodNotAllowed, validationProblem } from '../http/problem';
import {
  limitBulkBodySize,
  limitStoresPerMeter,
  mediaTypeOf,
  requireJsonOrCsvBody,
} from '../http/request-guards';
import { validate } from '../http/validate';
import { isIntervalOverlap } from '../meter/interval-write';
import { isConflictingSource, isRevoked } from '../meter/meter-answers';
import { IntervalsPageSchema, StoredIntervalsSchema } from '../openapi/interval-schemas';
import {
  jsonResponse,
  problemResponses,
  TOKEN_RESPONSES,
  tokenSecurity,
} from '../openapi/responses';
import {
  type IntervalsInput,
  IntervalsInputSchema,
  IntervalsQuerySchema,
  IntervalsUploadQuerySchema,
} from '../schemas/intervals';
import { MeterPathSchema } from '../schemas/query';
import { meterCall } from './meter-access';

// Intervals per page of a CSV download.
const CSV_PAGE_SIZE = 5000;

/** The upload as the schema reads it: the JSON body, or the CSV's rows with `?channel=`. */
async function uploadOf(c: Context<AppEnv>, channel: string): Promise<unknown> {
  if (mediaTypeOf(c) === 'text/csv') {
    const read = readIntervalsCsv(await c.req.text());
    return 'problem' in read ? read : { channel, intervals: read.rows };
  }
  try {
    return await c.req.json();
  } catch {
    throw new HTTPException(400, { message: 'The request body is not valid JSON' });
  }
}

function intervalText(interval: EnergyInterval): string {
  return `[${isoUtc(interval.start)}, ${isoUtc(interval.end)})`;
}

function intervalsCsv(intervals: readonly EnergyInterval[]): string {
  return intervals
    .map((interval) => `${isoUtc(interval.start)},${isoUtc(interval.end)},${interval.kwh}\n`)
    .join('');
}

/** What meters that report kWh per interval (half-hourly, say) send, and read back. */
export const intervalRoutes = new Hono<AppEnv>()
  .post(
    '/:smartMeterId/intervals',
    describeRoute({
      tags: ['Readings'],
      operationId: 'storeIntervals',
      summary: 'Store metered intervals (kWh per interval), import or export',
      description:
        'JSON `{channel, intervals}`, or CSV (`Content-Type: text/csv`, `?channel=`) with a header `start,end,kwh` or the shape of an Octopus consumption download (`Consumption (kWh), Start, End`, ISO times with offsets). 1 to 20,000 intervals, bodies up to 4 MiB. Re-posting an interval’s span replaces its kWh; one overlapping a stored interval (or another of the request) with another span is 422 naming both. A meter’s import comes from power readings or import intervals, never both (409); export intervals go with either. Nothing is stored unless everything is.',
      security: tokenSecurity('store'),
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: resolver(IntervalsInputSchema) },
          'text/csv': {
            schema: { type: 'string' },
            example:
              'Consumption (kWh), Start, End\n0.112, 2024-03-01T00:00:00+00:00, 2024-03-01T00:30:00+00:00\n',
          },
        },
      },
      responses: {
        ...jsonResponse('Stored.', StoredIntervalsSchema),
        ...problemResponses([400, 405, 409, 413, 415, 422, 500], {
          409: 'The meter’s import already comes from power readings.',
          413: 'The body is over 4 MiB.',
          415: 'The body was sent neither as application/json nor as text/csv.',
        }),
        ...TOKEN_RESPONSES,
      },
    }),
    limitBulkBodySize,
    requireJsonOrCsvBody('intervals'),
    authenticate,
    validate('param', MeterPathSchema),
    validate('query', IntervalsUploadQuerySchema),
    allowPathMeter('store'),
    limitStoresPerMeter,
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const upload = await uploadOf(c, c.req.valid('query').channel);
      if (typeof upload === 'object' && upload !== null && 'problem' in upload) {
        return validationProblem(c, 'json', [{ message: String(upload.problem), path: [] }]);
      }
      const parsed = await IntervalsInputSchema['~standard'].validate(upload);
      if (parsed.issues) return validationProblem(c, 'json', parsed.issues);
      const { channel, intervals }: IntervalsInput = parsed.value;
      const meter = meters(c.env).getByName(smartMeterId);
      const stored = await meter.storeIntervals(await meterCall(c), channel, intervals);
      if (isRevoked(stored)) return revokedTokenProblem(c);
      if (isConflictingSource(stored)) return conflictingSourceProblem(c, 'readings');
      if (isIntervalOverlap(stored)) {
        const [interval, other] = stored.overlap;
        const where = stored.stored ? 'the stored interval' : 'another interval of the request';
        return validationProblem(c, 'json', [
          {
            path: ['intervals'],
            message: `${intervalText(interval)} overlaps ${where} ${intervalText(other)}: re-post an interval with its exact span to replace it`,
          },
        ]);
      }
      return c.json({ stored: stored.stored }, 200);
    },
  )
  .get(
    '/:smartMeterId/intervals',
    describeRoute({
      tags: ['Readings'],
      operationId: 'listIntervals',
      summary: 'The stored intervals of a channel',
      description:
        'Intervals starting inside the window, ascending, a page at a time (`next` is the cursor of the next page); with `Accept: text/csv` the whole window streams as CSV `start,end,kwh` (UTC ISO 8601).',
      security: tokenSecurity('read'),
      responses: {
        200: {
          description: 'A page of intervals (JSON), or every interval of the window (CSV).',
          content: {
            ...jsonResponse('', IntervalsPageSchema)[200].content,
            'text/csv': { schema: { type: 'string' } },
          },
        },
        ...problemResponses([405, 422, 500]),
        ...TOKEN_RESPONSES,
      },
    }),
    authenticate,
    validate('param', MeterPathSchema),
    validate('query', IntervalsQuerySchema),
    allowPathMeter('read'),
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const query = c.req.valid('query');
      c.header('Vary', 'Accept');
      const window = { from: query.from ?? 0, to: query.to ?? LATEST_QUERY_TIME + 1 };
      const binding = {
        smartMeterId,
        channel: query.channel,
        from: query.from ?? null,
        to: query.to ?? null,
      };
      const startAt = query.cursor === undefined ? 0 : pageCursorAt(query.cursor, binding);
      if (startAt === null) {
        return validationProblem(c, 'query', [
          { path: ['cursor'], message: 'is not a cursor of this query: pass `next` as it came' },
        ]);
      }
      const meter = meters(c.env).getByName(smartMeterId);
      const call = await meterCall(c);
      const pageFrom = async (at: number, size: number) => {
        const page = await meter.intervalsPage(call, query.channel, window, at, size);
        // Revoked while a download streams: it breaks off rather than look complete.
        if (isRevoked(page)) throw new Error('token revoked during a streamed read');
        return page;
      };
      const first = await meter.intervalsPage(
        call,
        query.channel,
        window,
        startAt,
        wantsCsv(c) ? CSV_PAGE_SIZE : query.pageSize,
      );
      if (isRevoked(first)) return revokedTokenProblem(c);
      if (wantsCsv(c)) {
        const body = pagedTextStream(
          { text: `start,end,kwh\n${intervalsCsv(first.intervals)}`, next: first.next },
          async (at: number) => {
            const page = await pageFrom(at, CSV_PAGE_SIZE);
            return { text: intervalsCsv(page.intervals), next: page.next };
          },
        );
        return c.body(body, 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${smartMeterId}-${query.channel}-intervals.csv"`,
        });
      }
      const next =
        first.next === null ? null : encodePageCursor({ at: first.next, query: binding });
      return c.json(
        { smartMeterId, channel: query.channel, intervals: first.intervals, next },
        200,
      );
    },
  )
  .all('/:smartMeterId/intervals', methodNotAllowed('GET', 'HEAD', 'POST'));
