import type { Catalogue, CatalogueChange } from '../catalogue/catalogue';
import { constantRatesOf } from '../energy/plan-series';
import { dayOf } from './interval-days-table';

/**
 * Work a meter still owes its sums, kept with the meter so that none is lost if it stops halfway,
 * and done in slices short enough never to hold the meter for long:
 * - `convert`: move readings stored one to a row (before the hour rows) after `after`;
 * - `seal`: compute and store the sums of the days `[firstDay, endDay)` that have data;
 * - `reprice`: recompute one plan's sums on the stored days of `[firstDay, endDay)`.
 */
export type PendingWork =
  | { readonly kind: 'convert'; readonly after: number }
  | { readonly kind: 'seal'; readonly firstDay: number; readonly endDay: number }
  | {
      readonly kind: 'reprice';
      readonly planId: string;
      readonly firstDay: number;
      readonly endDay: number;
    };

/** Every day there could be: epoch days of accepted times lie far inside these. */
export const ALL_DAYS = { firstDay: -1_000_000, endDay: 1_000_000 } as const;

export function parsePendingWork(json: string): PendingWork[] {
  const parsed = JSON.parse(json) as unknown;
  return Array.isArray(parsed) ? (parsed as PendingWork[]) : [];
}

/** Adds work to the list, joining it with work of the same kind (and plan) it overlaps or touches. */
export function addPendingWork(list: readonly PendingWork[], work: PendingWork): PendingWork[] {
  if (work.kind === 'convert') {
    return list.some((item) => item.kind === 'convert') ? [...list] : [work, ...list];
  }
  const joinable = (item: PendingWork) =>
    item.kind === work.kind &&
    (item.kind !== 'reprice' || work.kind !== 'reprice' || item.planId === work.planId) &&
    'firstDay' in item &&
    item.firstDay <= work.endDay &&
    work.firstDay <= item.endDay;
  const joined = list.filter(joinable) as (PendingWork & { firstDay: number; endDay: number })[];
  const rest = list.filter((item) => !joinable(item));
  const firstDay = Math.min(work.firstDay, ...joined.map((item) => item.firstDay));
  const endDay = Math.max(work.endDay, ...joined.map((item) => item.endDay));
  return [...rest, { ...work, firstDay, endDay }];
}

const dayBefore = (time: number | null) => (time === null ? ALL_DAYS.firstDay : dayOf(time) - 1);
const dayAfter = (time: number | null) => (time === null ? ALL_DAYS.endDay : dayOf(time) + 2);

/**
 * What a catalogue change costs a meter's stored sums: for each plan whose prices changed over some
 * time, repricing the stored days of that time (a day either side, for the local days that the
 * lowest rate of a day is taken over); a plan that starts or stops varying in time, every day.
 * Withdrawn plans cost nothing (their sums are no longer read). A first copy costs nothing: a meter
 * without one has no sums to reprice.
 */
export function repricingWork(
  before: Catalogue | null,
  after: Catalogue,
  changes: readonly CatalogueChange[],
): PendingWork[] {
  if (before === null) return [];
  let work: PendingWork[] = [];
  for (const plan of after.plans) {
    const old = before.plans.find((candidate) => candidate.id === plan.id);
    const isConstant = constantRatesOf(plan, plan.hasDynamicRates) !== null;
    const wasConstant =
      old === undefined ? null : constantRatesOf(old, old.hasDynamicRates) !== null;
    if (isConstant && wasConstant !== false) continue;
    if (wasConstant !== false || isConstant) {
      work = addPendingWork(work, { kind: 'reprice', planId: plan.id, ...ALL_DAYS });
      continue;
    }
    for (const change of changes) {
      if (change.planId !== plan.id || change.seq <= before.seq) continue;
      work = addPendingWork(work, {
        kind: 'reprice',
        planId: plan.id,
        firstDay: dayBefore(change.from),
        endDay: dayAfter(change.to),
      });
    }
  }
  return work;
}
