import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import type { TokenClaims } from '../auth/token';
import type { MeterAccess } from '../meter/meter';

/** A token as the meter checks it (scope and issue time). */
export function meterAccessOf({ scope, issuedAt }: TokenClaims): MeterAccess {
  return { scope, issuedAt };
}

/** The request's token as the meter checks it. */
export function meterAccess(c: Context<AppEnv>): MeterAccess {
  return meterAccessOf(c.var.access);
}
