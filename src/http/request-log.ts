import type { MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import type { AppEnv } from '../app-env';

/**
 * Names every request in an `X-Request-Id` header: the client's own id when it sends a
 * well-formed one, else Cloudflare's ray id when the request came through its edge, else a UUID.
 */
export const nameRequests: MiddlewareHandler<AppEnv> = requestId({
  generator: (c) => c.req.header('cf-ray') ?? crypto.randomUUID(),
});

/** One structured JSON log line per request: method, route pattern, status, duration, meter, request id. */
export const logRequests: MiddlewareHandler<AppEnv> = async (c, next) => {
  const startedAt = Date.now();
  await next();
  console.log(
    JSON.stringify({
      type: 'request',
      requestId: c.var.requestId,
      method: c.req.method,
      route: routePath(c, -1),
      status: c.res.status,
      durationMs: Date.now() - startedAt,
      meterId: c.var.meterId,
    }),
  );
};
