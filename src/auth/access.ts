import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env';
import { PROBLEM_TYPES, problemResponse } from '../http/problem';
import { isOperatorTokenRevoked } from './operator-token-revocations';
import { type TokenClaims, type TokenScope, verifyToken } from './token';

const BEARER = /^Bearer +([!-~]+)$/i;
/** The failed-authentication limit's period, in seconds (wrangler.toml). */
const AUTH_FAILURE_PERIOD_SECONDS = 60;

/** What each kind of operation lets a token do; the operator may do everything. */
export const SCOPES_ALLOWED = {
  /** Store a meter's readings: the meter itself. */
  store: ['device', 'operator'],
  /** Read, price and chart a meter's data: the meter and its customer. */
  read: ['device', 'viewer', 'operator'],
  /** Operator endpoints: accounts, revocation, erasure. */
  operate: ['operator'],
} as const satisfies Record<string, readonly TokenScope[]>;
export type Operation = keyof typeof SCOPES_ALLOWED;

/** Full access, for local development with tokens turned off. */
const OPEN_ACCESS: TokenClaims = {
  scope: 'operator',
  smartMeterId: null,
  issuedAt: 0,
  tokenId: null,
  expiresAt: null,
};

function authIsOff(env: Env): boolean {
  return env.AUTH_DISABLED === 'true';
}

/** The keys tokens verify with: the current one, and the previous one during a rotation. */
export function liveKeys(env: Env): string[] {
  return [env.METER_TOKEN_KEY, env.METER_TOKEN_KEY_PREVIOUS].filter(
    (key): key is string => typeof key === 'string' && key !== '',
  );
}

/** 401 with `WWW-Authenticate: Bearer`, or 429 once a client address has failed too often. */
export async function refuseAuthentication(
  c: Context<AppEnv>,
  detail: string,
  error?: string,
): Promise<Response> {
  const clientAddress = c.req.header('CF-Connecting-IP') ?? 'unknown';
  // Always bound where wrangler.toml applies; plain workerd (the bench) has no rate limiting.
  const limiter: RateLimit | undefined = c.env.AUTH_FAILURE_RATE_LIMITER;
  const { success } = limiter ? await limiter.limit({ key: clientAddress }) : { success: true };
  if (!success) {
    return problemResponse(
      c,
      {
        type: PROBLEM_TYPES.tooManyRequests,
        title: 'Too many requests',
        status: 429,
        detail: 'Too many requests with a missing or invalid token from this address; retry later',
      },
      { 'Retry-After': String(AUTH_FAILURE_PERIOD_SECONDS) },
    );
  }
  return problemResponse(
    c,
    { type: PROBLEM_TYPES.unauthorized, title: 'Unauthorized', status: 401, detail },
    { 'WWW-Authenticate': error ? `Bearer error="${error}"` : 'Bearer' },
  );
}

/**
 * The caller must present a valid token (401 otherwise) before any work is done. Auth is on
 * unless AUTH_DISABLED is "true", and fails closed: without a key it answers 503, never opens.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (authIsOff(c.env)) {
    c.set('access', OPEN_ACCESS);
    return next();
  }
  const keys = liveKeys(c.env);
  if (keys.length === 0) {
    return problemResponse(c, {
      type: PROBLEM_TYPES.authUnavailable,
      title: 'Service unavailable',
      status: 503,
      detail: 'Token authentication is not configured, so meter data is not served.',
    });
  }
  const token = BEARER.exec(c.req.header('Authorization') ?? '')?.[1] ?? cookieToken(c);
  if (token === undefined) {
    return refuseAuthentication(c, 'Send a token: Authorization: Bearer <token>');
  }
  const claims = await verifyToken(keys, token);
  if (claims === null) return refuseAuthentication(c, 'The token is not valid', 'invalid_token');
  if (claims.tokenId !== null) {
    const revoked = await operatorTokenRevoked(c.env, claims.tokenId);
    if (revoked === null) return revocationsUnavailable(c);
    if (revoked) return revokedTokenProblem(c);
  }
  c.set('access', claims);
  return next();
};

/** Whether an operator token is revoked; `null` when that cannot be known (D1 unreachable). */
async function operatorTokenRevoked(env: Env, tokenId: string): Promise<boolean | null> {
  // Always bound where wrangler.toml applies; plain workerd (the bench) has no D1.
  const db: D1Database | undefined = env.DB;
  if (db === undefined) return null;
  try {
    return await isOperatorTokenRevoked(db, tokenId);
  } catch (error) {
    console.error(
      JSON.stringify({
        type: 'revocations-unavailable',
        message: error instanceof Error ? error.message : String(error),
      }),
    );
    return null;
  }
}

