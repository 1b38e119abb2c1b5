import type { Context } from 'hono';
import { accepts } from 'hono/accepts';

/** Whether the client asked for CSV (`Accept: text/csv`, preferred over JSON); JSON otherwise. */
export function wantsCsv(c: Context): boolean {
  const chosen = accepts(c, {
    header: 'Accept',
    supports: ['application/json', 'text/csv'],
    default: 'application/json',
  });
  return chosen === 'text/csv';
}
