/**
 * A worker thread of the live scenario: holds its share of the sockets and reports when updates
 * reach them. Threads of their own, so that receiving a thousand messages never holds up the
 * thread that times the stores.
 */
import { parentPort, workerData } from 'node:worker_threads';

/** What a thread is started with. */
export interface WatchersSetup {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly sockets: number;
  /** Sockets being opened at once. */
  readonly openingAtOnce: number;
}

/** What the scenario asks: when each socket got its first update at or after `time`; to stop. */
export type WatchersCommand =
  | { readonly kind: 'updates-after'; readonly time: number }
  | { readonly kind: 'close' };

/** What a thread answers; times are `performance.timeOrigin + performance.now()` (any thread). */
export type WatchersReport =
  | { readonly kind: 'opened'; readonly openMs: number[] }
  | { readonly kind: 'updates'; readonly at: number[] }
  | { readonly kind: 'closed' }
  | { readonly kind: 'failed'; readonly message: string };

// Node's WebSocket (undici) takes request headers, a token here; the Workers types this project
// also loads describe the browser's constructor, which does not.
const NodeWebSocket = WebSocket as unknown as new (
  url: string,
  init: { headers: Record<string, string> },
) => WebSocket;

const now = () => performance.timeOrigin + performance.now();

/** A socket, when its latest update arrived, and who waits for the next one. */
class Watcher {
  readonly socket: WebSocket;
  #lastUpdateAt = Number.NEGATIVE_INFINITY;
  #waiter: { time: number; arrived: (at: number) => void } | undefined;

  constructor(socket: WebSocket) {
    this.socket = socket;
  }

  updated(at: number): void {
    this.#lastUpdateAt = at;
    if (this.#waiter !== undefined && this.#waiter.time <= at) {
      this.#waiter.arrived(at);
      this.#waiter = undefined;
    }
  }

  updateAfter(time: number): Promise<number> {
    if (this.#lastUpdateAt >= time) return Promise.resolve(this.#lastUpdateAt);
    return new Promise((arrived) => {
      this.#waiter = { time, arrived };
    });
  }
}

/** Opens a socket; resolves once its snapshot arrived, with how long that took. */
function open(setup: WatchersSetup): Promise<{ watcher: Watcher; openMs: number }> {
  const startedAt = now();
  const socket = new NodeWebSocket(setup.url, { headers: setup.headers });
  const watcher = new Watcher(socket);
  return new Promise((resolve, reject) => {
    socket.addEventListener('error', () => reject(new Error(`socket to ${setup.url} failed`)));
    socket.addEventListener('message', (event) => {
      const at = now();
      // The type leads every message (`{"type":"update",…`): no need to parse the rest.
      const text = String(event.data);
      if (text.startsWith('{"type":"snapshot"')) resolve({ watcher, openMs: at - startedAt });
      else if (text.startsWith('{"type":"update"')) watcher.updated(at);
    });
  });
}

async function openAll(setup: WatchersSetup): Promise<{ watchers: Watcher[]; openMs: number[] }> {
  const watchers: Watcher[] = [];
  const openMs: number[] = [];
  while (watchers.length < setup.sockets) {
    const wave = Math.min(setup.openingAtOnce, setup.sockets - watchers.length);
    for (const opened of await Promise.all(Array.from({ length: wave }, () => open(setup)))) {
      watchers.push(opened.watcher);
      openMs.push(opened.openMs);
    }
  }
  return { watchers, openMs };
}

if (parentPort !== null) {
  const port = parentPort;
  const report = (message: WatchersReport) => port.postMessage(message);
  try {
    const { watchers, openMs } = await openAll(workerData as WatchersSetup);
    port.on('message', async (command: WatchersCommand) => {
      if (command.kind === 'close') {
        for (const { socket } of watchers) socket.close();
        report({ kind: 'closed' });
        return;
      }
      const at = await Promise.all(watchers.map((watcher) => watcher.updateAfter(command.time)));
      report({ kind: 'updates', at });
    });
    report({ kind: 'opened', openMs });
  } catch (error) {
    report({ kind: 'failed', message: String(error) });
  }
}
