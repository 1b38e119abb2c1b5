import * as v from 'valibot';
import { GROUP_BY } from '../energy/calendar';
import { ElectricityReadingSchema, ReadingsInputSchema } from '../schemas/readings';

// Schemas of what the API answers. Handlers build responses from typed data; these describe them
// in the OpenAPI document, and the integration tests check real responses against them.

export const StoredReadingsSchema = ReadingsInputSchema;

export const ReadingsSchema = v.pipe(
  v.array(ElectricityReadingSchema),
  v.description('Stored readings, ascending by time, one per time.'),
  v.metadata({
    ref: 'Readings',
    example: [
      { time: 1606636800, reading: 0.0503 },
      { time: 1606636860, reading: 0.0621 },
    ],
  }),
);

export const PlanCostSchema = v.pipe(
  v.record(v.string(), v.number()),
  v.description(
    'One price plan and the cost of the usage on it: `{ "<price plan id>": cost }`. Costs are not rounded.',
  ),
  v.metadata({ ref: 'PlanCost', example: { 'price-plan-2': 10 } }),
);

const COSTS_EXAMPLE = [{ 'price-plan-2': 10 }, { 'price-plan-1': 20 }, { 'price-plan-0': 100 }];

export const PricePlanComparisonSchema = v.pipe(
  v.object({
    pricePlanId: v.pipe(v.string(), v.description("The price plan on the meter's account.")),
    pricePlanComparisons: v.pipe(
      v.array(PlanCostSchema),
      v.description('Every price plan, cheapest first; ties ordered by plan id.'),
    ),
  }),
  v.metadata({
    ref: 'PricePlanComparison',
    example: { pricePlanId: 'price-plan-0', pricePlanComparisons: COSTS_EXAMPLE },
  }),
);

export const RecommendationSchema = v.pipe(
  v.array(PlanCostSchema),
  v.description('Price plans cheapest first (ties by plan id), at most `limit` of them.'),
  v.metadata({ ref: 'Recommendation', example: COSTS_EXAMPLE.slice(0, 2) }),
);

export const ProblemSchema = v.pipe(
  v.object({
    type: v.pipe(v.string(), v.description('What kind of problem, e.g. `/problems/validation`.')),
    title: v.pipe(v.string(), v.description('A short summary of that kind of problem.')),
    status: v.pipe(v.number(), v.integer(), v.description('The HTTP status code.')),
    detail: v.pipe(v.string(), v.description('What went wrong with this request.')),
    instance: v.optional(v.pipe(v.string(), v.description('The path the problem concerns.'))),
    errors: v.optional(
      v.pipe(
        v.array(
          v.object({
            path: v.pipe(
              v.string(),
              v.description('Dotted path to the offending value; empty for the whole input.'),
            ),
            message: v.string(),
          }),
        ),
        v.description('Every broken rule (422 only), at most 100.'),
      ),
    ),
  }),
  v.description('An RFC 9457 problem details body, sent as application/problem+json.'),
  v.metadata({
    ref: 'Problem',
    example: {
      type: '/problems/validation',
      title: 'Invalid request',
      status: 422,
      detail: '1 problem in the request body',
      errors: [
        { path: 'electricityReadings.0.time', message: 'must not be before the Unix epoch (0)' },
      ],
    },
  }),
);

export const WelcomeSchema = v.pipe(
  v.object({ name: v.string(), description: v.string(), docs: v.string(), openapi: v.string() }),
  v.metadata({ ref: 'Welcome' }),
);

export const HealthSchema = v.pipe(
  v.object({ status: v.literal('ok') }),
  v.metadata({ ref: 'Health' }),
);

const CostSchema = v.pipe(
  v.number(),
  v.description('In the plan’s currency units; never rounded.'),
);

export const UsageIntervalSchema = v.pipe(
  v.object({
    start: v.pipe(v.number(), v.description('Epoch seconds, inclusive.')),
    end: v.pipe(v.number(), v.description('Epoch seconds, exclusive.')),
    kwh: v.pipe(v.number(), v.description('Energy inside the interval (trapezoid, edges cut).')),
    cost: v.pipe(
      v.nullable(v.number()),
      v.description(
        "The interval's cost on the account's plan, standing charge included; null without an account.",
      ),
    ),
  }),
  v.metadata({ ref: 'UsageInterval' }),
);

