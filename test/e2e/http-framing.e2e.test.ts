import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchServer, startBenchServer } from '../../bench/server';
import { BENCH_TOKEN_KEY } from '../../bench/tokens';
import { meterToken } from '../../src/auth/token';

// The Worker on a socket of its own, as Cloudflare runs it: wrangler dev's proxy answers a broken
// upload itself (500 "Network connection lost") before the Worker ever sees it.
let server: BenchServer;
let workerUrl: URL;

beforeAll(async () => {
  server = await startBenchServer();
  workerUrl = new URL(server.origin);
});

afterAll(() => server?.stop());

interface RawResponse {
  status: number;
  contentType: string | undefined;
  body: string;
}

/**
 * Sends raw bytes over a socket (what fetch would never send: broken chunked framing), closes
 * the sending side, and reads the answer.
 */
function sendRaw(chunks: readonly string[]): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(workerUrl.port), workerUrl.hostname);
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (data) => {
      received += data;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n', 2);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      const contentType = /^content-type: *(.+)$/im.exec(head)?.[1]?.trim();
      resolve({ status, contentType, body });
    });
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
      socket.end();
    });
  });
}

async function chunkedStoreHead(smartMeterId: string): Promise<string> {
  const token = await meterToken(BENCH_TOKEN_KEY, smartMeterId);
  return [
    'POST /readings/store HTTP/1.1',
    `Host: ${workerUrl.host}`,
    'Content-Type: application/json',
    `Authorization: Bearer ${token}`,
    'Transfer-Encoding: chunked',
    'Connection: close',
    '',
    '',
  ].join('\r\n');
}

describe('a store whose body cannot be read', () => {
  it('answers 400 problem+json for a malformed chunk size', async () => {
    const head = await chunkedStoreHead('e2e-framing-0');
    const response = await sendRaw([head, '10\r\n{"smartMeterId":\r\nzz\r\nnot a chunk\r\n']);
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toMatchObject({
      type: '/problems/unreadable-body',
      status: 400,
    });
  });

  it('answers 400 problem+json when the client stops sending mid-body', async () => {
    const head = await chunkedStoreHead('e2e-framing-1');
    const response = await sendRaw([head, '10\r\n{"smartMeterId":\r\n']);
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
  });
});
