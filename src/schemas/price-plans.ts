import * as v from 'valibot';
import { EpochSecondsQuerySchema, isOrderedWindow, ONCE_MESSAGE, windowEntries } from './query';
import { PlanIdSchema } from './tariffs';

const POSITIVE_WHOLE_NUMBER_QUERY_PATTERN = /^[1-9][0-9]{0,14}$/;

/** `?limit=N[&from=&to=]` of recommend. */
export const RecommendQuerySchema = v.pipe(
  v.object({
    ...windowEntries,
    limit: v.optional(
      v.pipe(
        v.string(ONCE_MESSAGE),
        v.regex(
          POSITIVE_WHOLE_NUMBER_QUERY_PATTERN,
          'must be a whole number of 1 or more (at most 15 digits, no leading zero)',
        ),
        v.transform(Number),
        v.description(
          'How many plans to return, cheapest first: a whole number of 1 or more. More than the number of plans returns them all.',
        ),
      ),
    ),
  }),
  v.forward(v.check(isOrderedWindow, 'must be after from'), ['to']),
);
export type RecommendQuery = v.InferOutput<typeof RecommendQuerySchema>;

/** `{pricePlanId}` in the path of a plan's endpoints. */
export const PricePlanPathSchema = v.object({ pricePlanId: PlanIdSchema });

/** `?at=` of the catalogue: which version of each plan to show (default now). */
export const CatalogueQuerySchema = v.object({
  at: v.optional(
    v.pipe(
      EpochSecondsQuerySchema,
      v.description(
        'The instant whose versions to show, in epoch seconds or ISO 8601 with an offset; now when left out.',
      ),
    ),
  ),
});
