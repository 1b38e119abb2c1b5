import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import type { MeterAccess } from '../meter/meter';

/** The request's token as the meter checks it (scope and issue time). */
export function meterAccess(c: Context<AppEnv>): MeterAccess {
  const { scope, issuedAt } = c.var.access;
  return { scope, issuedAt };
}