/** 503: an operator token is refused, not let through, while its revocation cannot be checked. */
function revocationsUnavailable(c: Context<AppEnv>): Response {
  return problemResponse(c, {
    type: PROBLEM_TYPES.authUnavailable,
    title: 'Service unavailable',
    status: 503,
    detail:
      'Operator token revocations cannot be checked now, so the token is not accepted; retry later.',
  });
}

/** The cookie a sign-in link sets: a token for the pages under one meter's path. */
export const TOKEN_COOKIE = 'joi_token';
const TOKEN_COOKIE_DAYS = 30;

/** The sign-in cookie's token, on the pages it is set for (and only where it was sent). */
function cookieToken(c: Context<AppEnv>): string | undefined {
  return c.get('acceptsTokenCookie') ? getCookie(c, TOKEN_COOKIE) : undefined;
}

/** Lets the sign-in cookie stand for the Authorization header on this route (a browser page). */
export const acceptTokenCookie: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('acceptsTokenCookie', true);
  return next();
};

/**
 * A sign-in link (`?token=<viewer token of this meter>`): the token goes into an HttpOnly, Secure,
 * SameSite=Strict cookie for this meter's path, and the browser is sent (303) to the same page
 * without it, so the token never stays in the address bar, its history or a Referer. A token the
 * meter has revoked (`stillHolds` asks it) sets no cookie: it is refused as any invalid token.
 */
export function signInFromLink(
  stillHolds: (c: Context<AppEnv>, smartMeterId: string, claims: TokenClaims) => Promise<boolean>,
): MiddlewareHandler<AppEnv, string, { out: { param: { smartMeterId: string } } }> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const token = url.searchParams.get('token');
    if (token === null || authIsOff(c.env)) return next();
    const { smartMeterId } = c.req.valid('param');
    const claims = await verifyToken(liveKeys(c.env), token);
    if (claims === null)
      return refuseAuthentication(c, 'The sign-in link is not valid', 'invalid_token');
    // A customer's browser holds a viewer token only: never the meter's own, nor the operator's.
    if (claims.scope !== 'viewer') {
      return forbidden(
        c,
        'A sign-in link carries a viewer token, never a device or operator token',
      );
    }
    if (claims.smartMeterId !== smartMeterId) {
      return forbidden(c, `The sign-in link was issued for another meter than ${smartMeterId}`);
    }
    if (!(await stillHolds(c, smartMeterId, claims))) return revokedTokenProblem(c);
    setCookie(c, TOKEN_COOKIE, token, {
      path: `/meters/${encodeURIComponent(smartMeterId)}`,
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      maxAge: TOKEN_COOKIE_DAYS * 86_400,
    });
    url.searchParams.delete('token');
    return c.redirect(`${url.pathname}${url.search}`, 303);
  };
}

function forbidden(c: Context, detail: string): Response {
  return problemResponse(c, {
    type: PROBLEM_TYPES.forbidden,
    title: 'Forbidden',
    status: 403,
    detail,
  });
}

/** 403 unless the token's scope allows the operation on this meter (any meter for the operator). */
function authorize(c: Context<AppEnv>, operation: Operation, smartMeterId: string | null) {
  if (smartMeterId !== null) c.set('meterId', smartMeterId);
  const { scope, smartMeterId: tokenMeterId } = c.var.access;
  const allowed: readonly TokenScope[] = SCOPES_ALLOWED[operation];
  if (!allowed.includes(scope)) {
    return forbidden(
      c,
      `A ${scope} token may not do this; it needs a ${allowed.join(' or ')} token`,
    );
  }
  if (scope !== 'operator' && tokenMeterId !== smartMeterId) {
    return forbidden(c, `The token was issued for another meter than ${smartMeterId}`);
  }
  return null;
}

/** 403 unless the token may do `operation` on the meter named in the path. */
export function allowPathMeter(
  operation: Operation,
): MiddlewareHandler<AppEnv, string, { out: { param: { smartMeterId: string } } }> {
  return async (c, next) =>
    authorize(c, operation, c.req.valid('param').smartMeterId) ?? (await next());
}

/** 403 unless the token may do `operation` on the meter named in the body. */
export function allowBodyMeter(
  operation: Operation,
): MiddlewareHandler<AppEnv, string, { out: { json: { smartMeterId: string } } }> {
  return async (c, next) =>
    authorize(c, operation, c.req.valid('json').smartMeterId) ?? (await next());
}

/** 403 unless the token is the operator's. */
export const allowOperator: MiddlewareHandler<AppEnv> = async (c, next) =>
  authorize(c, 'operate', null) ?? (await next());

/** 401 for a token the meter has revoked (it checks as part of the request's own call to it). */
export function revokedTokenProblem(c: Context<AppEnv>): Promise<Response> {
  return refuseAuthentication(c, 'The token has been revoked', 'invalid_token');
}
