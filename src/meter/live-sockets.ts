import { nowEpochSeconds, type TokenScope } from '../auth/token';
import type { LiveFigures } from '../energy/live-figures';
import type { LiveCall } from './live-upgrade';

/** A message of the live feed: the figures, what kind of message it is, and the currency. */
export type LiveMessage = { readonly type: 'snapshot' | 'update' } & LiveFigures & {
    readonly currency: string;
  };

/** A client's keep-alive and its answer, exchanged by the runtime without waking the meter. */
export const LIVE_PING = '{"type":"ping"}';
export const LIVE_PONG = '{"type":"pong"}';

/** Why the meter closes a socket: RFC 6455 codes, and one of the private range (4000–4999). */
export const LIVE_CLOSE = {
  /** The token's scope was revoked after it was issued: "policy violation". */
  revoked: { code: 1008, reason: 'token revoked' },
  /** The token has ended (operator tokens do). */
  expired: { code: 1008, reason: 'token expired' },
  /** The meter's data was erased: its history is gone, as HTTP 410 says. */
  erased: { code: 4410, reason: 'meter erased' },
} as const;
type Closing = (typeof LIVE_CLOSE)[keyof typeof LIVE_CLOSE];

/** What a socket keeps through hibernation, in its attachment: the token it was opened with. */
interface SocketToken {
  readonly scope: TokenScope;
  readonly issuedAt: number;
  readonly expiresAt: number | null;
}

/** The token a socket was opened with, from its attachment. */
function tokenOf(socket: WebSocket): SocketToken {
  return socket.deserializeAttachment() as SocketToken;
}

/** Closes a socket; one already closing stays as it is. */
function close(socket: WebSocket, { code, reason }: Closing): void {
  try {
    socket.close(code, reason);
  } catch {
    // Closed by the client meanwhile.
  }
}

/**
 * How long an update waits after a store: the store's answer goes out first (local workerd runs
 * the Worker on the meter's thread), and the stores of a burst (a meter catching up) share one
 * update rather than each sending one to every socket.
 */
const UPDATE_DELAY_MS = 10;
/**
 * The sockets one meter holds at most: a household's screens are a handful, and every socket is
 * sent every update. Beyond it an upgrade is refused (429) until a socket closes.
 */
export const LIVE_SOCKETS_PER_METER = 1000;
/** Sockets sent an update before the meter lets other work through. */
const SOCKETS_PER_SLICE = 100;

/** Lets the meter's other work through for `ms` milliseconds (0: one turn of its event loop). */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A meter's live sockets, held with the hibernation API: each is tagged with its token's scope
 * and keeps the token in its attachment, so nothing of it lives in memory that hibernation would
 * lose. Accepts them, sends updates after stores, and closes them on revocation and erasure.
 */
export class LiveSockets {
  readonly #ctx: DurableObjectState;
  readonly #currency: string;
  /** Whether updates are being sent; a store meanwhile marks the figures changed again. */
  #sending = false;
  #changed = false;

  constructor(ctx: DurableObjectState, currency: string) {
    this.#ctx = ctx;
    this.#currency = currency;
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(LIVE_PING, LIVE_PONG));
  }

  #message(type: LiveMessage['type'], figures: LiveFigures): string {
    return JSON.stringify({ type, ...figures, currency: this.#currency } satisfies LiveMessage);
  }

  /** Whether the meter holds as many sockets as it may. */
  get full(): boolean {
    return this.#ctx.getWebSockets().length >= LIVE_SOCKETS_PER_METER;
  }

  /** Accepts a socket for a checked call and sends it the snapshot: the answer to the upgrade. */
  accept({ access, expiresAt }: LiveCall, figures: LiveFigures): Response {
    const { 0: client, 1: server } = new WebSocketPair();
    this.#ctx.acceptWebSocket(server, [access.scope]);
    server.serializeAttachment({ ...access, expiresAt } satisfies SocketToken);
    server.send(this.#message('snapshot', figures));
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * After a stored batch: every socket gets an update with `read()`'s figures, once the store has
   * answered (the store does no work for its sockets). Batches stored before the figures are
   * read share one update, which holds them all.
   */
  changed(read: () => Promise<LiveFigures>): void {
    this.#changed = true;
    if (this.#sending) return;
    this.#sending = true;
    void this.#sendUpdates(read);
  }

  /** Sends updates until the figures stop changing; never rejects. */
  async #sendUpdates(read: () => Promise<LiveFigures>): Promise<void> {
    try {
      while (this.#changed) {
        await pause(UPDATE_DELAY_MS);
        this.#changed = false;
        const sockets = this.#ctx.getWebSockets();
        if (sockets.length === 0) return;
        const message = this.#message('update', await read());
        this.#closeExpired();
        await this.#sendToAll(sockets, message);
      }
    } catch (error) {
      // The sockets stay open; the next store sends them the figures again.
      console.error(JSON.stringify({ type: 'live-update-failed', message: String(error) }));
    } finally {
      this.#sending = false;
    }
  }

  /**
   * Sends a message to sockets a slice at a time, letting the meter's requests (a store's own
   * answer among them) through between slices. A socket opened meanwhile got the figures in its
   * snapshot; one closed meanwhile refuses the message.
   */
  async #sendToAll(sockets: readonly WebSocket[], message: string): Promise<void> {
    for (let first = 0; first < sockets.length; first += SOCKETS_PER_SLICE) {
      if (first > 0) await pause(0);
      for (const socket of sockets.slice(first, first + SOCKETS_PER_SLICE)) {
        try {
          socket.send(message);
        } catch {
          // Closed by the client or the meter meanwhile.
        }
      }
    }
  }

  /** Closes the sockets whose token has ended: only operator tokens end. */
  #closeExpired(): void {
    const now = nowEpochSeconds();
    for (const socket of this.#ctx.getWebSockets('operator')) {
      const { expiresAt } = tokenOf(socket);
      if (expiresAt !== null && now >= expiresAt) close(socket, LIVE_CLOSE.expired);
    }
  }

  /** Closes the sockets of a scope opened with a token issued before `revokedBefore`. */
  closeRevoked(scope: TokenScope, revokedBefore: number): void {
    for (const socket of this.#ctx.getWebSockets(scope)) {
      if (tokenOf(socket).issuedAt < revokedBefore) close(socket, LIVE_CLOSE.revoked);
    }
  }

  /**
   * Answers a client's close frame, echoing its code: the runtime answers none for a hibernatable
   * socket (its readyState stays CLOSING), and a client waits for the answer.
   */
  closedByClient(socket: WebSocket, code: number, reason: string): void {
    try {
      // 1005 (no code was sent) and 1006 (the connection dropped) are never sent in a frame.
      if (code === 1005 || code === 1006) socket.close();
      else socket.close(code, reason);
    } catch {
      // Already closed.
    }
  }

  /** Closes every socket: the meter's data is erased. */
  closeErased(): void {
    for (const socket of this.#ctx.getWebSockets()) close(socket, LIVE_CLOSE.erased);
  }
}
