import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../app-env';

/** The methods and headers a browser app on a listed origin may use. */
const CORS_OPTIONS = {
  allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
  allowHeaders: ['Authorization', 'Content-Type', 'Accept'],
  exposeHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition', 'WWW-Authenticate'],
  maxAge: 600,
  // Tokens travel in the Authorization header: no cookies, so never credentials (nor with `*`).
  credentials: false,
};

/** The origins of CORS_ORIGINS (comma-separated; `*` for any), none when it is empty. */
function allowedOrigins(env: Env): string[] {
  return (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}

/**
 * CORS for the origins listed in config, preflights included; a request from any other origin,
 * or without one, gets no CORS header at all (and an OPTIONS without CORS answers 405).
 */
export const allowListedOrigins: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header('Origin');
  const origins = allowedOrigins(c.env);
  const listed = origin !== undefined && (origins.includes('*') || origins.includes(origin));
  if (!listed) return next();
  return cors({ ...CORS_OPTIONS, origin: origins.includes('*') ? '*' : origin })(c, next);
};

/**
 * Headers of every answer: `nosniff`, no referrer, and a Content-Security-Policy that loads nothing
 * and may not be framed (JSON needs nothing); an HTML page sets a policy of its own, kept here.
 */
export const secureAnswers: MiddlewareHandler<AppEnv> = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  referrerPolicy: 'no-referrer',
  xContentTypeOptions: true,
  overwrite: false,
});

/** The Content-Security-Policy of an HTML page: everything from this origin, nothing inline but styles. */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Swagger UI sets style attributes on its elements; scripts stay external.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The customer's pages: scripts, styles, images and the live socket from this origin only, and no
 * inline script or style (the page works without its one script, public/dashboard-live.js).
 */
export const DASHBOARD_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