export const UsageSchema = v.pipe(
  v.object({
    smartMeterId: v.string(),
    timeZone: v.string(),
    groupBy: v.picklist(GROUP_BY),
    pricePlanId: v.pipe(v.nullable(v.string()), v.description("The account's plan, or null.")),
    intervals: v.pipe(
      v.array(UsageIntervalSchema),
      v.description('Ascending; intervals without any part of the power curve are left out.'),
    ),
    next: v.pipe(
      v.nullable(v.string()),
      v.description('Cursor of the next page (pass it as `cursor`), or null on the last page.'),
    ),
  }),
  v.metadata({
    ref: 'Usage',
    example: {
      smartMeterId: 'smart-meter-0',
      timeZone: 'UTC',
      groupBy: 'day',
      pricePlanId: 'price-plan-0',
      intervals: [{ start: 1606608000, end: 1606635900, kwh: 7.25, cost: 72.5 }],
      next: null,
    },
  }),
);

export const PlanComparisonSchema = v.pipe(
  v.object({
    pricePlanId: v.string(),
    supplier: v.string(),
    energyCost: CostSchema,
    standingCharge: CostSchema,
    cost: v.pipe(v.number(), v.description('energyCost + standingCharge.')),
    saving: v.pipe(
      v.nullable(v.number()),
      v.description(
        "Cost on the account's plan minus cost on this one (positive: cheaper); null without an account.",
      ),
    ),
    annualCost: v.pipe(v.number(), v.description("The window's cost scaled to 365 days.")),
  }),
  v.metadata({ ref: 'PlanComparison' }),
);

export const ComparisonSchema = v.pipe(
  v.object({
    smartMeterId: v.string(),
    pricePlanId: v.pipe(v.nullable(v.string()), v.description("The account's plan, or null.")),
    from: v.pipe(
      v.number(),
      v.description('The window priced, from (default: the first reading).'),
    ),
    to: v.pipe(v.number(), v.description('…to (default: the last reading).')),
    kwh: v.number(),
    plans: v.pipe(
      v.array(PlanComparisonSchema),
      v.description('Every plan, cheapest first (ties by id); costs equal compare-all’s.'),
    ),
    recommendation: v.pipe(v.string(), v.description('The cheapest plan.')),
  }),
  v.metadata({
    ref: 'Comparison',
    example: {
      smartMeterId: 'smart-meter-0',
      pricePlanId: 'price-plan-0',
      from: 1606031100,
      to: 1606637040,
      kwh: 112.86,
      plans: [
        {
          pricePlanId: 'price-plan-2',
          supplier: 'Power for Everyone',
          energyCost: 112.86,
          standingCharge: 0,
          cost: 112.86,
          saving: 1015.72,
          annualCost: 5873.8,
        },
      ],
      recommendation: 'price-plan-2',
    },
  }),
);

export const RevocationSchema = v.pipe(
  v.object({
    smartMeterId: v.string(),
    scope: v.picklist(['device', 'viewer']),
    revokedBefore: v.pipe(
      v.number(),
      v.description(
        "Epoch seconds: the meter's tokens of this scope issued before it no longer verify; issue new ones from it on.",
      ),
    ),
  }),
  v.metadata({
    ref: 'Revocation',
    example: { smartMeterId: 'smart-meter-0', scope: 'viewer', revokedBefore: 1795190401 },
  }),
);

export const AccountSchema = v.pipe(
  v.object({
    smartMeterId: v.string(),
    pricePlanId: v.pipe(
      v.nullable(v.string()),
      v.description(
        'The plan in force now; `null` before a first switch still to come (priced as no account until then).',
      ),
    ),
    history: v.pipe(
      v.array(
        v.object({
          pricePlanId: v.string(),
          from: v.pipe(
            v.nullable(v.number()),
            v.description('Epoch seconds; `null`: since the beginning (a trial account).'),
          ),
          to: v.pipe(v.nullable(v.number()), v.description('`null` for the latest switch.')),
        }),
      ),
      v.description(
        'The switches, oldest first. The first one in force covers the time before it too.',
      ),
    ),
  }),
  v.metadata({
    ref: 'Account',
    example: {
      smartMeterId: 'smart-meter-0',
      pricePlanId: 'price-plan-0',
      history: [{ pricePlanId: 'price-plan-0', from: null, to: null }],
    },
  }),
);

export const OperatorTokenRevocationSchema = v.pipe(
  v.object({
    tokenId: v.string(),
    revokedAt: v.pipe(
      v.number(),
      v.description(
        'Epoch seconds of the first revocation of this id: the token answers 401 from then on.',
      ),
    ),
  }),
  v.metadata({
    ref: 'OperatorTokenRevocation',
    example: { tokenId: '3f2a9c0d4b1e8a77', revokedAt: 1795190401 },
  }),
);
