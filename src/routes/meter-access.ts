import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import type { TokenClaims } from '../auth/token';
import { currentCatalogue } from '../catalogue/catalogue-cache';
import type { MeterAccess, MeterCall } from '../meter/meter-answers';

/** A token as the meter checks it (scope and issue time). */
export function meterAccessOf({ scope, issuedAt }: TokenClaims): MeterAccess {
  return { scope, issuedAt };
}

/** The request's token as the meter checks it. */
export function meterAccess(c: Context<AppEnv>): MeterAccess {
  return meterAccessOf(c.var.access);
}

/**
 * What a call to a meter carries: the token's access, and the catalogue's sequence number as
 * this isolate knows it (read from D1 at most once per TARIFF_REFRESH_SECONDS), so that a meter
 * behind it catches up before answering.
 */
export async function meterCall(c: Context<AppEnv>): Promise<MeterCall> {
  const catalogue = await currentCatalogue(c.env);
  return { access: meterAccess(c), catalogueSeq: catalogue.seq };
}
