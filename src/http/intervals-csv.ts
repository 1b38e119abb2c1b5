import { MAX_INTERVALS_PER_REQUEST } from '../schemas/intervals';

/** A CSV upload's rows as values for the intervals schema, or what is wrong with its shape. */
export type CsvRows = { readonly rows: Record<string, unknown>[] } | { readonly problem: string };

// Header names, lower-cased and trimmed, of each column the upload needs: ours, or an Octopus
// consumption download's.
const COLUMNS = {
  kwh: ['kwh', 'consumption (kwh)'],
  start: ['start', 'interval start'],
  end: ['end', 'interval end'],
} as const;

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A cell's text without surrounding spaces or quotes. */
function cell(text: string): string {
  const trimmed = text.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1).trim()
    : trimmed;
}

/** Epoch seconds written as digits, else the text (ISO 8601 for the schema to read). */
function timeValue(text: string): unknown {
  return /^\d{1,15}$/.test(text) ? Number(text) : text;
}

/**
 * Reads a CSV of intervals: a header naming `start,end,kwh` (in any order, other columns left
 * alone), or an Octopus consumption download (`Consumption (kWh), Start, End`), then one interval
 * a line. Values become what the JSON schema checks: numbers where they are numbers.
 */
export function readIntervalsCsv(text: string): CsvRows {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const [header, ...data] = lines;
  if (header === undefined)
    return { problem: 'The CSV is empty: send a header line, then one interval a line' };
  const names = header
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((name) => cell(name).toLowerCase());
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
  const rows = data.map((line) => {
    const cells = line.split(',').map(cell);
    const kwh = cells[columns.kwh] ?? '';
    return {
      start: timeValue(cells[columns.start] ?? ''),
      end: timeValue(cells[columns.end] ?? ''),
      kwh: NUMBER.test(kwh) ? Number(kwh) : kwh,
    };
  });
  return { rows };
}
