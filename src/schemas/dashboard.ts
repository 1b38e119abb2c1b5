import * as v from 'valibot';
import { isPeriodDate, PERIODS } from '../energy/calendar';
import type { LocalDate } from '../energy/time-zone';
import { ONCE_MESSAGE } from './query';

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` that exists (no 30 February), from 1970. */
function isCalendarDate(text: string): boolean {
  const [, year, month, day] = ISO_DATE_PATTERN.exec(text) ?? [];
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    date.toISOString().slice(0, 10) === text &&
    isPeriodDate({ year: Number(year), month: Number(month), day: Number(day) })
  );
}

/** `?period=&date=&show=[&token=]` of the customer's page. */
export const DashboardQuerySchema = v.object({
  period: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.picklist(PERIODS, `must be one of ${PERIODS.join(', ')}`),
      v.description('The period shown: a day by half hour, a week or a month by day.'),
    ),
    'month',
  ),
  date: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.check(isCalendarDate, 'must be a date YYYY-MM-DD, from 1970'),
      v.transform((text): LocalDate => {
        const [year = 0, month = 0, day = 0] = text.split('-').map(Number);
        return { year, month, day };
      }),
      v.description(
        'A local date in the period to show; the latest full period with readings when left out.',
      ),
    ),
  ),
  show: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.picklist(['kwh', 'cost'], 'must be kwh or cost'),
      v.description('What the bars show: energy or its cost on the account’s plan.'),
    ),
    'kwh',
  ),
  token: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.description(
        'A sign-in link’s token: kept in a cookie for this meter’s pages, then the page is reloaded without it.',
      ),
    ),
  ),
});
