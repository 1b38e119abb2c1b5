import type { MeterSql } from './sql-usage';

// A statement binds at most 100 values (Durable Objects' SQLite limit).
const MAX_BOUND_VALUES = 99;

/** Runs `INSERT … VALUES (…), (…) …` for the rows, as many rows per statement as the bind limit allows. */
export function insertRows(
  sql: MeterSql,
  head: string,
  tail: string,
  rows: readonly (readonly SqlStorageValue[])[],
): void {
  const width = rows[0]?.length ?? 1;
  const rowsPerStatement = Math.floor(MAX_BOUND_VALUES / width);
  const placeholders = `(${Array(width).fill('?').join(', ')})`;
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    const values = Array(chunk.length).fill(placeholders).join(', ');
    sql.exec(`${head} VALUES ${values} ${tail}`, ...chunk.flat());
  }
}
