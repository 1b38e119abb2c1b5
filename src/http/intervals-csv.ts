import type { StandardSchemaV1 } from '@standard-schema/spec';
import { MAX_INTERVALS_PER_REQUEST } from '../schemas/intervals';
import { csvRecords } from './csv-records';

/** Where each row of a CSV upload came from: the file's line, and each field's header name. */
export interface CsvPlaces {
  readonly lines: readonly number[];
  readonly headers: { readonly start: string; readonly end: string; readonly kwh: string };
}

/** A CSV upload's rows as values for the intervals schema, or what is wrong with its shape. */
export type CsvRows =
  | ({ readonly rows: Record<string, unknown>[] } & CsvPlaces)
  | { readonly problem: string; readonly path?: string };

// Header names, lower-cased and trimmed, of each column the upload needs: ours, or an Octopus
// consumption download's.
const COLUMNS = {
  kwh: ['kwh', 'consumption (kwh)'],
  start: ['start', 'interval start'],
  end: ['end', 'interval end'],
} as const;

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Epoch seconds written as digits, else the text (ISO 8601 for the schema to read). */
function timeValue(text: string): unknown {
  return /^\d{1,15}$/.test(text) ? Number(text) : text;
}

/**
 * Reads a CSV of intervals: a header naming `start,end,kwh` (in any order, other columns left
 * alone), or an Octopus consumption download (`Consumption (kWh), Start, End`), then one interval
 * a record (cells in quotes may hold commas, as RFC 4180 has it). Values become what the JSON schema checks: numbers where they are numbers.
 */
export function readIntervalsCsv(text: string): CsvRows {
  const read = csvRecords(text);
  if (!('records' in read)) return { problem: read.problem, path: `line ${read.line}` };
  const [header, ...data] = read.records;
  if (header === undefined)
    return { problem: 'The CSV is empty: send a header line, then one interval a line' };
  const names = header.cells.map((name) => name.toLowerCase());
  const index = (key: keyof typeof COLUMNS) =>
    names.findIndex((name) => (COLUMNS[key] as readonly string[]).includes(name));
  const columns = { start: index('start'), end: index('end'), kwh: index('kwh') };
  const missing = Object.entries(columns)
    .filter(([, at]) => at < 0)
    .map(([key]) => key);
  if (missing.length > 0) {
    return {
      problem: `The CSV header lacks ${missing.join(', ')}: use start,end,kwh or an Octopus download's Consumption (kWh), Start, End`,
    };
  }
  if (data.length === 0)
    return { problem: 'The CSV holds no interval: one a line after the header' };
  if (data.length > MAX_INTERVALS_PER_REQUEST) {
    return {
      problem: `The CSV holds ${data.length} intervals; at most ${MAX_INTERVALS_PER_REQUEST} per request`,
    };
  }
  const rows = data.map(({ cells }) => {
    const kwh = cells[columns.kwh] ?? '';
    return {
      start: timeValue(cells[columns.start] ?? ''),
      end: timeValue(cells[columns.end] ?? ''),
      kwh: NUMBER.test(kwh) ? Number(kwh) : kwh,
    };
  });
  const headerOf = (at: number) => header.cells[at] ?? '';
  return {
    rows,
    lines: data.map((record) => record.line),
    headers: {
      start: headerOf(columns.start),
      end: headerOf(columns.end),
      kwh: headerOf(columns.kwh),
    },
  };
}

/**
 * Where a place in the rows (`intervals.N.field`, as the schema names it) is in the file: `line L`
 * and the field's header as the file writes it (`line 3, Consumption (kWh)`). Other paths are
 * returned as they are.
 */
export function placeInCsv(
  places: CsvPlaces,
  path: StandardSchemaV1.Issue['path'] = [],
): PropertyKey[] {
  const keys = path.map((segment) => (typeof segment === 'object' ? segment.key : segment));
  const [list, index, field] = keys;
  const line = typeof index === 'number' ? places.lines[index] : undefined;
  if (list !== 'intervals' || line === undefined) return keys;
  const header = places.headers[field as keyof CsvPlaces['headers']];
  return [header === undefined ? `line ${line}` : `line ${line}, ${header}`];
}
