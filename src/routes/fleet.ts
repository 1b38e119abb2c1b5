import { type Context, Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { allowOperator, authenticate, liveKeys } from '../auth/access';
import { currencyOf } from '../config/tariff-settings';
import { FLEET_GROUP_SECONDS } from '../energy/fleet-intervals';
import { FleetStore } from '../fleet/fleet-store';
import { type FleetUsageQuery, fleetUsagePage, isPageStart } from '../fleet/fleet-usage';
import { wantsCsv } from '../http/accept';
import { FLEET_USAGE_CSV_HEADER, fleetUsageCsvLines } from '../http/fleet-usage-csv';
import { encodePageCursor, pageCursorAfter, pageCursorAt } from '../http/page-cursor';
import { pagedTextStream } from '../http/paged-text-stream';
import {
  methodNotAllowed,
  PROBLEM_TYPES,
  problemResponse,
  validationProblem,
} from '../http/problem';
import { MAX_CSV_INTERVALS } from '../http/usage-csv';
import { validate } from '../http/validate';
import { FleetUsageSchema, SwitchCandidatesSchema } from '../openapi/fleet-schemas';
import {
  jsonResponse,
  problemResponses,
  TOKEN_RESPONSES,
  tokenSecurity,
} from '../openapi/responses';
import { FleetUsageQuerySchema, SwitchCandidatesQuerySchema } from '../schemas/fleet';
import { MAX_PAGE_SIZE } from '../schemas/query';

const MOST_CSV_INTERVALS = MAX_CSV_INTERVALS.toLocaleString('en-GB');

function cursorProblem(c: Context<AppEnv>): Response {
  return validationProblem(c, 'query', [
    { path: ['cursor'], message: 'is not a cursor of this query: pass `next` as it came' },
  ]);
}

/** 422 for a CSV window of more intervals than one download may hold. */
function tooManyIntervals(c: Context<AppEnv>, intervals: number, groupBy: string): Response {
  return problemResponse(c, {
    type: PROBLEM_TYPES.tooManyIntervals,
    title: 'Too many intervals',
    status: 422,
    detail: `The window holds ${intervals.toLocaleString('en-GB')} intervals of ${groupBy}, and a download holds at most ${MOST_CSV_INTERVALS}: ask for a coarser groupBy or a shorter window, or page through the JSON.`,
    errors: [
      {
        path: 'groupBy',
        message: `gives more than ${MOST_CSV_INTERVALS} intervals in this window`,
      },
    ],
  });
}

/** The whole window as CSV, a page of up to 10,000 intervals at a time as the client reads. */
async function fleetUsageCsv(c: Context<AppEnv>, store: FleetStore, query: FleetUsageQuery) {
  const intervals = Math.ceil((query.to - query.from) / FLEET_GROUP_SECONDS[query.groupBy]);
  if (intervals > MAX_CSV_INTERVALS) return tooManyIntervals(c, intervals, query.groupBy);
  const pageText = async (at: number) => {
    const page = await fleetUsagePage(store, { ...query, pageSize: MAX_PAGE_SIZE }, at);
    return { text: fleetUsageCsvLines(page.intervals), next: page.next };
  };
  const first = await pageText(query.from);
  const body = pagedTextStream({ ...first, text: FLEET_USAGE_CSV_HEADER + first.text }, pageText);
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="fleet-usage-${query.groupBy}.csv"`,
  });
}

const USAGE_DESCRIPTION = `Every meter's import and export summed per UTC interval of \`[from, to)\` (both on half-hour boundaries; the window's edges cut the first and last hour or day, \`start\`/\`end\` say so). \`meters\` counts the meters with data in the interval: for an hour or a day, the most of any of its half hours. Intervals where no meter has data are left out. Built from what meters queue: a change to data the totals hold at once, data a meter appends held back in the meter for up to FLEET_FLUSH_SECONDS (six hours deployed) and then sent in one message. It lags the meters by that, plus the queue's batch delay (see README, The fleet), and once drained and flushed equals the sum of the meters' own usage. A page holds up to \`pageSize\` intervals and covers at most 366 days; time without data is skipped, so follow \`next\` until it is null. With \`Accept: text/csv\` the whole window streams as CSV (\`start,end,importKwh,exportKwh,meters\`, UTC ISO 8601), up to ${MOST_CSV_INTERVALS} intervals of time (422 \`/problems/too-many-intervals\` beyond). Erasing a meter does not change these totals: they hold no meter id.`;

/** What spans meters, for operators: the fleet's load, and who would save by switching. */
export const fleetRoutes = new Hono<AppEnv>()
  .get(
    '/usage',
    describeRoute({
      tags: ['Fleet'],
      operationId: 'getFleetUsage',
      summary: "The fleet's import and export per UTC half hour, hour or day (operator)",
      description: USAGE_DESCRIPTION,
      security: tokenSecurity('operate'),
      responses: {
        200: {
          description: 'A page of intervals (JSON), or the whole window (CSV).',
          headers: {
            Vary: {
              description: '`Accept`: JSON and CSV share the URL.',
              schema: { type: 'string' },
            },
          },
          content: {
            ...jsonResponse('', FleetUsageSchema)[200].content,
            'text/csv': {
              schema: { type: 'string' },
              example:
                'start,end,importKwh,exportKwh,meters\n2024-03-01T00:00:00Z,2024-03-01T00:30:00Z,412.7,3.1,980\n',
            },
          },
        },
        ...problemResponses([405, 422, 500], {
          422: `A query parameter does not match its schema, a cursor this API did not give out for this query, or a CSV of more than ${MOST_CSV_INTERVALS} intervals.`,
        }),
        ...TOKEN_RESPONSES,
      },
    }),
    authenticate,
    validate('query', FleetUsageQuerySchema),
    allowOperator,
    async (c) => {
      const { from, to, groupBy, pageSize, cursor } = c.req.valid('query');
      c.header('Vary', 'Accept');
      const query: FleetUsageQuery = { from, to, groupBy, pageSize };
      const binding = { from, to, groupBy };
      const keys = liveKeys(c.env);
      const startAt = cursor === undefined ? from : await pageCursorAt(keys, cursor, binding);
      if (startAt === null || !isPageStart(query, startAt)) return cursorProblem(c);
      const store = new FleetStore(c.env.DB);
      if (wantsCsv(c)) return fleetUsageCsv(c, store, query);
      const page = await fleetUsagePage(store, query, startAt);
      const next =
        page.next === null ? null : await encodePageCursor(keys, { at: page.next, query: binding });
      return c.json({ groupBy, intervals: page.intervals, next }, 200);
    },
  )
  .all('/usage', methodNotAllowed('GET', 'HEAD'))
  .get(
    '/switch-candidates',
    describeRoute({
      tags: ['Fleet'],
      operationId: 'listSwitchCandidates',
      summary: 'Meters that would save by switching plan, largest saving first (operator)',
      description:
        "Each meter's plan now, the plan its advice finds cheapest, and the annual saving of switching (advice's basis: the last 365 days of its data, scaled to a year), for meters saving more than 0 and at least `minAnnualSaving`, on `pricePlanId` when given. Kept current through the fleet queue: within its batch delay after a meter's account changes, and after its data moves on a day, once the data is sent (appended data waits up to FLEET_FLUSH_SECONDS); an erased meter leaves the list. Paged (`next`).",
      security: tokenSecurity('operate'),
      responses: {
        ...jsonResponse('A page of candidates.', SwitchCandidatesSchema),
        ...problemResponses([405, 422, 500]),
        ...TOKEN_RESPONSES,
      },
    }),
    authenticate,
    validate('query', SwitchCandidatesQuerySchema),
    allowOperator,
    async (c) => {
      const { minAnnualSaving, pricePlanId, pageSize, cursor } = c.req.valid('query');
      const binding = { minAnnualSaving, pricePlanId: pricePlanId ?? null };
      const keys = liveKeys(c.env);
      const position = cursor === undefined ? null : await pageCursorAfter(keys, cursor, binding);
      if (cursor !== undefined && position === null) return cursorProblem(c);
      const after = position && { annualSaving: position.at, smartMeterId: position.key };
      const store = new FleetStore(c.env.DB);
      const found = await store.switchCandidates(
        { minAnnualSaving, pricePlanId },
        after,
        pageSize + 1,
      );
      const candidates = found.slice(0, pageSize);
      const last = candidates.at(-1);
      const next =
        found.length > pageSize && last
          ? await encodePageCursor(keys, {
              at: last.annualSaving,
              key: last.smartMeterId,
              query: binding,
            })
          : null;
      return c.json({ currency: currencyOf(c.env), candidates, next }, 200);
    },
  )
  .all('/switch-candidates', methodNotAllowed('GET', 'HEAD'));
