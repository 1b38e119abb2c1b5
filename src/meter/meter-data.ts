import { type PowerSegment, segmentsOfIntervals, segmentsOfReadings } from '../energy/curve';
import type { LatestImport } from '../energy/live-figures';
import { type Channel, dayOf, type IntervalDaysTable } from './interval-days-table';
import { hourOf, type ReadingHoursTable } from './reading-hours-table';

/** Where a meter's import comes from: power readings or metered intervals, never both. */
export type ImportSource = 'readings' | 'intervals';

/** The first and last instant of a meter's data (readings, or interval starts and ends). */
export interface DataSpan {
  readonly first: number;
  readonly last: number;
}

/**
 * A meter's curves as stored: import from its readings (straight lines between them) or from its
 * import intervals, export from its export intervals. Reads only the rows a span needs.
 */
export class MeterData {
  readonly #readings: ReadingHoursTable;
  readonly #intervals: IntervalDaysTable;

  constructor(readings: ReadingHoursTable, intervals: IntervalDaysTable) {
    this.#readings = readings;
    this.#intervals = intervals;
  }

  /** What the meter's import comes from, or `null` while it has none. */
  importSource(): ImportSource | null {
    if (this.#readings.hasAny()) return 'readings';
    return this.#intervals.hasAny('import') ? 'intervals' : null;
  }

  hasExport(): boolean {
    return this.#intervals.hasAny('export');
  }

  /**
   * The segments of the import curve overlapping `[from, to)` (not cut): from readings, those
   * inside the span and the nearest outside each end, so that segments crossing its edges are whole.
   */
  importCurve(from: number, to: number, source: ImportSource | null): PowerSegment[] {
    if (source === 'intervals') return this.#intervalCurve('import', from, to);
    if (source === null) return [];
    const firstHour = hourOf(from);
    const lastHour = hourOf(to - 1);
    const inside = this.#readings.between(firstHour, lastHour + 1);
    const before = this.#readings.lastBefore(firstHour);
    const after = this.#readings.firstAfter(lastHour);
    const readings = [...(before ? [before] : []), ...inside, ...(after ? [after] : [])];
    return segmentsOfReadings(readings).filter(
      (segment) => segment.endTime > from && segment.startTime < to,
    );
  }

  exportCurve(from: number, to: number): PowerSegment[] {
    return this.#intervalCurve('export', from, to);
  }

  #intervalCurve(channel: Channel, from: number, to: number): PowerSegment[] {
    return segmentsOfIntervals(this.#intervals.overlapping(channel, from, to));
  }

  /** The first and last instant of any data, or `null` for a meter without data. */
  span(): DataSpan | null {
    const spans = [
      this.#readingSpan(),
      this.#intervals.span('import'),
      this.#intervals.span('export'),
    ].filter((span): span is DataSpan => span !== null);
    if (spans.length === 0) return null;
    return {
      first: Math.min(...spans.map((span) => span.first)),
      last: Math.max(...spans.map((span) => span.last)),
    };
  }

  /**
   * The latest point of the import curve: the last reading, or the end of the last import
   * interval at its mean power; `null` without import.
   */
  latestImport(): LatestImport | null {
    const source = this.importSource();
    if (source === 'readings') {
      const last = this.#readings.ends()?.last;
      return last ? { time: last.time, powerKw: last.reading } : null;
    }
    const end = source === 'intervals' ? this.#intervals.span('import')?.last : undefined;
    if (end === undefined) return null;
    const [segment] = this.#intervalCurve('import', end - 1, end).slice(-1);
    return segment ? { time: segment.endTime, powerKw: segment.endKw } : null;
  }

  #readingSpan(): DataSpan | null {
    const ends = this.#readings.ends();
    return ends ? { first: ends.first.time, last: ends.last.time } : null;
  }
}

/**
 * The UTC day holding the end of a meter's data: the days before it are kept summed, this one is
 * summed when asked for (it changes with every store), and no later day has data.
 */
export function lastDataDay(span: DataSpan): number {
  return dayOf(span.last);
}
