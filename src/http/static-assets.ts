import type { NotFoundHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { handleNotFound, methodNotAllowed } from './problem';

const refuseAssetMethod = methodNotAllowed('GET', 'HEAD');

/**
 * What no route matched: a static asset of `public/` (the docs' and the dashboard's files) for GET
 * and HEAD, else the 404 problem. Assets go through the Worker (`run_worker_first`) so that they
 * carry the headers of every answer, and another method on one gets the 405 problem with `Allow`.
 */
export const serveAssetOrNotFound: NotFoundHandler<AppEnv> = async (c) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') {
    const asset = await c.env.ASSETS.fetch(c.req.raw);
    // Answered through the context, so the headers middleware set (X-Request-Id) are kept.
    if (asset.status !== 404) return c.newResponse(asset.body, asset);
    return handleNotFound(c);
  }
  const probe = await c.env.ASSETS.fetch(new Request(c.req.url, { method: 'HEAD' }));
  return probe.ok ? refuseAssetMethod(c) : handleNotFound(c);
};
