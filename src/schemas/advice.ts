import * as v from 'valibot';
import { ONCE_MESSAGE } from './query';

/** `?flexibleShare=&hours=` of advice. */
export const AdviceQuerySchema = v.object({
  flexibleShare: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.regex(/^(0(\.[0-9]{1,6})?|\.[0-9]{1,6})$/, 'must be a number from 0 to 0.5, e.g. 0.2'),
      v.transform(Number),
      v.maxValue(0.5, 'must be a number from 0 to 0.5, e.g. 0.2'),
      v.description(
        'The share of each day’s import the household could move to that day’s cheapest hours, 0 to 0.5.',
      ),
    ),
    '0.2',
  ),
  hours: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.regex(/^([1-9]|1[0-2])$/, 'must be a whole number of hours from 1 to 12'),
      v.transform(Number),
      v.description(
        'The length of the next cheap window of published rates to find, 1 to 12 hours.',
      ),
    ),
    '3',
  ),
});
export type AdviceQuery = v.InferOutput<typeof AdviceQuerySchema>;
