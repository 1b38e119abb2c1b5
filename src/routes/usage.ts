import { type Context, Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { allowPathMeter, authenticate, liveKeys, revokedTokenProblem } from '../auth/access';
import { meters } from '../config/residency';
import { currencyOf } from '../config/tariff-settings';
import { GROUP_BY, type GroupBy } from '../energy/calendar';
import {
  isMisplacedStart,
  type UsageQuery as MeterUsageQuery,
  type UsagePage,
} from '../energy/usage-pages';
import { wantsCsv } from '../http/accept';
import {
  methodNotAllowed,
  notFoundProblem,
  PROBLEM_TYPES,
  problemResponse,
  validationProblem,
} from '../http/problem';
import { estimatedCsvIntervals, MAX_CSV_INTERVALS, usageCsvStream } from '../http/usage-csv';
import {
  cursorMismatch,
  openUsageCursor,
  sealUsageCursor,
  type UsageCursor,
} from '../http/usage-cursor';
import { validate } from '../http/validate';
import { isErased, isRevoked, type StreamPage } from '../meter/meter-answers';
import { UsageSchema } from '../openapi/response-schemas';
import {
  jsonResponse,
  problemResponses,
  TOKEN_RESPONSES,
  tokenSecurity,
} from '../openapi/responses';
import { MeterPathSchema } from '../schemas/query';
import { type UsageQuery, UsageQuerySchema } from '../schemas/usage';
import { meterCall } from './meter-access';

// Intervals per page of a CSV download: a year of half hours is 9 pages.
const CSV_PAGE_SIZE = 2000;

/** What the meter needs to compute a page of the query, starting at `startAt`. */
function meterQuery(query: UsageQuery, pageSize: number, startAt?: number): MeterUsageQuery {
  const { from, to, groupBy, timeZone } = query;
  return { from, to, groupBy, timeZone, pageSize, startAt };
}

function cursorProblem(c: Context<AppEnv>, message: string): Response {
  return validationProblem(c, 'query', [{ message, path: ['cursor'] }]);
}

const NOT_GIVEN_OUT =
  'is not a cursor this API gave out for this meter and query: pass `next` as it came';

/**
 * The request's cursor opened (signature checked), `undefined` without one, or the 422 for a
 * cursor this API did not sign or that belongs to another meter or query.
 */
async function requestCursor(
  c: Context<AppEnv>,
  smartMeterId: string,
  query: UsageQuery,
): Promise<UsageCursor | undefined | Response> {
  if (query.cursor === undefined) return undefined;
  const cursor = await openUsageCursor(liveKeys(c.env), query.cursor);
  if (cursor === null) return cursorProblem(c, NOT_GIVEN_OUT);
  const mismatch = cursorMismatch(cursor, smartMeterId, query);
  return mismatch === null ? cursor : cursorProblem(c, mismatch);
}

/** The usage JSON body: the page, and the signed cursor of the next one bound to this query. */
async function usageBody(
  c: Context<AppEnv>,
  smartMeterId: string,
  query: UsageQuery,
  page: StreamPage<UsagePage>,
) {
  const { from, to, groupBy, timeZone } = query;
  const next =
    page.next === null
      ? null
      : await sealUsageCursor(liveKeys(c.env), {
          smartMeterId,
          at: page.next,
          groupBy,
          timeZone,
          from,
          to,
          history: page.history,
        });
  const { timeZone: pageTimeZone, pricePlanId, intervals } = page;
  const currency = currencyOf(c.env);
  return { smartMeterId, currency, timeZone: pageTimeZone, groupBy, pricePlanId, intervals, next };
}

/** A page of usage as JSON, from the cursor's place or the window's first interval. */
async function usageJson(
  c: Context<AppEnv>,
  smartMeterId: string,
  query: UsageQuery,
  cursor: UsageCursor | undefined,
): Promise<Response> {
  const meter = meters(c.env).getByName(smartMeterId);
  const pageQuery = meterQuery(query, query.pageSize, cursor?.at);
  const page = await meter.usagePage(await meterCall(c), pageQuery, cursor?.history);
  if (isRevoked(page)) return revokedTokenProblem(c);
  // A cursor read from a history erased since points nowhere in the meter's data now.
  if (isMisplacedStart(page) || (cursor && isErased(page))) return cursorProblem(c, NOT_GIVEN_OUT);
  if (page === null || isErased(page)) {
    return notFoundProblem(c, `Smart meter ${smartMeterId} has no readings`);
  }
  return c.json(await usageBody(c, smartMeterId, query, page), 200);
}

/** The groupings coarser than this one, for a refusal to suggest: `day, week or month`. */
function coarserThan(groupBy: string): string {
  const coarser = GROUP_BY.slice(GROUP_BY.indexOf(groupBy as GroupBy) + 1);
  return coarser.length < 2
    ? coarser.join('')
    : `${coarser.slice(0, -1).join(', ')} or ${coarser.at(-1)}`;
}

/** 422 for a CSV of more intervals than one download may hold, saying how to ask for less. */
function tooManyIntervalsProblem(c: Context<AppEnv>, intervals: number, groupBy: string) {
  const count = intervals.toLocaleString('en-GB');
  const most = MAX_CSV_INTERVALS.toLocaleString('en-GB');
  return problemResponse(c, {
    type: PROBLEM_TYPES.tooManyIntervals,
    title: 'Too many intervals',
    status: 422,
    detail: `The CSV would hold about ${count} intervals of ${groupBy}, and a download holds at most ${most}: ask for a coarser groupBy (${coarserThan(groupBy)}) or a shorter window with from and to, or page through the JSON.`,
    errors: [{ path: 'groupBy', message: `gives more than ${most} intervals in this window` }],
  });
}

/** The whole window as CSV, streamed page by page as the client reads it. */
async function usageCsv(
  c: Context<AppEnv>,
  smartMeterId: string,
  query: UsageQuery,
): Promise<Response> {
  const meter = meters(c.env).getByName(smartMeterId);
  const call = await meterCall(c);
  // Sized before any interval is computed: the data's span bounds what the window holds.
  const span = await meter.dataSpan(call);
  if (isRevoked(span)) return revokedTokenProblem(c);
  if (span === null) return notFoundProblem(c, `Smart meter ${smartMeterId} has no readings`);
  const intervals = estimatedCsvIntervals(query, span, query.groupBy);
  if (intervals > MAX_CSV_INTERVALS) return tooManyIntervalsProblem(c, intervals, query.groupBy);
  const page = await meter.usagePage(call, meterQuery(query, CSV_PAGE_SIZE));
  if (isRevoked(page)) return revokedTokenProblem(c);
  if (isMisplacedStart(page)) return cursorProblem(c, NOT_GIVEN_OUT);
  if (page === null || isErased(page)) {
    return notFoundProblem(c, `Smart meter ${smartMeterId} has no readings`);
  }
  const nextPage = async (startAt: number) => {
    const next = await meter.usagePage(
      call,
      meterQuery(query, CSV_PAGE_SIZE, startAt),
      page.history,
    );
    // Revoked or erased while the CSV streams: the download breaks off rather than look complete.
    if (isRevoked(next)) throw new Error('token revoked during a CSV download');
    if (isErased(next) || next === null) throw new Error('meter erased during a CSV download');
    if (isMisplacedStart(next)) throw new Error('a CSV page started out of place');
    return next;
  };
  return c.body(usageCsvStream(page, nextPage, page.timeZone), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${smartMeterId}-usage-${query.groupBy}.csv"`,
  });
}

