import { utcOffsetAt } from '../energy/time-zone';
import type { TextPage } from '../text-page';
import { pagedTextStream } from './paged-text-stream';

/** An interval of usage as CSV needs it. */
export interface CsvInterval {
  readonly start: number;
  readonly end: number;
  readonly kwh: number;
  readonly cost: number | null;
  /** For a meter with export data only. */
  readonly exportKwh?: number;
  readonly exportCredit?: number | null;
}

/** Some intervals, and where the following ones start (`null` after the last). */
export interface CsvPage<Cursor> {
  readonly intervals: readonly CsvInterval[];
  readonly next: Cursor | null;
}

export const USAGE_CSV_HEADER = 'start,end,kwh,cost\n';
/** A meter with export data: its cost is net of the credit, which gets columns of its own. */
export const USAGE_CSV_HEADER_WITH_EXPORT = 'start,end,kwh,cost,exportKwh,exportCredit\n';

/**
 * The most intervals one CSV download may hold: over five years of half hours, nearly three of
 * quarter hours. More is refused before any interval is computed, so the work of one request is
 * bounded whatever window and grouping it asks for.
 */
export const MAX_CSV_INTERVALS = 100_000;

// The shortest length of each grouping (a month of 28 days), so the estimate never falls short.
const SHORTEST_SECONDS: Readonly<Record<string, number>> = {
  quarter_hour: 900,
  half_hour: 1800,
  hour: 3600,
  day: 86_400,
  week: 7 * 86_400,
  month: 28 * 86_400,
};

/**
 * About how many intervals a CSV of the window holds: the part of the window inside the readings
 * (where intervals are listed), divided by the grouping's shortest length, and the one it starts in.
 */
export function estimatedCsvIntervals(
  window: { readonly from?: number | undefined; readonly to?: number | undefined },
  span: { readonly first: number; readonly last: number },
  groupBy: string,
): number {
  const from = Math.max(window.from ?? span.first, span.first);
  const to = Math.min(window.to ?? span.last, span.last);
  if (from >= to) return 0;
  return Math.ceil((to - from) / (SHORTEST_SECONDS[groupBy] ?? 900)) + 1;
}

/** ISO 8601 with the zone's offset at that instant, e.g. `2020-11-29T00:00:00+00:00`. */
export function isoWithOffset(time: number, timeZone: string): string {
  const offset = utcOffsetAt(timeZone, time);
  const wall = new Date((time + offset) * 1000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.floor(Math.abs(offset) / 60);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${wall}${sign}${hh}:${mm}`;
}

function csvLines(
  intervals: readonly CsvInterval[],
  timeZone: string,
  withExport: boolean,
): string {
  return intervals
    .map(({ start, end, kwh, cost, exportKwh, exportCredit }) => {
      const line = `${isoWithOffset(start, timeZone)},${isoWithOffset(end, timeZone)},${kwh},${cost ?? ''}`;
      return withExport ? `${line},${exportKwh ?? 0},${exportCredit ?? ''}\n` : `${line}\n`;
    })
    .join('');
}

/**
 * Usage as CSV, streamed page by page (see `pagedTextStream`). A cost is empty for a meter without
 * an account; a meter with export data gets `exportKwh` and `exportCredit` columns.
 */
export function usageCsvStream<Cursor>(
  firstPage: CsvPage<Cursor>,
  nextPage: (cursor: Cursor) => Promise<CsvPage<Cursor>>,
  timeZone: string,
): ReadableStream<Uint8Array> {
  // Every interval of a meter with export data carries it: the first page says which it is.
  const withExport = firstPage.intervals.some((interval) => interval.exportKwh !== undefined);
  const asText = (page: CsvPage<Cursor>): TextPage<Cursor> => ({
    text: csvLines(page.intervals, timeZone, withExport),
    next: page.next,
  });
  const header = withExport ? USAGE_CSV_HEADER_WITH_EXPORT : USAGE_CSV_HEADER;
  return pagedTextStream(
    { ...asText(firstPage), text: header + asText(firstPage).text },
    async (cursor) => asText(await nextPage(cursor)),
  );
}
