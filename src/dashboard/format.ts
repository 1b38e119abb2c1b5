import type { DashboardPeriodKind } from '../energy/dashboard-periods';
import { utcOffsetAt } from '../energy/time-zone';

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
const LOCALE = 'en-GB';

/** Money in the catalogue's currency, in its own minor units (pence, cents; none for yen). */
export interface Money {
  readonly currency: string;
  /** `£1,234.56`, `-£3.10`. */
  readonly amount: (value: number) => string;
  /** `£1,235`: a yearly figure, rounded to whole units. */
  readonly whole: (value: number) => string;
  /** `£0.105`: a rate per kWh, to a tenth of a minor unit. */
  readonly rate: (value: number) => string;
}

// Made once per currency: a formatter costs far more to make than to use.
const MONEY_BY_CURRENCY = new Map<string, Money>();

/** The page's money formats for an ISO 4217 currency (the catalogue's). */
export function moneyOf(currency: string): Money {
  let money = MONEY_BY_CURRENCY.get(currency);
  if (money === undefined) {
    const amount = new Intl.NumberFormat(LOCALE, { style: 'currency', currency });
    const minorDigits = amount.resolvedOptions().maximumFractionDigits ?? 2;
    const whole = new Intl.NumberFormat(LOCALE, {
      style: 'currency',
      currency,
      minimumFractionDigits: 0,
      maximumFractionDigits: 0,
    });
    const rate = new Intl.NumberFormat(LOCALE, {
      style: 'currency',
      currency,
      maximumFractionDigits: minorDigits + 1,
    });
    // An amount that rounds to zero is zero: a tiny negative one would read "-£0.00".
    const rounded = (value: number, digits: number) =>
      Math.abs(value) < 0.5 / 10 ** digits ? 0 : value;
    money = {
      currency,
      amount: (value) => amount.format(rounded(value, minorDigits)),
      whole: (value) => whole.format(rounded(value, 0)),
      rate: (value) => rate.format(value),
    };
    MONEY_BY_CURRENCY.set(currency, money);
  }
  return money;
}

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

/** `Mon 23 Nov 2020, 07:30`: a local instant. */
export function momentLabel(time: number, timeZone: string): string {
  return `${dayLabel(time, timeZone)} ${wallClock(time, timeZone).getUTCFullYear()}, ${clockTime(time, timeZone)}`;
}

/** `Nov`: the short name of the local month. */
export function monthLabel(time: number, timeZone: string): string {
  return MONTHS[wallClock(time, timeZone).getUTCMonth()] ?? '';
}

/** `2020`, `November 2020`, `Sat 28 Nov 2020` or `week of Mon 23 Nov 2020`: a period's title. */
export function periodLabel(kind: DashboardPeriodKind, start: number, timeZone: string): string {
  const wall = wallClock(start, timeZone);
  const year = wall.getUTCFullYear();
  if (kind === 'year') return String(year);
  if (kind === 'month') return `${MONTH_NAMES[wall.getUTCMonth()]} ${year}`;
  const day = `${dayLabel(start, timeZone)} ${year}`;
  return kind === 'day' ? day : `week of ${day}`;
}

/** `12.35 kWh`. */
export function kwhText(kwh: number): string {
  return quantityText(kwh, 'kWh');
}

/** `0.42 kW`, `12.3 kWh`: two decimals below 10, one above (as the live script writes them). */
export function quantityText(value: number, unit: string): string {
  return `${kwhNumber(value)} ${unit}`;
}

/** `12.35`: a number of kWh to two decimals below 10, one above. */
export function kwhNumber(kwh: number): string {
  return kwh.toFixed(Math.abs(kwh) < 10 ? 2 : 1);
}

const SHARE_WORDS: Readonly<Record<string, string>> = {
  '0.1': 'a tenth',
  '0.2': 'a fifth',
  '0.25': 'a quarter',
  '0.3': 'three tenths',
  '0.4': 'two fifths',
  '0.5': 'half',
};

/** `a fifth`, or `15%`: a share of the household's use in words. */
export function shareWords(share: number): string {
  return SHARE_WORDS[String(share)] ?? `${Math.round(share * 100)}%`;
}

/** `your last 12 months`, `23 days of data`: what yearly figures were scaled from. */
export function basisWords(days: number): string {
  if (days >= 364.5) return 'your last 12 months';
  if (days < 1) return 'less than a day of data';
  const whole = Math.floor(days);
  return `${whole} ${whole === 1 ? 'day' : 'days'} of data`;
}

/** `12%`, `under 1%`: a change as a share of what it changed from, rounded. */
export function percentText(change: number, from: number): string | null {
  if (from === 0) return null;
  const percent = Math.round(Math.abs(change / from) * 100);
  return percent === 0 ? 'under 1%' : `${percent}%`;
}
