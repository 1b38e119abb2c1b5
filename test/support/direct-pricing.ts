/**
 * The reference the product's prices are checked against: prices computed straight from the
 * meter's data, piece by piece, written apart from src/energy (it imports nothing from it). It
 * shares none of the product's band, local-day, version or standing-charge code: local times come
 * from Intl's own formatting of each instant, bands are matched by their definition, a version by
 * its `validFrom`, and a local day's length and lowest rate are found by walking its time.
 *
 * The curve is cut on a grid of `resolutionSeconds` (a quarter hour unless asked for finer) and
 * at every version start, and each piece is priced at its middle: exact where every rule changes
 * on the grid (zones whose clocks change on a quarter hour; a minute grid reaches clocks that
 * change at odd minutes).
 */

export interface DirectReading {
  readonly time: number;
  readonly reading: number;
}

export interface DirectInterval {
  readonly start: number;
  readonly end: number;
  readonly kwh: number;
}

export interface DirectBand {
  readonly days?: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly unitRatePerKwh: number;
}

export interface DirectVersion {
  readonly validFrom?: number | null;
  readonly unitRatePerKwh: number;
  readonly timeZone?: string;
  readonly standingChargePerDay?: number;
  readonly timeOfUseRates?: readonly DirectBand[];
  readonly peakTimeMultipliers?: readonly { dayOfWeek: string; multiplier: number }[];
  readonly vatRate?: number;
  readonly exportRatePerKwh?: number;
  readonly exportTimeOfUseRates?: readonly DirectBand[];
}

export interface DirectRate {
  readonly start: number;
  readonly end: number;
  readonly unitRatePerKwh: number;
}

/** A plan: versions (or one version's fields at the top, the seed's shape) and published rates. */
export interface DirectPlan extends Partial<DirectVersion> {
  readonly id: string;
  readonly versions?: readonly DirectVersion[];
  readonly dynamicImport?: readonly DirectRate[];
  readonly dynamicExport?: readonly DirectRate[];
}

export interface DirectMeter {
  readonly readings?: readonly DirectReading[];
  readonly importIntervals?: readonly DirectInterval[];
  readonly exportIntervals?: readonly DirectInterval[];
}

export interface DirectPlanPrice {
  readonly pricePlanId: string;
  /** Import energy cost, VAT included. */
  readonly energyCost: number;
  /** Standing charge, VAT included. */
  readonly standingCharge: number;
  /** The VAT inside energyCost and standingCharge. */
  readonly vat: number;
  readonly exportCredit: number;
  /** energyCost + standingCharge − exportCredit. */
  readonly cost: number;
  /** The import priced at each local day's lowest import rate, VAT included. */
  readonly lowestEnergyCost: number;
}

export interface DirectPrice {
  readonly from: number;
  readonly to: number;
  readonly kwh: number;
  readonly exportKwh: number;
  readonly plans: DirectPlanPrice[];
}

export interface DirectOptions {
  /** The grid the curve is cut on: 900 (a quarter hour) unless a test needs finer. */
  readonly resolutionSeconds?: number;
}

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
    formatter.formatToParts(Math.floor(time * 1000)).map((part) => [part.type, part.value]),
  );
  const moment = {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: String(parts.weekday).toLowerCase(),
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
  };
  if (moments.size > 200_000) moments.clear();
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

/** The rate of the band list at a local moment, or `base` outside every band. */
function bandRate(bands: readonly DirectBand[], base: number, moment: LocalMoment): number {
  let rate = base;
  for (const band of bands) {
    const from = minutesOf(band.from);
    const to = minutesOf(band.to);
    const startsOn = (weekday: string) => (band.days ?? WEEKDAYS).some((day) => day === weekday);
    const inside =
      from < to
        ? moment.minuteOfDay >= from && moment.minuteOfDay < to && startsOn(moment.weekday)
        : (moment.minuteOfDay >= from && startsOn(moment.weekday)) ||
          (moment.minuteOfDay < to && startsOn(dayBefore(moment.weekday)));
    if (inside) rate = band.unitRatePerKwh;
  }
  return rate;
}

function versionsOf(plan: DirectPlan): readonly DirectVersion[] {
  if (plan.versions) return plan.versions;
  return [{ ...plan, unitRatePerKwh: plan.unitRatePerKwh ?? 0 }];
}

/** The version whose `validFrom` is the latest at or before `time` (the first one before all). */
function versionAt(plan: DirectPlan, time: number): DirectVersion {
  const versions = versionsOf(plan);
  let found = versions[0] as DirectVersion;
  for (const version of versions) {
    if (
      version.validFrom === undefined ||
      version.validFrom === null ||
      version.validFrom <= time
    ) {
      found = version;
    }
  }
  return found;
}

