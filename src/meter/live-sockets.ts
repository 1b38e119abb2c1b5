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

/** Lets a store's answer go out before its update is computed and sent. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
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
   * answered (its latency does not grow with the sockets). Batches stored before the figures are
   * read share one update, which holds them all.
   */
  changed(read: () => Promise<LiveFigures>): void {
    if (this.#ctx.getWebSockets().length === 0) return;
    this.#changed = true;
    if (this.#sending) return;
    this.#sending = true;
    void this.#sendUpdates(read);
  }

  /** Sends updates until the figures stop changing; never rejects. */
  async #sendUpdates(read: () => Promise<LiveFigures>): Promise<void> {
    try {
      await nextTurn();
      while (this.#changed) {
        this.#changed = false;
        this.#broadcast(this.#message('update', await read()));
      }
    } catch (error) {
      // The sockets stay open; the next store sends them the figures again.
      console.error(JSON.stringify({ type: 'live-update-failed', message: String(error) }));
    } finally {
      this.#sending = false;
    }
  }

  /** Sends a message to every socket whose token still holds; closes those whose token ended. */
  #broadcast(message: string): void {
    const now = nowEpochSeconds();
    for (const socket of this.#ctx.getWebSockets()) {
      const { expiresAt } = tokenOf(socket);
      if (expiresAt !== null && now >= expiresAt) {
        close(socket, LIVE_CLOSE.expired);
        continue;
      }
      try {
        socket.send(message);
      } catch {
        // Closed by the client meanwhile.
      }
    }
  }

  /** Closes the sockets of a scope opened with a token issued before `revokedBefore`. */
  closeRevoked(scope: TokenScope, revokedBefore: number): void {
    for (const socket of this.#ctx.getWebSockets(scope)) {
      if (tokenOf(socket).issuedAt < revokedBefore) close(socket, LIVE_CLOSE.revoked);
    }
  }

  /** Closes every socket: the meter's data is erased. */
  closeErased(): void {
    for (const socket of this.#ctx.getWebSockets()) close(socket, LIVE_CLOSE.erased);
  }
}
