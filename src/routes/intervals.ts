import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describeRoute, resolver } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { allowPathMeter, authenticate, liveKeys, revokedTokenProblem } from '../auth/access';
import { meters } from '../config/residency';
import type { EnergyInterval } from '../energy/curve';
import { LATEST_QUERY_TIME } from '../energy/types';
import { wantsCsv } from '../http/accept';
import { type CsvPlaces, placeInCsv, readIntervalsCsv } from '../http/intervals-csv';
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
import { type IntervalOverlap, isIntervalOverlap } from '../meter/interval-write';
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

/**
 * The upload as the schema reads it: the JSON body, or the CSV's rows with `?channel=` and where
 * in the file each row was.
 */
async function uploadOf(c: Context<AppEnv>, channel: string): Promise<Upload> {
  if (mediaTypeOf(c) === 'text/csv') {
    const read = readIntervalsCsv(await c.req.text());
    return 'problem' in read ? read : { body: { channel, intervals: read.rows }, csv: read };
  }
  try {
    return { body: await c.req.json() };
  } catch {
    throw new HTTPException(400, { message: 'The request body is not valid JSON' });
  }
}

type Upload =
  | { readonly body: unknown; readonly csv?: CsvPlaces }
  | { readonly problem: string; readonly path?: string };

function intervalText(interval: EnergyInterval): string {
  return `[${isoUtc(interval.start)}, ${isoUtc(interval.end)})`;
}

/**
 * The 422 of an overlap, at the request's interval (`intervals.N`, or the CSV's `line L`). Only an
 * overlap with a stored interval is told how to replace one: two of one request just overlap.
 */
function overlapProblem(
  c: Context<AppEnv>,
  { overlap: [interval, other], stored }: IntervalOverlap,
  intervals: readonly EnergyInterval[],
  csv: CsvPlaces | undefined,
): Response {
  // The last interval given for a span is the one stored, as the meter reads the request.
  const placeOf = (wanted: EnergyInterval) => {
    const index = intervals.findLastIndex(
      (candidate) => candidate.start === wanted.start && candidate.end === wanted.end,
    );
    const path = ['intervals', index];
    return csv ? placeInCsv(csv, path) : path;
  };
  if (stored) {
    return validationProblem(c, 'json', [
      {
        path: placeOf(interval),
        message: `${intervalText(interval)} overlaps the stored interval ${intervalText(other)}: re-post an interval with its exact span to replace it`,
      },
    ]);
  }
  return validationProblem(c, 'json', [
    {
      path: placeOf(other),
      message: `${intervalText(other)} overlaps ${intervalText(interval)} at ${placeOf(interval).join('.')} of the same request: the intervals of one request must not overlap`,
    },
  ]);
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
        'JSON `{channel, intervals}`, or CSV (`Content-Type: text/csv`, `?channel=`) with a header `start,end,kwh` or the shape of an Octopus consumption download (`Consumption (kWh), Start, End`, ISO times with offsets; cells in double quotes may hold commas, RFC 4180), whose errors name the file’s line and column (`line 3, Start`). 1 to 20,000 intervals, bodies up to 4 MiB. Re-posting an interval’s span replaces its kWh; one overlapping a stored interval (or another of the request) with another span is 422 naming both. A meter’s import comes from power readings or import intervals, never both (409); export intervals go with either. Nothing is stored unless everything is.',
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
      if ('problem' in upload) {
        const path = upload.path === undefined ? [] : [upload.path];
        return validationProblem(c, 'json', [{ message: upload.problem, path }]);
      }
      const parsed = await IntervalsInputSchema['~standard'].validate(upload.body);
      if (parsed.issues) {
        // A CSV's errors name its lines and columns, not the rows' JSON paths.
        const { csv } = upload;
        const issues = csv
          ? parsed.issues.map((issue) => ({ ...issue, path: placeInCsv(csv, issue.path) }))
          : parsed.issues;
        return validationProblem(c, 'json', issues);
      }
      const { channel, intervals }: IntervalsInput = parsed.value;
      const meter = meters(c.env).getByName(smartMeterId);
      const stored = await meter.storeIntervals(await meterCall(c), channel, intervals);
      if (isRevoked(stored)) return revokedTokenProblem(c);
      if (isConflictingSource(stored)) return conflictingSourceProblem(c, 'readings');
      if (isIntervalOverlap(stored)) {
        return overlapProblem(c, stored, intervals, 'csv' in upload ? upload.csv : undefined);
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
      const keys = liveKeys(c.env);
      const startAt =
        query.cursor === undefined ? 0 : await pageCursorAt(keys, query.cursor, binding);
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
        first.next === null
          ? null
          : await encodePageCursor(keys, { at: first.next, query: binding });
      return c.json(
        { smartMeterId, channel: query.channel, intervals: first.intervals, next },
        200,
      );
    },
  )
  .all('/:smartMeterId/intervals', methodNotAllowed('GET', 'HEAD', 'POST'));