const USAGE_DESCRIPTION = `Energy (kWh) and cost on the account’s plan per calendar interval of the window (default: the first to the last reading). Intervals are aligned in \`timeZone\`, cut by the window’s edges, ascending; those without any part of the power curve are left out. With \`Accept: text/csv\` the whole window streams as CSV (\`start,end,kwh,cost\`, and \`exportKwh,exportCredit\` for a meter with export data, whose cost is net of the credit; times in ISO 8601 with the zone’s offset), without paging, up to ${MAX_CSV_INTERVALS.toLocaleString('en-GB')} intervals (the window's part inside the readings divided by the interval's length, a month counted as 28 days): a larger CSV is refused (422, \`/problems/too-many-intervals\`); ask for a coarser \`groupBy\` or a shorter \`from\`/\`to\`.`;

/** A customer's usage over time, as pages of JSON or one CSV download. */
export const usageRoutes = new Hono<AppEnv>()
  .get(
    '/:smartMeterId/usage',
    describeRoute({
      tags: ['Usage'],
      operationId: 'getUsage',
      summary: 'Usage over time, by quarter hour, half hour, hour, day, week or month',
      description: USAGE_DESCRIPTION,
      security: tokenSecurity('read'),
      responses: {
        200: {
          description: 'A page of intervals (JSON), or the whole window (CSV).',
          headers: {
            'Content-Disposition': {
              description: 'CSV only: `attachment; filename="<meter>-usage-<groupBy>.csv"`.',
              schema: { type: 'string' },
            },
            Vary: {
              description: '`Accept`: JSON and CSV share the URL.',
              schema: { type: 'string' },
            },
          },
          content: {
            ...jsonResponse('', UsageSchema)[200].content,
            'text/csv': {
              schema: { type: 'string', description: 'start,end,kwh,cost; the whole window.' },
              example:
                'start,end,kwh,cost\n2020-11-28T00:00:00+00:00,2020-11-29T00:00:00+00:00,16.6,166\n',
            },
          },
        },
        ...problemResponses([404, 405, 422, 500], {
          404: 'The meter has no readings at all.',
          422: `A query parameter does not match its schema, a cursor this API did not give out for this query, or a CSV of more than ${MAX_CSV_INTERVALS.toLocaleString('en-GB')} intervals.`,
        }),
        ...TOKEN_RESPONSES,
      },
    }),
    authenticate,
    validate('param', MeterPathSchema),
    validate('query', UsageQuerySchema),
    allowPathMeter('read'),
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const query = c.req.valid('query');
      // Either may answer: caches must tell the two apart.
      c.header('Vary', 'Accept');
      const cursor = await requestCursor(c, smartMeterId, query);
      if (cursor instanceof Response) return cursor;
      // A download is the whole window: paging parameters are for JSON.
      if (wantsCsv(c)) return usageCsv(c, smartMeterId, query);
      return usageJson(c, smartMeterId, query, cursor);
    },
  )
  .all('/:smartMeterId/usage', methodNotAllowed('GET', 'HEAD'));