function publishedAt(rates: readonly DirectRate[] | undefined, time: number): number | undefined {
  return rates?.find((rate) => rate.start <= time && time < rate.end)?.unitRatePerKwh;
}

/** The import rate at an instant, VAT not included, and the VAT fraction on it. */
function importRateAt(plan: DirectPlan, time: number): { rate: number; vat: number } {
  const version = versionAt(plan, time);
  const vat = version.vatRate ?? 0;
  const published = publishedAt(plan.dynamicImport, time);
  if (published !== undefined) return { rate: published, vat };
  const moment = localMoment(version.timeZone ?? 'UTC', time);
  const rate = bandRate(version.timeOfUseRates ?? [], version.unitRatePerKwh, moment);
  const peak = version.peakTimeMultipliers?.find((entry) => entry.dayOfWeek === moment.weekday);
  return { rate: rate * (peak?.multiplier ?? 1), vat };
}

function exportRateAt(plan: DirectPlan, time: number): number {
  const published = publishedAt(plan.dynamicExport, time);
  if (published !== undefined) return published;
  const version = versionAt(plan, time);
  const moment = localMoment(version.timeZone ?? 'UTC', time);
  return bandRate(version.exportTimeOfUseRates ?? [], version.exportRatePerKwh ?? 0, moment);
}

/** The grid points of the local date holding `time` (in the zone of the version then): its walk. */
function localDayWalk(
  plan: DirectPlan,
  time: number,
  step: number,
): { first: number; end: number } {
  const zone = versionAt(plan, time).timeZone ?? 'UTC';
  const { date } = localMoment(zone, time);
  const sameDate = (start: number) => localMoment(zone, start + step / 2).date === date;
  let first = Math.floor(time / step) * step;
  while (sameDate(first - step)) first -= step;
  let end = Math.floor(time / step) * step + step;
  while (sameDate(end)) end += step;
  return { first, end };
}

const lowestRates = new WeakMap<DirectPlan, Map<string, number>>();

/** The lowest import rate, VAT included, at any step of the local date holding `time`. */
function lowestRateOfDay(plan: DirectPlan, time: number, step: number): number {
  const { first, end } = localDayWalk(plan, time, step);
  let known = lowestRates.get(plan);
  if (!known) {
    known = new Map();
    lowestRates.set(plan, known);
  }
  const key = `${first}|${end}|${step}`;
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  let lowest = Number.POSITIVE_INFINITY;
  const cuts = cutsOf(first, end, step, versionCuts(plan));
  for (let c = 0; c + 1 < cuts.length; c++) {
    const { rate, vat } = importRateAt(plan, ((cuts[c] as number) + (cuts[c + 1] as number)) / 2);
    lowest = Math.min(lowest, rate * (1 + vat));
  }
  known.set(key, lowest);
  return lowest;
}

/** Cut points: the grid strictly inside `(from, to)`, the extra cuts inside it, and both ends. */
function cutsOf(from: number, to: number, step: number, extra: readonly number[]): number[] {
  const cuts = new Set([from, to, ...extra.filter((cut) => cut > from && cut < to)]);
  for (let cut = Math.floor(from / step) * step + step; cut < to; cut += step) cuts.add(cut);
  return [...cuts].sort((a, b) => a - b);
}

/** A straight piece of the power curve: kW at its two ends. */
interface Piece {
  readonly start: number;
  readonly startKw: number;
  readonly end: number;
  readonly endKw: number;
}

function keptReadings(readings: readonly DirectReading[]): DirectReading[] {
  const byTime = new Map<number, number>();
  for (const { time, reading } of readings) byTime.set(time, reading);
  return [...byTime].map(([time, reading]) => ({ time, reading })).sort((a, b) => a.time - b.time);
}

function importCurve(meter: DirectMeter): Piece[] {
  if (meter.importIntervals) return intervalCurve(meter.importIntervals);
  const kept = keptReadings(meter.readings ?? []);
  return kept.slice(1).map((b, i) => {
    const a = kept[i] as DirectReading;
    return { start: a.time, startKw: a.reading, end: b.time, endKw: b.reading };
  });
}

function intervalCurve(intervals: readonly DirectInterval[]): Piece[] {
  return intervals.map(({ start, end, kwh }) => {
    const kw = (kwh * 3600) / (end - start);
    return { start, startKw: kw, end, endKw: kw };
  });
}

/** Each piece of the curve inside `[from, to)`, cut at the cuts, with its kWh and middle. */
function* cutPieces(
  curve: readonly Piece[],
  from: number,
  to: number,
  step: number,
  extra: number[],
) {
  for (const piece of curve) {
    const power = (t: number) =>
      piece.startKw +
      ((piece.endKw - piece.startKw) * (t - piece.start)) / (piece.end - piece.start);
    const start = Math.max(piece.start, from);
    const end = Math.min(piece.end, to);
    if (start >= end) continue;
    const cuts = cutsOf(start, end, step, extra);
    for (let c = 0; c + 1 < cuts.length; c++) {
      const s = cuts[c] as number;
      const e = cuts[c + 1] as number;
      yield { kwh: ((power(s) + power(e)) / 2) * ((e - s) / 3600), middle: (s + e) / 2 };
    }
  }
}

