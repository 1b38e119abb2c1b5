/** A CSV of account rows as values for the row schema, or what is wrong with its shape. */
export type AccountCsv =
  | { readonly rows: Record<string, unknown>[] }
  | { readonly problem: string };

const HEADER_HELP = 'the first line must be the header smartMeterId,pricePlanId,from';

/** A cell's text without surrounding spaces or quotes. */
function cell(text: string): string {
  const trimmed = text.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1).trim()
    : trimmed;
}

/**
 * Reads `smartMeterId,pricePlanId,from` (columns found by header name, in any order; `from`
 * optional, an empty cell meaning now), one row a line. Blank lines are skipped and not counted:
 * row n is the n-th line of data after the header. Values become what the JSON rows hold: epoch
 * seconds as numbers, anything else as text for the row schema to judge.
 */
export function readAccountRowsCsv(text: string): AccountCsv {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const [header, ...data] = lines;
  if (header === undefined) return { problem: `The CSV is empty: ${HEADER_HELP}` };
  const names = header
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((name) => cell(name).toLowerCase());
  const columns = {
    smartMeterId: names.indexOf('smartmeterid'),
    pricePlanId: names.indexOf('priceplanid'),
    from: names.indexOf('from'),
  };
  if (columns.smartMeterId < 0 || columns.pricePlanId < 0) {
    return { problem: `The CSV is not a list of account rows: ${HEADER_HELP}` };
  }
  const rows = data.map((line) => {
    const cells = line.split(',').map(cell);
    const from = columns.from < 0 ? '' : (cells[columns.from] ?? '');
    return {
      smartMeterId: cells[columns.smartMeterId] ?? '',
      pricePlanId: cells[columns.pricePlanId] ?? '',
      ...(from !== '' && { from: /^\d{1,15}$/.test(from) ? Number(from) : from }),
    };
  });
  return { rows };
}
