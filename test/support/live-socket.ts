import { exports } from 'cloudflare:workers';
import * as v from 'valibot';
import { LiveMessageSchema } from '../../src/openapi/live-schemas';

export type LiveMessage = v.InferOutput<typeof LiveMessageSchema>;

/** How a socket was closed. */
export interface Closing {
  readonly code: number;
  readonly reason: string;
}

/** A client end of a live socket that keeps what it receives, for a test to wait on. */
export interface LiveClient {
  readonly socket: WebSocket;
  /** The next message not yet taken, checked against the documented schema. */
  next(timeoutMs?: number): Promise<LiveMessage>;
  /** Resolves when the server closes the socket. */
  readonly closed: Promise<Closing>;
}

const WAIT_MS = 3000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer ?? null));
}

/** Takes the client end of an accepted upgrade. */
export function liveClient(socket: WebSocket): LiveClient {
  const received: string[] = [];
  const waiting: ((text: string) => void)[] = [];
  socket.addEventListener('message', (event) => {
    const text = typeof event.data === 'string' ? event.data : '(binary)';
    const waiter = waiting.shift();
    if (waiter) waiter(text);
    else received.push(text);
  });
  const closed = new Promise<Closing>((resolve) => {
    socket.addEventListener('close', (event) =>
      resolve({ code: event.code, reason: event.reason }),
    );
  });
  socket.accept();
  return {
    socket,
    closed,
    async next(timeoutMs = WAIT_MS) {
      const text =
        received.shift() ??
        (await withTimeout(
          new Promise<string>((resolve) => waiting.push(resolve)),
          timeoutMs,
          'message',
        ));
      return v.parse(LiveMessageSchema, JSON.parse(text));
    },
  };
}

/** Asks the Worker for a live socket of a meter with these headers (no token unless given). */
export function requestLive(smartMeterId: string, headers: Record<string, string> = {}) {
  return exports.default.fetch(
    new Request(`https://joi.test/meters/${smartMeterId}/live`, {
      headers: {
        Upgrade: 'websocket',
        // An address of its own: the limit on failed authentications never joins two tests.
        'CF-Connecting-IP': `2001:db8::${crypto.randomUUID().slice(0, 4)}`,
        ...headers,
      },
    }),
  );
}

/** Opens a live socket of a meter with these headers, failing the test unless it opens. */
export async function openLive(
  smartMeterId: string,
  headers: Record<string, string>,
): Promise<LiveClient> {
  const response = await requestLive(smartMeterId, headers);
  if (response.status !== 101 || response.webSocket === null) {
    throw new Error(`live socket refused: ${response.status} ${await response.text()}`);
  }
  return liveClient(response.webSocket);
}

/** Waits for a socket to be closed, failing after `timeoutMs`. */
export function closingOf(client: LiveClient, timeoutMs = WAIT_MS): Promise<Closing> {
  return withTimeout(client.closed, timeoutMs, 'close');
}
