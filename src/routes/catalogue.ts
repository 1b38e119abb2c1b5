import { type Context, Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { allowOperator, authenticate } from '../auth/access';
import { nowEpochSeconds } from '../auth/token';
import { type Catalogue, planById } from '../catalogue/catalogue';
import { currentCatalogue, noteCatalogueChange } from '../catalogue/catalogue-cache';
import { CatalogueStore } from '../catalogue/catalogue-store';
import { planAt, planView, runsOf } from '../catalogue/plan-views';
import { currencyOf } from '../config/tariff-settings';
import { firstPriceDifference } from '../energy/plan-changes';
import type { DynamicRate } from '../energy/rate-pieces';
import { LATEST_QUERY_TIME } from '../energy/types';
import { wantsCsv } from '../http/accept';
import { isoUtc } from '../http/iso-utc';
import { encodePageCursor, pageCursorAt } from '../http/page-cursor';
import { pagedTextStream } from '../http/paged-text-stream';
import { methodNotAllowed, notFoundProblem, validationProblem } from '../http/problem';
import { limitBodySize, limitBulkBodySize, requireJsonBody } from '../http/request-guards';
import { validate } from '../http/validate';
import {
  PriceCatalogueResponseSchema,
  PricePlanResponseSchema,
  RatesPageSchema,
  RatesPublishedSchema,
} from '../openapi/catalogue-schemas';
import {
  jsonResponse,
  problemResponses,
  TOKEN_RESPONSES,
  tokenSecurity,
} from '../openapi/responses';
import { CatalogueQuerySchema, PricePlanPathSchema } from '../schemas/price-plans';
import { RatesInputSchema, type RatesQuery, RatesQuerySchema } from '../schemas/rates';
import { PlanInputSchema } from '../schemas/tariffs';

// Rates per page of a CSV download.
const RATES_CSV_PAGE_SIZE = 5000;

/** Reads the catalogue again after a change, so this isolate's answers show it at once. */
async function afterChange(c: Context<AppEnv>): Promise<Catalogue> {
  const catalogue = await new CatalogueStore(c.env.DB).catalogue();
  noteCatalogueChange(catalogue);
  return catalogue;
}

function noSuchPlan(c: Context<AppEnv>, pricePlanId: string): Response {
  return notFoundProblem(c, `The catalogue has no plan ${pricePlanId}`);
}

function ratesCsv(rates: readonly DynamicRate[]): string {
  return rates
    .map((rate) => `${isoUtc(rate.start)},${isoUtc(rate.end)},${rate.unitRatePerKwh}\n`)
    .join('');
}

/** A rates query's window, its binding for cursors, and where its page starts (or a bad cursor). */
function ratesWindow(pricePlanId: string, query: RatesQuery) {
  const window = { from: query.from ?? 0, to: query.to ?? LATEST_QUERY_TIME + 1 };
  const binding = {
    pricePlanId,
    channel: query.channel,
    from: query.from ?? null,
    to: query.to ?? null,
  };
  const startAt = query.cursor === undefined ? 0 : pageCursorAt(query.cursor, binding);
  return { window, binding, startAt };
}

/** The price catalogue: plans over time, published day-ahead rates, and their changes. */
export const catalogueRoutes = new Hono<AppEnv>()
  .get(
    '/',
    describeRoute({
      tags: ['Price plans'],
      operationId: 'listPricePlans',
      summary: 'The price-plan catalogue',
      description:
        'Every plan on offer, ordered by id, each as the version in force at the instant `at` asks for (now by default): rates, zone, standing charge, bands, multipliers, VAT, export rates, `validFrom`/`validTo`, and the catalogue’s currency. Public: no token needed.',
      responses: {
        ...jsonResponse('The catalogue.', PriceCatalogueResponseSchema),
        ...problemResponses([405, 422]),
      },
    }),
    validate('query', CatalogueQuerySchema),
    async (c) => {
      const at = c.req.valid('query').at ?? nowEpochSeconds();
      const catalogue = await currentCatalogue(c.env);
      const currency = currencyOf(c.env);
      return c.json(
        catalogue.plans.map((plan) => planAt(plan, at, currency)),
        200,
      );
    },
  )
  .all('/', methodNotAllowed('GET', 'HEAD'))
  .get(
    '/:pricePlanId',
    describeRoute({
      tags: ['Price plans'],
      operationId: 'getPricePlan',
      summary: 'A whole plan: every version',
      description: 'The plan with every version, oldest first. Public: no token needed.',
      responses: {
        ...jsonResponse('The plan.', PricePlanResponseSchema),
        ...problemResponses([404, 405, 422], { 404: 'The catalogue has no such plan.' }),
      },
    }),
    validate('param', PricePlanPathSchema),
    async (c) => {
      const { pricePlanId } = c.req.valid('param');
      const plan = planById(await currentCatalogue(c.env), pricePlanId);
      if (!plan) return noSuchPlan(c, pricePlanId);
      return c.json(planView(plan, currencyOf(c.env)), 200);
    },
  )
  .put(
    '/:pricePlanId',
    describeRoute({
      tags: ['Price plans'],
      operationId: 'putPricePlan',
      summary: 'Create or replace a plan (operator)',
      description:
        'The plan’s supplier and versions (1 to 100, ascending `validFrom`, any time past or future). Prices change only from the first instant the new versions differ from the old ones, and every meter’s answers show it within TARIFF_REFRESH_SECONDS.',
      security: tokenSecurity('operate'),
      responses: {
        ...jsonResponse('The plan as stored.', PricePlanResponseSchema),
        ...problemResponses([400, 405, 413, 415, 422, 500]),
        ...TOKEN_RESPONSES,
      },
    }),
    limitBodySize,
    requireJsonBody,
    authenticate,
    validate('param', PricePlanPathSchema),
    validate('json', PlanInputSchema),
    allowOperator,
    async (c) => {
      const { pricePlanId } = c.req.valid('param');
      const { supplier, versions } = c.req.valid('json');
      await currentCatalogue(c.env);
      const store = new CatalogueStore(c.env.DB);
      const stored = await store.storedPlan(pricePlanId);
      const plan = { id: pricePlanId, supplier, versions };
      const before = stored === null || stored.deleted ? null : stored.plan;
      const from = firstPriceDifference(before, plan);
      await store.putPlan(plan, from === undefined ? null : { from });
      const put = planById(await afterChange(c), pricePlanId);
      if (!put) throw new Error(`plan ${pricePlanId} missing right after it was put`);
      return c.json(planView(put, currencyOf(c.env)), 200);
    },
  )
  .delete(
    '/:pricePlanId',
    describeRoute({
      tags: ['Price plans'],
      operationId: 'deletePricePlan',
      summary: 'Withdraw a plan (operator)',
      description:
        'The catalogue stops listing it, its published rates go, and accounts on it price as accounts without a plan.',
      security: tokenSecurity('operate'),
      responses: {
        204: { description: 'Withdrawn.' },
        ...problemResponses([404, 405, 422, 500], { 404: 'The catalogue has no such plan.' }),
        ...TOKEN_RESPONSES,
      },
    }),
    authenticate,
    validate('param', PricePlanPathSchema),
    allowOperator,
    async (c) => {
      const { pricePlanId } = c.req.valid('param');
      await currentCatalogue(c.env);
      if (!(await new CatalogueStore(c.env.DB).deletePlan(pricePlanId))) {
        return noSuchPlan(c, pricePlanId);
      }
      await afterChange(c);
      return c.body(null, 204);
    },
  )
  .all('/:pricePlanId', methodNotAllowed('GET', 'HEAD', 'PUT', 'DELETE'))
  .put(
    '/:pricePlanId/rates',
    describeRoute({
      tags: ['Price plans'],
      operationId: 'publishRates',
      summary: 'Publish day-ahead rates (operator)',
      description:
        'Rates for a plan’s import or export, any time past or future, on 15-minute UTC boundaries, up to 50,000 in one request (bodies up to 4 MiB). Each run of contiguous rates replaces whatever was published over it: the latest publication wins. Energy at a time a published rate covers is priced by that rate: VAT applies, bands and multipliers do not.',
      security: tokenSecurity('operate'),
      responses: {
        ...jsonResponse('Published.', RatesPublishedSchema),
        ...problemResponses([400, 404, 405, 413, 415, 422, 500], {
          404: 'The catalogue has no such plan.',
          413: 'The body is over 4 MiB.',
        }),
        ...TOKEN_RESPONSES,
      },
    }),
    limitBulkBodySize,
    requireJsonBody,
    authenticate,
    validate('param', PricePlanPathSchema),
    validate('json', RatesInputSchema),
    allowOperator,
    async (c) => {
      const { pricePlanId } = c.req.valid('param');
      const { channel, rates } = c.req.valid('json');
      if (!planById(await currentCatalogue(c.env), pricePlanId)) return noSuchPlan(c, pricePlanId);
      const sorted = [...rates].sort((a, b) => a.start - b.start);
      await new CatalogueStore(c.env.DB).putRates(pricePlanId, channel, sorted, runsOf(sorted));
      await afterChange(c);
      return c.json({ pricePlanId, channel, stored: sorted.length }, 200);
    },
  )
  .get(
    '/:pricePlanId/rates',
    describeRoute({
      tags: ['Price plans'],
      operationId: 'listRates',
      summary: 'A plan’s published rates',
      description:
        'The published rates of a channel overlapping the window, ascending, a page at a time (`next` is the cursor of the next page); with `Accept: text/csv` the whole window streams as CSV `start,end,unitRatePerKwh` (UTC ISO 8601). Public: no token needed.',
      responses: {
        200: {
          description: 'A page of rates (JSON), or every rate of the window (CSV).',
          content: {
            ...jsonResponse('', RatesPageSchema)[200].content,
            'text/csv': {
              schema: { type: 'string' },
              example:
                'start,end,unitRatePerKwh\n2024-03-01T00:00:00Z,2024-03-01T00:30:00Z,0.1512\n',
            },
          },
        },
        ...problemResponses([404, 405, 422], { 404: 'The catalogue has no such plan.' }),
      },
    }),
    validate('param', PricePlanPathSchema),
    validate('query', RatesQuerySchema),
    async (c) => {
      const { pricePlanId } = c.req.valid('param');
      const query = c.req.valid('query');
      c.header('Vary', 'Accept');
      if (!planById(await currentCatalogue(c.env), pricePlanId)) return noSuchPlan(c, pricePlanId);
      const { window, binding, startAt } = ratesWindow(pricePlanId, query);
      if (startAt === null) {
        return validationProblem(c, 'query', [
          { path: ['cursor'], message: 'is not a cursor of this query: pass `next` as it came' },
        ]);
      }
      const store = new CatalogueStore(c.env.DB);
      const page = (from: number, size: number) =>
        store.ratesPage(pricePlanId, query.channel, window, from, size + 1);
      if (wantsCsv(c)) {
        const pageText = async (from: number) => {
          const rates = await page(from, RATES_CSV_PAGE_SIZE);
          const next = rates[RATES_CSV_PAGE_SIZE]?.start ?? null;
          return { text: ratesCsv(rates.slice(0, RATES_CSV_PAGE_SIZE)), next };
        };
        const first = await pageText(startAt);
        const body = pagedTextStream(
          { ...first, text: `start,end,unitRatePerKwh\n${first.text}` },
          pageText,
        );
        return c.body(body, 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${pricePlanId}-${query.channel}-rates.csv"`,
        });
      }
      const rates = await page(startAt, query.pageSize);
      const nextStart = rates[query.pageSize]?.start;
      const next =
        nextStart === undefined ? null : encodePageCursor({ at: nextStart, query: binding });
      return c.json(
        {
          pricePlanId,
          channel: query.channel,
          currency: currencyOf(c.env),
          rates: rates.slice(0, query.pageSize),
          next,
        },
        200,
      );
    },
  )
  .all('/:pricePlanId/rates', methodNotAllowed('GET', 'HEAD', 'PUT'));
