import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from './app-env';

/**
 * One structured JSON log line per request (method, route pattern, status, duration, meter,
 * request id), and the request id in an `X-Request-Id` header: Cloudflare's ray id when the
 * request came through its edge, otherwise a fresh UUID.
 */
export const logRequests: MiddlewareHandler<AppEnv> = async (c, next) => {
  const startedAt = Date.now();
  const requestId = c.req.header('cf-ray') ?? crypto.randomUUID();
  c.set('requestId', requestId);
  await next();
  c.res.headers.set('X-Request-Id', requestId);
  console.log(
    JSON.stringify({
      type: 'request',
      requestId,
      method: c.req.method,
      route: routePath(c, -1),
      status: c.res.status,
      durationMs: Date.now() - startedAt,
      meterId: c.var.meterId,
    }),
  );
};
