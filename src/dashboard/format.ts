import { utcOffsetAt } from '../energy/time-zone';

/** Money on the page: costs are in the plans' currency, shown to the penny. */
export const CURRENCY = '£';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
// Made once: a formatter costs far more to make than to use.
const MONEY = new Intl.NumberFormat('en-GB', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** The wall clock of the zone at an instant, as a UTC Date to read fields from. */
function wallClock(time: number, timeZone: string): Date {
  return new Date((time + utcOffsetAt(timeZone, time)) * 1000);
}

/** `07:30`: the local time of day. */
export function clockTime(time: number, timeZone: string): string {
  return wallClock(time, timeZone).toISOString().slice(11, 16);
}

/** `Mon 23 Nov`: a local day. */
export function dayLabel(time: number, timeZone: string): string {
  const wall = wallClock(time, timeZone);
  return `${WEEKDAYS[wall.getUTCDay()]} ${wall.getUTCDate()} ${MONTHS[wall.getUTCMonth()]}`;
}

/** `November 2020`, `Sat 28 Nov 2020` or `week of Mon 23 Nov 2020`: a period's title. */
export function periodLabel(
  kind: 'day' | 'week' | 'month',
  start: number,
  timeZone: string,
): string {
  const wall = wallClock(start, timeZone);
  const year = wall.getUTCFullYear();
  if (kind === 'month') {
    return `${MONTH_NAMES[wall.getUTCMonth()]} ${year}`;
  }
  const day = `${dayLabel(start, timeZone)} ${year}`;
  return kind === 'day' ? day : `week of ${day}`;
}

/** `12.35 kWh`. */
export function kwhText(kwh: number): string {
  return `${kwh.toFixed(kwh < 10 ? 2 : 1)} kWh`;
}

/** `£1,234.56`, `-£3.10` for a negative amount. */
export function moneyText(amount: number): string {
  return `${amount < 0 ? '-' : ''}${CURRENCY}${MONEY.format(Math.abs(amount))}`;
}
