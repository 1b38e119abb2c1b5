import type { MeterCall } from './meter-answers';

/** A call to open a live socket: a meter call, and when the token ends (`null`: never). */
export interface LiveCall extends MeterCall {
  readonly expiresAt: number | null;
}

// RPC cannot carry a WebSocket, so a socket is opened by forwarding an upgrade request to the
// meter. The token the Worker has checked travels in this header; nothing else of the client's
// request reaches the meter.
const LIVE_CALL_HEADER = 'X-Live-Call';

/** The upgrade a Worker sends its meter to open a socket for a checked call. */
export function liveUpgradeRequest(url: string, call: LiveCall): Request {
  return new Request(url, {
    headers: { Upgrade: 'websocket', [LIVE_CALL_HEADER]: JSON.stringify(call) },
  });
}

/**
 * The call an upgrade forwarded by the Worker carries. Only the Worker reaches a meter, so an
 * upgrade without one is a bug.
 */
export function liveCallOf(request: Request): LiveCall {
  const call = request.headers.get(LIVE_CALL_HEADER);
  if (call === null || request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') {
    throw new Error('A meter takes only WebSocket upgrades forwarded by the Worker');
  }
  return JSON.parse(call) as LiveCall;
}

/** The meter's answer to an upgrade whose token it has revoked: no socket. */
export function revokedUpgrade(): Response {
  return new Response(null, { status: 401 });
}

/** The meter's answer to an upgrade when it holds all the sockets it may: no socket. */
export function fullUpgrade(): Response {
  return new Response(null, { status: 429 });
}
