import * as v from 'valibot';
import { ElectricityReadingSchema, ReadingsInputSchema } from '../schemas';

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
