import * as v from 'valibot';
import { isPeriodDate } from '../energy/calendar';
import { DASHBOARD_PERIODS } from '../energy/dashboard-periods';
import type { LocalDate } from '../energy/time-zone';
import { ONCE_MESSAGE } from './query';

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `YYYY-MM-DD` text is a date that exists (no 30 February) that a period can be asked for. */
function isPeriodCalendarDate(text: string): boolean {
  const [year = Number.NaN, month = Number.NaN, day = Number.NaN] = (
    ISO_DATE_PATTERN.exec(text) ?? []
  )
    .slice(1)
    .map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC reads years 0–99 as 19xx: the round trip to text refuses them, as it does 30 February.
  return (
    !Number.isNaN(date.getTime()) &&
    date.toISOString().slice(0, 10) === text &&
    isPeriodDate({ year, month, day })
  );
}

/** `?period=&date=&show=[&token=]` of the customer's page. */
export const DashboardQuerySchema = v.object({
  period: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.picklist(DASHBOARD_PERIODS, `must be one of ${DASHBOARD_PERIODS.join(', ')}`),
      v.description(
        'The period shown: a day by half hour, a week or a month by day, a year by month.',
      ),
    ),
    'month',
  ),
  date: v.optional(
    v.pipe(
      v.string(ONCE_MESSAGE),
      v.regex(ISO_DATE_PATTERN, 'must be a date YYYY-MM-DD'),
      // Checked only once the text has the form (valibot runs every check of a pipe).
      v.check(
        (text) => !ISO_DATE_PATTERN.test(text) || isPeriodCalendarDate(text),
        'must be a date that exists, from 1970-01-01 to 9999-12-31',
      ),
      v.transform((text): LocalDate => {
        const [year = 0, month = 0, day = 0] = text.split('-').map(Number);
        return { year, month, day };
      }),
      v.description(
        'A local date in the period to show; the period holding the latest data when left out.',
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