/** The data's span: first to last reading, or first interval start to last interval end. */
function spanOf(meter: DirectMeter): { first: number; last: number } {
  const times = [
    ...(meter.readings ?? []).map((reading) => reading.time),
    ...[...(meter.importIntervals ?? []), ...(meter.exportIntervals ?? [])].flatMap((interval) => [
      interval.start,
      interval.end,
    ]),
  ];
  return { first: Math.min(...times), last: Math.max(...times) };
}

function versionCuts(plan: DirectPlan): number[] {
  return versionsOf(plan).flatMap((version) =>
    version.validFrom === undefined || version.validFrom === null ? [] : [version.validFrom],
  );
}

/**
 * Prices the window on each plan, piece by piece: import energy (VAT included), the VAT, the
 * standing charge over the whole window, export credit, and the import at each local day's lowest
 * rate. The window defaults to the data's span.
 */
export function directPriceOf(
  meter: DirectMeter,
  plans: readonly DirectPlan[],
  window: { from?: number | undefined; to?: number | undefined } = {},
  options: DirectOptions = {},
): DirectPrice {
  const step = options.resolutionSeconds ?? 900;
  const span = spanOf(meter);
  const from = window.from ?? span.first;
  const to = Math.max(window.to ?? span.last, from);
  const imports = importCurve(meter);
  const exports = intervalCurve(meter.exportIntervals ?? []);
  let kwh = 0;
  for (const piece of cutPieces(imports, from, to, step, [])) kwh += piece.kwh;
  let exportKwh = 0;
  for (const piece of cutPieces(exports, from, to, step, [])) exportKwh += piece.kwh;
  return {
    from,
    to,
    kwh,
    exportKwh,
    plans: plans.map((plan) => {
      const extra = versionCuts(plan);
      let energyCost = 0;
      let vat = 0;
      let lowestEnergyCost = 0;
      for (const piece of cutPieces(imports, from, to, step, extra)) {
        const { rate, vat: vatRate } = importRateAt(plan, piece.middle);
        energyCost += piece.kwh * rate * (1 + vatRate);
        vat += piece.kwh * rate * vatRate;
        lowestEnergyCost += piece.kwh * lowestRateOfDay(plan, piece.middle, step);
      }
      let exportCredit = 0;
      for (const piece of cutPieces(exports, from, to, step, extra)) {
        exportCredit += piece.kwh * exportRateAt(plan, piece.middle);
      }
      const standing = directStandingChargeOf(plan, from, to, step);
      return {
        pricePlanId: plan.id,
        energyCost,
        standingCharge: standing.charge,
        vat: vat + standing.vat,
        exportCredit,
        cost: energyCost + standing.charge - exportCredit,
        lowestEnergyCost,
      };
    }),
  };
}

/** The standing charge of `[from, to)`, VAT included: each piece pays its share of its local day. */
export function directStandingChargeOf(
  plan: DirectPlan,
  from: number,
  to: number,
  step = 900,
): { charge: number; vat: number } {
  let charge = 0;
  let vat = 0;
  if (to <= from) return { charge, vat };
  const cuts = cutsOf(from, to, step, versionCuts(plan));
  for (let c = 0; c + 1 < cuts.length; c++) {
    const s = cuts[c] as number;
    const e = cuts[c + 1] as number;
    const version = versionAt(plan, (s + e) / 2);
    const perDay = version.standingChargePerDay ?? 0;
    if (perDay === 0) continue;
    const { first, end } = localDayWalk(plan, (s + e) / 2, step);
    const net = (perDay * (e - s)) / (end - first);
    charge += net * (1 + (version.vatRate ?? 0));
    vat += net * (version.vatRate ?? 0);
  }
  return { charge, vat };
}

/** The seed's shape of the reference: readings only, plans without VAT or export. */
export function directPrice(
  readings: readonly DirectReading[],
  plans: readonly DirectPlan[],
  window: { from?: number | undefined; to?: number | undefined } = {},
) {
  const price = directPriceOf({ readings }, plans, window);
  return {
    ...price,
    plans: price.plans.map(({ pricePlanId, energyCost, standingCharge }) => ({
      pricePlanId,
      energyCost,
      standingCharge,
    })),
  };
}

/** The standing charge of `[from, to)` on a plan of the seed's shape. */
export function directStandingCharge(plan: DirectPlan, from: number, to: number): number {
  return directStandingChargeOf(plan, from, to).charge;
}
