/**
 * The reference the aggregate path is checked against: prices computed straight from the readings,
 * reading by reading, written apart from src/energy. It shares none of the product's band, local
 * day or standing-charge code: local times come from Intl's own formatting of each instant, bands
 * are matched by their definition, and a local day's length is found by walking its quarter hours.
 *
 * It assumes what holds for the zones the tests use: offsets are whole quarter hours, so rates and
 * local dates only change on UTC quarter hours.
 */
import type { PricePlan } from '../../src/energy/price-plan';

export interface DirectReading {
  readonly time: number;
  readonly reading: number;
}

export interface DirectPlanPrice {
  readonly pricePlanId: string;
  readonly energyCost: number;
  readonly standingCharge: number;
}

export interface DirectPrice {
  readonly from: number;
  readonly to: number;
  readonly kwh: number;
  readonly plans: DirectPlanPrice[];
}

const QUARTER_HOUR = 900;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

interface LocalMoment {
  readonly date: string;
  readonly weekday: string;
  readonly minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const moments = new Map<string, LocalMoment>();

/** The local date, weekday and minute of the day at an instant, as Intl formats it. */
function localMoment(timeZone: string, time: number): LocalMoment {
  const key = `${timeZone}|${time}`;
  const cached = moments.get(key);
  if (cached) return cached;
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(
    formatter.formatToParts(time * 1000).map((part) => [part.type, part.value]),
  );
  const moment = {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: String(parts.weekday).toLowerCase(),
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
  };
  moments.set(key, moment);
  return moment;
}

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

function dayBefore(weekday: string): string {
  return WEEKDAYS[(WEEKDAYS.indexOf(weekday) + 6) % 7] ?? weekday;
}

/** The rate at a local moment, by the plan's definition of bands and multipliers. */
function rateAtMoment(plan: PricePlan, moment: LocalMoment): number {
  let rate = plan.unitRatePerKwh;
  for (const band of plan.timeOfUseRates) {
    const from = minutesOf(band.from);
    const to = minutesOf(band.to);
    const startsOn = (weekday: string) => band.days.some((day) => day === weekday);
    const inside =
      from < to
        ? moment.minuteOfDay >= from && moment.minuteOfDay < to && startsOn(moment.weekday)
        : (moment.minuteOfDay >= from && startsOn(moment.weekday)) ||
          (moment.minuteOfDay < to && startsOn(dayBefore(moment.weekday)));
    if (inside) rate = band.unitRatePerKwh;
  }
  const peak = plan.peakTimeMultipliers.find((entry) => entry.dayOfWeek === moment.weekday);
  return rate * (peak?.multiplier ?? 1);
}

const dayLengths = new Map<string, number>();

/** Seconds in the local date that the quarter hour starting at `time` belongs to. */
function localDayLength(timeZone: string, time: number): number {
  const { date } = localMoment(timeZone, time + QUARTER_HOUR / 2);
  const key = `${timeZone}|${date}`;
  const known = dayLengths.get(key);
  if (known !== undefined) return known;
  const sameDate = (start: number) => localMoment(timeZone, start + QUARTER_HOUR / 2).date === date;
  let first = time;
  while (sameDate(first - QUARTER_HOUR)) first -= QUARTER_HOUR;
  let end = time + QUARTER_HOUR;
  while (sameDate(end)) end += QUARTER_HOUR;
  dayLengths.set(key, end - first);
  return end - first;
}

/** Cut points: every UTC quarter hour strictly inside `(from, to)`, with both ends. */
function quarterHourCuts(from: number, to: number): number[] {
  const cuts = [from];
  for (let cut = Math.floor(from / QUARTER_HOUR) * QUARTER_HOUR + QUARTER_HOUR; cut < to; ) {
    cuts.push(cut);
    cut += QUARTER_HOUR;
  }
  cuts.push(to);
  return cuts;
}

/** The readings a meter keeps: one per time (the last posted wins), in time order. */
function keptReadings(readings: readonly DirectReading[]): DirectReading[] {
  const byTime = new Map<number, number>();
  for (const { time, reading } of readings) byTime.set(time, reading);
  return [...byTime].map(([time, reading]) => ({ time, reading })).sort((a, b) => a.time - b.time);
}

/**
 * Prices the window reading by reading: each pair of consecutive readings is a straight line of
 * power, cut at the window's edges and at every quarter hour, each piece priced at the rate of its
 * middle; standing charges accrue over the whole window, quarter hour by quarter hour.
 */
export function directPrice(
  readings: readonly DirectReading[],
  plans: readonly PricePlan[],
  window: { from?: number | undefined; to?: number | undefined } = {},
): DirectPrice {
  const kept = keptReadings(readings);
  const first = kept[0]?.time ?? 0;
  const last = kept.at(-1)?.time ?? 0;
  const from = window.from ?? first;
  const to = Math.max(window.to ?? last, from);
  let kwh = 0;
  const energyCost = plans.map(() => 0);
  for (let i = 0; i + 1 < kept.length; i++) {
    const a = kept[i] as DirectReading;
    const b = kept[i + 1] as DirectReading;
    const power = (t: number) =>
      a.reading + ((b.reading - a.reading) * (t - a.time)) / (b.time - a.time);
    const start = Math.max(a.time, from);
    const end = Math.min(b.time, to);
    if (start >= end) continue;
    const cuts = quarterHourCuts(start, end);
    for (let c = 0; c + 1 < cuts.length; c++) {
      const s = cuts[c] as number;
      const e = cuts[c + 1] as number;
      const pieceKwh = ((power(s) + power(e)) / 2) * ((e - s) / 3600);
      kwh += pieceKwh;
      plans.forEach((plan, p) => {
        const rate = rateAtMoment(plan, localMoment(plan.timeZone, (s + e) / 2));
        energyCost[p] = (energyCost[p] ?? 0) + pieceKwh * rate;
      });
    }
  }
  return {
    from,
    to,
    kwh,
    plans: plans.map((plan, p) => ({
      pricePlanId: plan.id,
      energyCost: energyCost[p] ?? 0,
      standingCharge: directStandingCharge(plan, from, to),
    })),
  };
}

/** The standing charge of `[from, to)`: each piece of a local day pays its share of the day. */
export function directStandingCharge(plan: PricePlan, from: number, to: number): number {
  if (plan.standingChargePerDay === 0 || to <= from) return 0;
  let charge = 0;
  const cuts = quarterHourCuts(from, to);
  for (let c = 0; c + 1 < cuts.length; c++) {
    const s = cuts[c] as number;
    const e = cuts[c + 1] as number;
    const quarterHourStart = Math.floor(s / QUARTER_HOUR) * QUARTER_HOUR;
    charge +=
      (plan.standingChargePerDay * (e - s)) / localDayLength(plan.timeZone, quarterHourStart);
  }
  return charge;
}
