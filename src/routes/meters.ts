import { type Context, Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { allowPathMeter, authenticate, revokedTokenProblem } from '../auth/access';
import { meters } from '../config/residency';
import { currencyOf } from '../config/tariff-settings';
import { comparePlans } from '../energy/comparison';
import {
  isMisplacedStart,
  type UsageQuery as MeterUsageQuery,
  type UsagePage,
} from '../energy/usage-pages';
import { wantsCsv } from '../http/accept';
import { methodNotAllowed, notFoundProblem, validationProblem } from '../http/problem';
import { usageCsvStream } from '../http/usage-csv';
import { encodeUsageCursor } from '../http/usage-cursor';
import { validate } from '../http/validate';
import { isRevoked } from '../meter/meter-answers';
import { AccountSchema, ComparisonSchema, UsageSchema } from '../openapi/response-schemas';
import {
  jsonResponse,
  problemResponses,
  TOKEN_RESPONSES,
  tokenSecurity,
} from '../openapi/responses';
import { MeterPathSchema, WindowQuerySchema } from '../schemas/query';
import { type UsageQuery, UsageQuerySchema } from '../schemas/usage';
import { meterCall } from './meter-access';

// Intervals per page of a CSV download: a year of half hours is 9 pages.
const CSV_PAGE_SIZE = 2000;

/** What the meter needs to compute a page of the query, starting at `startAt`. */
function meterQuery(query: UsageQuery, pageSize: number, startAt?: number): MeterUsageQuery {
  const { from, to, groupBy, timeZone } = query;
  return { from, to, groupBy, timeZone, pageSize, startAt };
}

/** 422 for a cursor of another meter, or one that points where no interval starts. */
function cursorProblem(c: Context<AppEnv>): Response {
  return validationProblem(c, 'query', [
    {
      message: 'is not a cursor this API gave out for this meter and query: pass `next` as it came',
      path: ['cursor'],
    },
  ]);
}

/** The usage JSON body: the page, and the cursor of the next one bound to this query. */
function usageBody(smartMeterId: string, query: UsageQuery, page: UsagePage) {
  const { from, to, groupBy, timeZone } = query;
  const next =
    page.next === null
      ? null
      : encodeUsageCursor({ smartMeterId, at: page.next, groupBy, timeZone, from, to });
  const { timeZone: pageTimeZone, pricePlanId, intervals } = page;
  return { smartMeterId, timeZone: pageTimeZone, groupBy, pricePlanId, intervals, next };
}

const USAGE_DESCRIPTION =
  'Energy (kWh) and cost on the account’s plan per calendar interval of the window (default: the first to the last reading). Intervals are aligned in `timeZone`, cut by the window’s edges, ascending; those without any part of the power curve are left out. With `Accept: text/csv` the whole window streams as CSV (`start,end,kwh,cost`, times in ISO 8601 with the zone’s offset), without paging.';

/** A customer's own figures: usage over time, and what every plan would cost. */
export const meterRoutes = new Hono<AppEnv>()
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
        ...problemResponses([404, 405, 422, 500], { 404: 'The meter has no readings at all.' }),
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
      const meter = meters(c.env).getByName(smartMeterId);
      const csv = wantsCsv(c) ? 'text/csv' : 'application/json';
      // Either may answer: caches must tell the two apart.
      c.header('Vary', 'Accept');
      if (query.cursor && query.cursor.smartMeterId !== smartMeterId) return cursorProblem(c);
      const call = await meterCall(c);
      // A download is the whole window: paging parameters are for JSON.
      const first =
        csv === 'text/csv'
          ? meterQuery(query, CSV_PAGE_SIZE)
          : meterQuery(query, query.pageSize, query.cursor?.at);
      const page = await meter.usagePage(call, first);
      if (isRevoked(page)) return revokedTokenProblem(c);
      if (isMisplacedStart(page)) return cursorProblem(c);
      if (page === null) return notFoundProblem(c, `Smart meter ${smartMeterId} has no readings`);
      if (csv !== 'text/csv') {
        return c.json(
          { ...usageBody(smartMeterId, query, page), currency: currencyOf(c.env) },
          200,
        );
      }
      const pageSize = CSV_PAGE_SIZE;
      const nextPage = async (startAt: number) => {
        const next = await meter.usagePage(call, meterQuery(query, pageSize, startAt));
        // Revoked while the CSV streams: the download breaks off rather than look complete.
        if (isRevoked(next)) throw new Error('token revoked during a CSV download');
        if (isMisplacedStart(next)) throw new Error('a CSV page started out of place');
        // A meter erased while its CSV streams ends the download where it is.
        return next ?? { intervals: [], next: null };
      };
      return c.body(usageCsvStream(page, nextPage, page.timeZone), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${smartMeterId}-usage-${query.groupBy}.csv"`,
      });
    },
  )
  .all('/:smartMeterId/usage', methodNotAllowed('GET', 'HEAD'))
  .get(
    '/:smartMeterId/comparison',
    describeRoute({
      tags: ['Usage'],
      operationId: 'comparePlansForCustomer',
      summary: 'What the usage would cost on every plan, against the current one',
      description:
        'Every plan’s energy cost, standing charge, total, saving against the account’s plan and cost scaled to a year, cheapest first, and the recommendation. Standing charges accrue over the window asked for (default: the first to the last reading); figures equal compare-all’s for the same window.',
      security: tokenSecurity('read'),
      responses: {
        ...jsonResponse('The comparison.', ComparisonSchema),
        ...problemResponses([404, 405, 422, 500], { 404: 'The meter has no readings at all.' }),
        ...TOKEN_RESPONSES,
      },
    }),
    authenticate,
    validate('param', MeterPathSchema),
    validate('query', WindowQuerySchema),
    allowPathMeter('read'),
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const meter = meters(c.env).getByName(smartMeterId);
      const answer = await meter.prices(await meterCall(c), c.req.valid('query'));
      if (isRevoked(answer)) return revokedTokenProblem(c);
      const { pricePlanId, price, accountCost, hasExport } = answer;
      if (price === null) return notFoundProblem(c, `Smart meter ${smartMeterId} has no data`);
      const comparison = comparePlans(price, pricePlanId, accountCost?.cost ?? null, hasExport);
      return c.json({ smartMeterId, currency: currencyOf(c.env), ...comparison }, 200);
    },
  )
  .all('/:smartMeterId/comparison', methodNotAllowed('GET', 'HEAD'))
  .get(
    '/:smartMeterId/account',
    describeRoute({
      tags: ['Usage'],
      operationId: 'getAccount',
      summary: 'The plan on the meter’s account',
      description:
        'The plan the customer is on: the one an operator put the meter on, else the trial plan of a trial meter. 404 for a meter without an account.',
      security: tokenSecurity('read'),
      responses: {
        ...jsonResponse('The account.', AccountSchema),
        ...problemResponses([404, 405, 422, 500], { 404: 'The meter has no account.' }),
        ...TOKEN_RESPONSES,
      },
    }),
    authenticate,
    validate('param', MeterPathSchema),
    allowPathMeter('read'),
    async (c) => {
      const { smartMeterId } = c.req.valid('param');
      const answer = await meters(c.env)
        .getByName(smartMeterId)
        .account(await meterCall(c));
      if (isRevoked(answer)) return revokedTokenProblem(c);
      if (answer.pricePlanId === null && answer.history.length === 0) {
        return notFoundProblem(c, `Smart meter ${smartMeterId} has no account`);
      }
      return c.json({ smartMeterId, ...answer }, 200);
    },
  );
