import type { Context, MiddlewareHandler, Next } from 'hono';
import type { AppEnv } from '../app-env';
import { PROBLEM_TYPES, problemResponse } from '../http/problem';
import { verifiedMeterOf } from './meter-token';

const BEARER = /^Bearer +([!-~]+)$/i;

function authIsOff(env: Env): boolean {
  return env.AUTH_DISABLED === 'true';
}

function unauthorized(c: Context, detail: string, error?: string): Response {
  return problemResponse(
    c,
    { type: PROBLEM_TYPES.unauthorized, title: 'Unauthorized', status: 401, detail },
    { 'WWW-Authenticate': error ? `Bearer error="${error}"` : 'Bearer' },
  );
}

/**
 * The caller must present a valid meter token (401 otherwise) before any work is done. Auth is on
 * unless AUTH_DISABLED is "true", and fails closed: without a key it answers 503, never opens.
 */
export const authenticateMeter: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (authIsOff(c.env)) return next();
  const secret = c.env.METER_TOKEN_KEY;
  if (!secret) {
    return problemResponse(c, {
      type: PROBLEM_TYPES.authUnavailable,
      title: 'Service unavailable',
      status: 503,
      detail: 'Meter authentication is not configured, so meter data is not served.',
    });
  }
  const token = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
  if (token === undefined) {
    return unauthorized(c, "Send the meter's token: Authorization: Bearer <token>");
  }
  const tokenMeterId = await verifiedMeterOf(secret, token);
  if (tokenMeterId === null) return unauthorized(c, 'The token is not valid', 'invalid_token');
  c.set('tokenMeterId', tokenMeterId);
  return next();
};

async function authorizeMeter(c: Context<AppEnv>, smartMeterId: string, next: Next) {
  c.set('meterId', smartMeterId);
  if (authIsOff(c.env) || c.var.tokenMeterId === smartMeterId) return next();
  return problemResponse(c, {
    type: PROBLEM_TYPES.forbidden,
    title: 'Forbidden',
    status: 403,
    detail: `The token was issued for another meter than ${smartMeterId}`,
  });
}

/** 403 unless the token is the one of the meter named in the path. */
export const authorizePathMeter: MiddlewareHandler<
  AppEnv,
  string,
  { out: { param: { smartMeterId: string } } }
> = (c, next) => authorizeMeter(c, c.req.valid('param').smartMeterId, next);

/** 403 unless the token is the one of the meter named in the body. */
export const authorizeBodyMeter: MiddlewareHandler<
  AppEnv,
  string,
  { out: { json: { smartMeterId: string } } }
> = (c, next) => authorizeMeter(c, c.req.valid('json').smartMeterId, next);
