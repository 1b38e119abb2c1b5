import { type Context, Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import {
  acceptTokenCookie,
  allowPathMeter,
  authenticate,
  revokedTokenProblem,
} from '../auth/access';
import { meters } from '../config/residency';
import {
  methodNotAllowed,
  PROBLEM_TYPES,
  problemResponse,
  upgradeRequiredProblem,
} from '../http/problem';
import { validate } from '../http/validate';
import { LIVE_SOCKETS_PER_METER } from '../meter/live-sockets';
import { liveUpgradeRequest } from '../meter/live-upgrade';
import { LiveMessageSchema } from '../openapi/live-schemas';
import { problemResponses, TOKEN_RESPONSES, tokenSecurity } from '../openapi/responses';
import { MeterPathSchema } from '../schemas/query';
import { meterAccess, meterCall } from './meter-access';

const DESCRIPTION = `A WebSocket (\`Upgrade: websocket\`) held by the meter with the hibernation API: an idle socket costs nothing. A token of the meter (viewer, device) or the operator’s in the Authorization header, or the dashboard’s sign-in cookie; refusals (401, 403) come before the upgrade, and a GET that is not an upgrade is 426.

Every message is JSON text (the 101 response’s schema): a \`snapshot\` when the socket opens, then an \`update\` after every stored batch of readings or intervals (batches stored within a few milliseconds of each other share one). \`{"type":"ping"}\` is answered \`{"type":"pong"}\`; nothing else is read.

A meter holds at most ${LIVE_SOCKETS_PER_METER.toLocaleString('en')} sockets; an upgrade beyond them is 429, with Retry-After.

The meter closes a socket with 1008 when its token’s scope is revoked (\`POST /meters/{smartMeterId}/revocations\`) or an operator token ends, and with 4410 when the meter is erased.`;

// How long a client waits before trying a meter that holds all the sockets it may.
const FULL_RETRY_AFTER_SECONDS = 60;

function isWebSocketUpgrade(c: Context): boolean {
  return c.req.header('Upgrade')?.toLowerCase() === 'websocket';
}

/**
 * Whether a browser's socket comes from a page of another site. Browsers send Origin with every
 * WebSocket and cannot set Authorization on one: such a socket signs in with the cookie, which
 * SameSite=Strict already keeps from other sites; this refuses them too (cross-site WebSocket
 * hijacking). Clients with a token in the header may come from anywhere.
 */
function isCrossSiteCookieSocket(c: Context): boolean {
  const origin = c.req.header('Origin');
  return (
    origin !== undefined &&
    c.req.header('Authorization') === undefined &&
    origin !== new URL(c.req.url).origin
  );
}

/** A meter's live power and today's cost, over a WebSocket the meter holds. */
export const liveRoutes = new Hono<AppEnv>()
  .get(
    '/:smartMeterId/live',
    describeRoute({
      tags: ['Usage'],
      operationId: 'openLiveFeed',
      summary: 'Live power and today’s energy and cost, over a WebSocket',
      description: DESCRIPTION,
      security: tokenSecurity('read'),
      responses: {
        101: {
          description:
            'Switching Protocols: the socket is open. Each message it carries is one of these JSON objects.',
          content: { 'application/json': { schema: resolver(LiveMessageSchema) } },
        },
        ...problemResponses([405, 422, 426, 500]),
        ...TOKEN_RESPONSES,
        ...problemResponses([403, 429], {
          403: 'The token’s scope does not allow this, it was issued for another meter, or a browser opened the socket from a page of another site.',
          429: 'Too many failed authentications from one address, or the meter holds all the live sockets it may; see Retry-After.',
        }),
      },
    }),
    acceptTokenCookie,
    authenticate,
    validate('param', MeterPathSchema),
    allowPathMeter('read'),
    async (c) => {
      const meter = meters(c.env).getByName(c.req.valid('param').smartMeterId);
      if (!isWebSocketUpgrade(c)) {
        // A revoked token is 401 here as anywhere, upgrade or not.
        if (!(await meter.admits(meterAccess(c)))) return revokedTokenProblem(c);
        return upgradeRequiredProblem(c);
      }
      if (isCrossSiteCookieSocket(c)) {
        return problemResponse(c, {
          type: PROBLEM_TYPES.forbidden,
          title: 'Forbidden',
          status: 403,
          detail: 'A browser may open this socket only from a page of this site',
        });
      }
      const call = { ...(await meterCall(c)), expiresAt: c.var.access.expiresAt };
      const answer = await meter.fetch(liveUpgradeRequest(c.req.url, call));
      if (answer.status === 429) {
        c.header('Retry-After', `${FULL_RETRY_AFTER_SECONDS}`);
        return problemResponse(c, {
          type: PROBLEM_TYPES.tooManyRequests,
          title: 'Too Many Requests',
          status: 429,
          detail: `The meter holds ${LIVE_SOCKETS_PER_METER.toLocaleString('en')} live sockets, as many as it may: close one, or try again later`,
        });
      }
      if (answer.status !== 101) return revokedTokenProblem(c);
      return new Response(null, { status: 101, webSocket: answer.webSocket });
    },
  )
  .all('/:smartMeterId/live', methodNotAllowed('GET', 'HEAD'));
