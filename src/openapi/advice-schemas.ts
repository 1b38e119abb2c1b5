import * as v from 'valibot';

// The body of GET /meters/{smartMeterId}/advice, for the OpenAPI document and its tests.

const LocalBandSchema = v.pipe(
  v.object({
    from: v.pipe(v.string(), v.description('Local time, "HH:MM", inclusive.')),
    to: v.pipe(
      v.string(),
      v.description('Local time, "HH:MM", exclusive; at or before `from`: the next day.'),
    ),
    unitRatePerKwh: v.pipe(
      v.number(),
      v.description('The lowest import rate of the day, VAT included.'),
    ),
  }),
  v.metadata({ ref: 'LocalBand' }),
);

const CheapWindowSchema = v.pipe(
  v.object({
    start: v.number(),
    end: v.number(),
    averageRatePerKwh: v.pipe(
      v.number(),
      v.description('Mean published rate over it, VAT included.'),
    ),
  }),
  v.metadata({ ref: 'CheapWindow' }),
);

const PlanAdviceSchema = v.pipe(
  v.object({
    pricePlanId: v.string(),
    supplier: v.string(),
    annualCost: v.pipe(v.number(), v.description('Net cost over the basis scaled to 365 days.')),
    annualCostIfShifted: v.pipe(
      v.number(),
      v.description(
        'The same, with the flexible share of each local day’s import moved to that day’s cheapest import rate.',
      ),
    ),
    cheapestHours: v.pipe(
      v.array(LocalBandSchema),
      v.description('The local bands at the lowest rate on the basis’s last local day.'),
    ),
    nextCheapestWindow: v.pipe(
      v.nullable(CheapWindowSchema),
      v.description(
        'Plans with published rates: the cheapest run of `hours` starting within the next 24 hours; `null` otherwise.',
      ),
    ),
  }),
  v.metadata({ ref: 'PlanAdvice' }),
);

export const AdviceSchema = v.pipe(
  v.object({
    smartMeterId: v.string(),
    currency: v.string(),
    basis: v.pipe(
      v.object({ from: v.number(), to: v.number(), days: v.number() }),
      v.description(
        'The last 365 days of the data (to its last instant), or all of it when shorter.',
      ),
    ),
    flexibleShare: v.number(),
    hours: v.number(),
    plans: v.pipe(
      v.array(PlanAdviceSchema),
      v.description('Ordered by annualCostIfShifted, ties by id.'),
    ),
    recommendation: v.pipe(v.nullable(v.string()), v.description('The lowest annualCost.')),
    recommendationIfShifted: v.pipe(
      v.nullable(v.string()),
      v.description('The lowest annualCostIfShifted.'),
    ),
    currentPlan: v.nullable(v.object({ pricePlanId: v.string(), annualCost: v.number() })),
  }),
  v.metadata({ ref: 'Advice' }),
);
