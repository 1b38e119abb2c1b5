/**
 * Time-of-use bands and peak-day multipliers: a tariff's local-time rules, on quarter hours of a
 * week that starts on Monday.
 */

/** The days of the week, Monday first (weeks start on Monday). */
export const DAYS_OF_WEEK = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

export const MINUTES_PER_DAY = 24 * 60;
/** Local times of a tariff fall on quarter hours. */
export const QUARTER_HOUR_MINUTES = 15;

/** A band of local time with its own rate per kWh: `to <= from` runs past midnight. */
export interface TimeOfUseRate {
  /** The local days the band starts on. */
  readonly days: readonly DayOfWeek[];
  /** "HH:MM" on a quarter hour, inclusive. */
  readonly from: string;
  /** "HH:MM" on a quarter hour, exclusive. */
  readonly to: string;
  readonly unitRatePerKwh: number;
}

/** A factor on the import rate for a whole local day. */
export interface PeakTimeMultiplier {
  readonly dayOfWeek: DayOfWeek;
  readonly multiplier: number;
}

/** Minutes after local midnight of "HH:MM". */
export function minutesOfLocalTime(hhmm: string): number {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The quarter hours of the local week (0 = Monday 00:00) that a band covers. */
export function quarterHoursOfBand(band: TimeOfUseRate): number[] {
  const from = minutesOfLocalTime(band.from) / QUARTER_HOUR_MINUTES;
  const to = minutesOfLocalTime(band.to) / QUARTER_HOUR_MINUTES;
  const perDay = MINUTES_PER_DAY / QUARTER_HOUR_MINUTES;
  // `to` at or before `from` runs past midnight into the next day (a full day when equal).
  const length = to > from ? to - from : to - from + perDay;
  return band.days.flatMap((day) => {
    const dayStart = DAYS_OF_WEEK.indexOf(day) * perDay;
    return Array.from({ length }, (_, i) => (dayStart + from + i) % (7 * perDay));
  });
}

/** Where two bands of a plan cover the same local quarter hour, said in words; `null` if none. */
export function bandOverlap(bands: readonly TimeOfUseRate[]): string | null {
  const owner = new Map<number, number>();
  for (const [index, band] of bands.entries()) {
    // A band's own quarter hours once each: a day named twice is its schema's refusal, not an overlap.
    for (const quarterHour of new Set(quarterHoursOfBand(band))) {
      const other = owner.get(quarterHour);
      if (other !== undefined) {
        const perDay = MINUTES_PER_DAY / QUARTER_HOUR_MINUTES;
        const day = DAYS_OF_WEEK[Math.floor(quarterHour / perDay)];
        const minutes = (quarterHour % perDay) * QUARTER_HOUR_MINUTES;
        const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        return `bands ${other} and ${index} overlap on ${day} at ${time}`;
      }
      owner.set(quarterHour, index);
    }
  }
  return null;
}
