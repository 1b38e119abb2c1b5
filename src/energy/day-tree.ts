/**
 * Whole UTC days are summed up a tree so that any run of days is read as a few rows: a level-k
 * bucket sums 16^k days (level 1 about a fortnight, level 2 about eight months, level 3 about 11
 * years). Days with data lie before 2106 (16^4 days), so a run over them needs no level above 3;
 * a run reaching further (a window to 9999) ends in a longer run of level-3 buckets, most empty.
 */
export const DAY_FAN_OUT = 16;
export const TOP_DAY_LEVEL = 3;

/** Buckets `[first, end)` of one tree level. */
export interface DayRun {
  readonly level: number;
  readonly first: number;
  readonly end: number;
}

/** Runs of tree buckets that exactly cover days `[first, end)`: at most two per level. */
export function coveringDayRuns(first: number, end: number): DayRun[] {
  const runs: DayRun[] = [];
  let low = first;
  let high = end;
  for (let level = 0; low < high; level++) {
    const lowRoundedUp = Math.ceil(low / DAY_FAN_OUT) * DAY_FAN_OUT;
    const highRoundedDown = Math.floor(high / DAY_FAN_OUT) * DAY_FAN_OUT;
    if (level === TOP_DAY_LEVEL || lowRoundedUp >= highRoundedDown) {
      runs.push({ level, first: low, end: high });
      break;
    }
    if (low < lowRoundedUp) runs.push({ level, first: low, end: lowRoundedUp });
    if (highRoundedDown < high) runs.push({ level, first: highRoundedDown, end: high });
    low = lowRoundedUp / DAY_FAN_OUT;
    high = highRoundedDown / DAY_FAN_OUT;
  }
  return runs;
}

/** The distinct parents of these buckets, ascending. */
export function parentsOf(buckets: Iterable<number>): number[] {
  const parents = new Set<number>();
  for (const bucket of buckets) parents.add(Math.floor(bucket / DAY_FAN_OUT));
  return [...parents].sort((a, b) => a - b);
}
