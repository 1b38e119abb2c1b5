/**
 * One keep-alive HTTP/1.1 connection that sends a request and reads its whole answer before the
 * next, timing each from the first byte written to the last byte read. It parses no more than
 * framing (status line, Content-Length or chunked), so the client adds little to what it times.
 */
import { connect, type Socket } from 'node:net';

/** A request as the bench sends it; the body, when any, is JSON. */
export interface BenchRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** An answer: its status, body length and time (ms, write to last byte). */
export interface TimedAnswer {
  readonly status: number;
  readonly bodyBytes: number;
  readonly ms: number;
}

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

/** Reads one response's framing from the bytes as they arrive; `push` says when it is whole. */
class ResponseReader {
  status = 0;
  bodyBytes = 0;
  #pending: Buffer = Buffer.alloc(0);
  #state: 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'done' = 'head';
  #remaining = 0;
  #lastChunk = false;

  /** Takes the next bytes; true once the whole response has been read. */
  push(data: Buffer): boolean {
    this.#pending = this.#pending.length === 0 ? data : Buffer.concat([this.#pending, data]);
    for (;;) {
      if (this.#state === 'done') return true;
      if (!this.#step()) return false;
    }
  }

  /** One step of the parse; false when it needs more bytes. */
  #step(): boolean {
    switch (this.#state) {
      case 'head':
        return this.#readHead();
      case 'length': {
        const taken = Math.min(this.#remaining, this.#pending.length);
        this.#remaining -= taken;
        this.bodyBytes += taken;
        this.#pending = this.#pending.subarray(taken);
        if (this.#remaining === 0) this.#state = 'done';
        return this.#state === 'done';
      }
      case 'chunk-size': {
        const end = this.#pending.indexOf(CRLF);
        if (end === -1) return false;
        const size = Number.parseInt(this.#pending.subarray(0, end).toString('latin1'), 16);
        this.#pending = this.#pending.subarray(end + 2);
        // The last chunk is followed by an empty trailer line: its CRLF ends the response.
        this.#remaining = size + 2;
        this.#lastChunk = size === 0;
        this.bodyBytes += size;
        this.#state = 'chunk-data';
        return true;
      }
      case 'chunk-data': {
        const taken = Math.min(this.#remaining, this.#pending.length);
        this.#remaining -= taken;
        this.#pending = this.#pending.subarray(taken);
        if (this.#remaining > 0) return false;
        // A chunk's data ends with CRLF; a last chunk's CRLF ends the response.
        this.#state = this.#lastChunk ? 'done' : 'chunk-size';
        return true;
      }
      default:
        return true;
    }
  }

  #readHead(): boolean {
    const end = this.#pending.indexOf(HEAD_END);
    if (end === -1) return false;
    const lines = this.#pending.subarray(0, end).toString('latin1').split('\r\n');
    this.#pending = this.#pending.subarray(end + 4);
    this.status = Number(lines[0]?.split(' ')[1]);
    const header = (name: string) =>
      lines
        .find((line) => line.toLowerCase().startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim();
    if (header('transfer-encoding')?.toLowerCase() === 'chunked') {
      this.#state = 'chunk-size';
      return true;
    }
    this.#remaining = Number(header('content-length') ?? 0);
    this.#state = this.#remaining === 0 ? 'done' : 'length';
    return true;
  }
}

/** A keep-alive connection to the bench server, one request in flight at a time. */
export class KeepAliveConnection {
  readonly #socket: Socket;
  readonly #host: string;
  #onData: ((data: Buffer) => void) | undefined;
  #onFailure: ((error: Error) => void) | undefined;

  private constructor(socket: Socket, host: string) {
    this.#socket = socket;
    this.#host = host;
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.#onData?.(data));
    socket.on('error', (error) => this.#onFailure?.(error));
    socket.on('close', () => this.#onFailure?.(new Error('the server closed the connection')));
  }

  static open(origin: string): Promise<KeepAliveConnection> {
    const url = new URL(origin);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: url.hostname, port: Number(url.port) }, () => {
        socket.off('error', reject);
        resolve(new KeepAliveConnection(socket, url.host));
      });
      socket.once('error', reject);
    });
  }

  /** Sends the request and resolves with its answer once the whole body has been read. */
  send(request: BenchRequest): Promise<TimedAnswer> {
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const headers = {
      host: this.#host,
      ...(body === undefined
        ? {}
        : { 'content-type': 'application/json', 'content-length': String(body.length) }),
      ...request.headers,
    };
    const head = `${request.method} ${request.path} HTTP/1.1\r\n${Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')}\r\n`;
    const reader = new ResponseReader();
    return new Promise((resolve, reject) => {
      const started = performance.now();
      this.#onFailure = reject;
      this.#onData = (data) => {
        if (!reader.push(data)) return;
        this.#onData = undefined;
        this.#onFailure = undefined;
        resolve({
          status: reader.status,
          bodyBytes: reader.bodyBytes,
          ms: performance.now() - started,
        });
      };
      this.#socket.write(body === undefined ? head : Buffer.concat([Buffer.from(head), body]));
    });
  }

  close(): void {
    this.#onFailure = undefined;
    this.#socket.destroy();
  }
}
