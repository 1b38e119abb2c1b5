import { type PricePlan, versionSpans } from './plan-versions';
import { localEpochDayAt, startOfLocalEpochDay } from './time-zone';

/** A standing charge over a window: the total with VAT, and the VAT inside it. */
export interface StandingCharge {
  readonly charge: number;
  readonly vat: number;
}

export const NO_STANDING_CHARGE: StandingCharge = { charge: 0, vat: 0 };

/** The first instant and the length, in seconds, of a local day given as an epoch day. */
function localDaySpan(timeZone: string, epochDay: number): { start: number; seconds: number } {
  const start = startOfLocalEpochDay(timeZone, epochDay);
  return { start, seconds: startOfLocalEpochDay(timeZone, epochDay + 1) - start };
}

/**
 * How many local days of a zone `[from, to)` covers, each day counted by the share of its seconds
 * inside (a 23- or 25-hour day is still one day).
 */
export function localDaysBetween(timeZone: string, from: number, to: number): number {
  if (to <= from) return 0;
  const firstDay = localEpochDayAt(timeZone, from);
  const lastDay = localEpochDayAt(timeZone, to);
  const first = localDaySpan(timeZone, firstDay);
  if (lastDay === firstDay) return (to - from) / first.seconds;
  const last = localDaySpan(timeZone, lastDay);
  return (
    (first.start + first.seconds - from) / first.seconds +
    (lastDay - firstDay - 1) +
    (to - last.start) / last.seconds
  );
}

/**
 * The standing charge accrued in `[from, to)`: each second priced by the version in force then,
 * each local day of that version's zone costing one day's charge spread evenly over its seconds,
 * VAT at the version's rate added.
 */
export function standingCharge(plan: PricePlan, from: number, to: number): StandingCharge {
  let charge = 0;
  let vat = 0;
  for (const span of versionSpans(plan, from, to)) {
    const perDay = span.version.standingChargePerDay;
    if (perDay === 0) continue;
    const net = perDay * localDaysBetween(span.version.timeZone, span.from, span.to);
    const spanVat = net * span.version.vatRate;
    charge += net + spanVat;
    vat += spanVat;
  }
  return { charge, vat };
}
