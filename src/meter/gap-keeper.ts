import type { PowerSegment } from '../energy/curve';
import { SECONDS_PER_DAY } from '../energy/curve';
import type { LongGap } from '../energy/gap-series';
import { dayOf, type IntervalDaysTable } from './interval-days-table';
import type { LongGapsTable } from './long-gaps-table';
import type { MeterData } from './meter-data';
import type { ReadingHoursTable } from './reading-hours-table';
import type { ChangedSpan } from './reading-write';

/** Whole days without data a straight piece of the curve must span to be kept as a gap, not rows. */
export const LONG_GAP_DAYS = 8;

/**
 * Keeps a meter's long gaps true: runs of at least `LONG_GAP_DAYS` whole UTC days inside one
 * segment between two readings, with no data of any channel. Such days get no row of sums.
 */
export class GapKeeper {
  readonly #data: MeterData;
  readonly #gaps: LongGapsTable;
  readonly #readings: ReadingHoursTable;
  readonly #intervals: IntervalDaysTable;

  constructor(
    data: MeterData,
    gaps: LongGapsTable,
    readings: ReadingHoursTable,
    intervals: IntervalDaysTable,
  ) {
    this.#data = data;
    this.#gaps = gaps;
    this.#readings = readings;
    this.#intervals = intervals;
  }

  /** The gaps of a segment: its whole days without data, in runs long enough. */
  #gapsOf(segment: PowerSegment): LongGap[] {
    const firstDay = dayOf(segment.startTime) + 1;
    const endDay = dayOf(segment.endTime);
    if (endDay - firstDay < LONG_GAP_DAYS) return [];
    const exportDays = new Set<number>();
    const exports = this.#intervals.overlapping(
      'export',
      firstDay * SECONDS_PER_DAY,
      endDay * SECONDS_PER_DAY,
    );
    for (const { start, end } of exports) {
      for (let day = dayOf(start); day <= dayOf(end - 1); day++) exportDays.add(day);
    }
    const gaps: LongGap[] = [];
    let runStart = firstDay;
    for (let day = firstDay; day <= endDay; day++) {
      if (day < endDay && !exportDays.has(day)) continue;
      if (day - runStart >= LONG_GAP_DAYS) gaps.push({ firstDay: runStart, endDay: day, segment });
      runStart = day + 1;
    }
    return gaps;
  }

  /** Finds the gaps again over the days of these spans of a changed readings curve. */
  readingsChanged(spans: readonly ChangedSpan[]): void {
    for (const [from, to] of spans) {
      const segments = this.#data.importCurve(from, to + 1, 'readings');
      const gaps = segments
        .filter((segment) => segment.startTime >= from && segment.endTime <= to)
        .flatMap((segment) => this.#gapsOf(segment));
      this.#gaps.replace(dayOf(from), dayOf(to) + 1, gaps);
    }
  }

  /** Splits the gaps holding days that export intervals now cover. */
  exportChanged(spans: readonly ChangedSpan[]): void {
    for (const [from, to] of spans) {
      for (const gap of this.#gaps.overlapping(dayOf(from), dayOf(to - 1) + 1)) {
        this.#gaps.replace(gap.firstDay, gap.endDay, this.#gapsOf(gap.segment));
      }
    }
  }

  /** Finds every gap from the stored readings (after readings were moved in wholesale). */
  rebuild(): void {
    const gaps: LongGap[] = [];
    for (const [hour, nextHour] of this.#readings.hoursApart(LONG_GAP_DAYS * 24)) {
      const start = this.#readings.lastBefore(hour + 1);
      const end = this.#readings.firstAfter(nextHour - 1);
      if (!start || !end) continue;
      gaps.push(
        ...this.#gapsOf({
          startTime: start.time,
          startKw: start.reading,
          endTime: end.time,
          endKw: end.reading,
        }),
      );
    }
    this.#gaps.deleteAll();
    this.#gaps.replace(0, 0, gaps);
  }

  /** The gaps holding any day of `[firstDay, endDay)`. */
  overlapping(firstDay: number, endDay: number): LongGap[] {
    return this.#gaps.overlapping(firstDay, endDay);
  }

  /** Which of these days lie in a gap. */
  gapDays(days: readonly number[]): Set<number> {
    if (days.length === 0) return new Set();
    const gaps = this.#gaps.overlapping(Math.min(...days), Math.max(...days) + 1);
    return new Set(
      days.filter((day) => gaps.some((gap) => day >= gap.firstDay && day < gap.endDay)),
    );
  }
}
