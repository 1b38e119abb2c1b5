/**
 * WebSocket clients on meters' live feeds (`GET /meters/{id}/live`) for `npm run simulate --live`:
 * each records when its updates arrive. The API answers a plain GET of the feed with 426 (it wants
 * an upgrade); a server without the feed answers 404, and is reported as such, not as a crash.
 */

import type { ReceivedUpdate } from './live-latency.ts';

/** One client: which meter it listens to and what it heard. */
export interface LiveSocket {
  readonly smartMeterId: string;
  /** Each `update`, in the order it arrived. */
  readonly updates: ReceivedUpdate[];
  snapshots: number;
  otherMessages: number;
  /** How the server closed the socket before the run ended, if it did. */
  closedEarly: { code: number; reason: string } | null;
}

/** Open clients, or why there are none. */
export type LiveFeeds =
  | { readonly kind: 'open'; readonly sockets: readonly LiveSocket[] }
  | { readonly kind: 'unavailable'; readonly reason: string };

const CONNECT_TIMEOUT_MS = 15_000;

/** `ws(s)://…/meters/{id}/live` under the API's base URL (any path prefix kept). */
export function liveUrl(baseUrl: URL, smartMeterId: string, scheme: 'http' | 'ws'): URL {
  const url = new URL(
    `meters/${encodeURIComponent(smartMeterId)}/live`,
    baseUrl.href.replace(/\/?$/, '/'),
  );
  if (scheme === 'ws') url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url;
}

function problemDetail(body: string): string {
  try {
    const problem: unknown = JSON.parse(body);
    if (typeof problem === 'object' && problem !== null && 'detail' in problem) {
      return String(problem.detail);
    }
  } catch {
    // Not JSON.
  }
  return body.slice(0, 200);
}

/**
 * Asks the feed without an upgrade first: 426 means it is there. Any other answer is a sentence
 * that says what is wrong; `null` when the feed is there.
 */
async function feedMissing(
  baseUrl: URL,
  smartMeterId: string,
  authorization: Record<string, string>,
): Promise<string | null> {
  const url = liveUrl(baseUrl, smartMeterId, 'http');
  let response: Response;
  try {
    response = await fetch(url, { headers: authorization });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
    return `GET ${url.pathname} failed: ${error instanceof Error ? error.message : String(error)} ${cause}`.trim();
  }
  const detail = problemDetail(await response.text());
  if (response.status === 426) return null;
  if (response.status === 404) {
    return `GET ${url.pathname} answered 404: this server has no live feed (it predates GET /meters/{id}/live)`;
  }
  if (response.status === 401 || response.status === 403) {
    return `GET ${url.pathname} answered ${response.status}: ${detail} (set METER_TOKEN_KEY to the server's key)`;
  }
  return `GET ${url.pathname} answered ${response.status} instead of 426 Upgrade Required: ${detail}`;
}

/** Opens one client and resolves once its snapshot has arrived; rejects with a sentence. */
function openSocket(
  baseUrl: URL,
  live: LiveSocket,
  authorization: Record<string, string>,
  run: { readonly sockets: WebSocket[]; closing: boolean },
): Promise<void> {
  return new Promise((resolve, reject) => {
    // Node's WebSocket (undici) takes headers, unlike a browser's: the token goes as everywhere.
    const socket = new WebSocket(liveUrl(baseUrl, live.smartMeterId, 'ws'), {
      headers: authorization,
    });
    run.sockets.push(socket);
    const timer = setTimeout(() => {
      reject(
        new Error(
          `no snapshot from ${live.smartMeterId}'s feed within ${CONNECT_TIMEOUT_MS / 1000} s`,
        ),
      );
    }, CONNECT_TIMEOUT_MS);
    socket.addEventListener('message', (event) => {
      const receivedAtMs = performance.now();
      const message = parsedMessage(event.data);
      if (message?.type === 'update' && typeof message.time === 'number') {
        live.updates.push({ receivedAtMs, time: message.time });
      } else if (message?.type === 'snapshot') {
        live.snapshots += 1;
        clearTimeout(timer);
        resolve();
      } else live.otherMessages += 1;
    });
    socket.addEventListener('error', () => {
      clearTimeout(timer);
      reject(
        new Error(
          `the WebSocket upgrade of ${live.smartMeterId}'s feed failed (no 101 Switching Protocols)`,
        ),
      );
    });
    socket.addEventListener('close', (event) => {
      if (!run.closing) live.closedEarly ??= { code: event.code, reason: event.reason };
    });
  });
}

/** A message of the feed as far as it is needed here: its type and data time. */
function parsedMessage(data: unknown): { type: unknown; time: unknown } | null {
  if (typeof data !== 'string') return null;
  try {
    const message: unknown = JSON.parse(data);
    if (typeof message === 'object' && message !== null && 'type' in message) {
      return { type: message.type, time: 'time' in message ? message.time : null };
    }
  } catch {
    // Not JSON: counted as another message.
  }
  return null;
}

/** Live clients that can be closed when the run is over. */
export interface OpenedFeeds {
  readonly feeds: LiveFeeds;
  /** Closes every client; closes after this are the run's own, not the server's. */
  close(): void;
}

/**
 * Opens `clients` sockets spread over `meterIds` (client k on meter k mod n) and waits for each
 * one's snapshot, so that every store after this is one they should hear of.
 */
export async function openLiveFeeds(
  baseUrl: URL,
  meterIds: readonly string[],
  clients: number,
  authorizationFor: (smartMeterId: string) => Promise<Record<string, string>>,
): Promise<OpenedFeeds> {
  const run = { sockets: [] as WebSocket[], closing: false };
  const close = (): void => {
    run.closing = true;
    for (const socket of run.sockets) socket.close(1000, 'simulation over');
  };
  const firstMeter = meterIds[0] as string;
  const missing = await feedMissing(baseUrl, firstMeter, await authorizationFor(firstMeter));
  if (missing !== null) return { feeds: { kind: 'unavailable', reason: missing }, close };
  const live: LiveSocket[] = Array.from({ length: clients }, (_, k) => ({
    smartMeterId: meterIds[k % meterIds.length] as string,
    updates: [],
    snapshots: 0,
    otherMessages: 0,
    closedEarly: null,
  }));
  try {
    await Promise.all(
      live.map(async (socket) =>
        openSocket(baseUrl, socket, await authorizationFor(socket.smartMeterId), run),
      ),
    );
  } catch (error) {
    close();
    const reason = error instanceof Error ? error.message : String(error);
    return { feeds: { kind: 'unavailable', reason }, close };
  }
  return { feeds: { kind: 'open', sockets: live }, close };
}

const POLL_MS = 20;

/**
 * Waits until every socket has heard of its meter's data up to `latestDataTime` (the latest
 * instant stored), or `timeoutMs` has passed (a store not heard of is then reported).
 */
export async function awaitUpdates(
  sockets: readonly LiveSocket[],
  latestDataTime: (smartMeterId: string) => number | null,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  const behind = () =>
    sockets.some((socket) => {
      const latest = latestDataTime(socket.smartMeterId);
      const heard = socket.updates.reduce(
        (max, { time }) => Math.max(max, time),
        Number.NEGATIVE_INFINITY,
      );
      return socket.closedEarly === null && latest !== null && heard < latest;
    });
  while (behind() && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
