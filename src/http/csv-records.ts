/** One record of a CSV file: the line of the file it starts on (1-based), and its cells. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

/** The records of a CSV file, or the line where it cannot be read and why. */
export type CsvRecords =
  | { readonly records: readonly CsvRecord[] }
  | { readonly line: number; readonly problem: string };

const isBlank = (char: string | undefined) => char === ' ' || char === '\t';
const endsCell = (char: string | undefined) =>
  char === undefined || char === ',' || char === '\n' || char === '\r';

/**
 * Reads CSV text as RFC 4180 writes it: a cell in double quotes may hold commas, line breaks and
 * doubled quotes (`""` for one), so cells are read before a line is split. Spaces around a cell
 * are dropped, around quotes too (exports write `0.4, "0,538"`). Lines end in LF, CRLF or CR; blank
 * lines are no record; a leading byte order mark is skipped.
 */
export function csvRecords(input: string): CsvRecords {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  for (;;) {
    while (isBlank(text[i])) i++;
    if (text[i] === '"') {
      const openedOn = line;
      let value = '';
      i++;
      for (;;) {
        const char = text[i];
        if (char === undefined) return { line: openedOn, problem: 'a quoted cell is not closed' };
        if (char === '"' && text[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (char === '"') {
          i++;
          break;
        } else {
          if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) line++;
          value += char;
          i++;
        }
      }
      while (isBlank(text[i])) i++;
      if (!endsCell(text[i])) {
        return { line, problem: 'text follows a quoted cell (write a quote inside one as "")' };
      }
      cells.push(value);
      quoted = true;
    } else {
      let end = i;
      while (!endsCell(text[end])) end++;
      cells.push(text.slice(i, end).trim());
      i = end;
    }
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (quoted || cells.length > 1 || cells[0] !== '') records.push({ line: recordLine, cells });
    if (i >= text.length) return { records };
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    line++;
    recordLine = line;
    cells = [];
    quoted = false;
  }
}
