import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import { meterToken } from '../src/auth/meter-token';
import { TEST_TOKEN_KEY } from './token-key';

export { TEST_TOKEN_KEY };

/** A meter id no other test uses, so tests stay independent in any order. */
export function newMeterId(): string {
  return `test-meter-${crypto.randomUUID()}`;
}

const METER_PATH =
  /^\/(?:readings\/read|price-plans\/compare-all|price-plans\/recommend)\/([^/?]+)/;

/** The meter a request acts on: the one in its path, or the one its store body names. */
function meterOfRequest(path: string, init: RequestInit): string | undefined {
  const inPath = METER_PATH.exec(path)?.[1];
  if (inPath !== undefined) return decodeURIComponent(inPath);
  if (!path.startsWith('/readings/store') || typeof init.body !== 'string') return undefined;
  try {
    const { smartMeterId } = JSON.parse(init.body) as { smartMeterId?: unknown };
    return typeof smartMeterId === 'string' ? smartMeterId : undefined;
  } catch {
    return undefined;
  }
}

/** Header values are printable ASCII: a meter id outside it cannot be in a token, so gets none. */
function canSignFor(smartMeterId: string): boolean {
  return /^[\x21-\x7e]+$/.test(smartMeterId);
}

/** An Authorization header with the token of the meter, for requests the helper cannot sign. */
export async function authorizationFor(smartMeterId: string): Promise<Record<string, string>> {
  return { Authorization: `Bearer ${await meterToken(TEST_TOKEN_KEY, smartMeterId)}` };
}

/**
 * Sends a request to the Worker under test, in workerd, with the token of the meter it acts on
 * unless `init` sets an Authorization header itself (empty for none).
 */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const smartMeterId = meterOfRequest(path, init);
  if (!headers.has('Authorization') && smartMeterId !== undefined && canSignFor(smartMeterId)) {
    headers.set('Authorization', `Bearer ${await meterToken(TEST_TOKEN_KEY, smartMeterId)}`);
  }
  return exports.default.fetch(new Request(`https://joi.test${path}`, { ...init, headers }));
}

export function postJson(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });
}

export interface ReadingInput {
  time: number;
  reading: number;
}

export function postReadings(smartMeterId: string, electricityReadings: ReadingInput[]) {
  return postJson('/readings/store', { smartMeterId, electricityReadings });
}

/** The JSON body of a GET, after checking it answered 200 with JSON. */
export async function getJson(path: string): Promise<unknown> {
  const response = await request(path);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return response.json();
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: { path: string; message: string }[];
}

/** The problem+json body of an error response. */
export async function readProblem(response: Response): Promise<ProblemBody> {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as ProblemBody;
}

/**
 * Empties a meter's storage and evicts its object, so the next request starts it afresh.
 * Only compare-all needs this: accounts exist for the five trial meters alone, so tests of it share
 * those ids. Each trial meter is used by one test file only (files run in parallel): smart-meter-0
 * and -3 by price-plans.test.ts, smart-meter-4 by openapi.test.ts.
 */
export async function resetMeter(smartMeterId: string): Promise<void> {
  const stub = env.METER.getByName(smartMeterId);
  await runInDurableObject(stub, (_meter, state) => state.storage.deleteAll());
  await evictDurableObject(stub);
}

/** Asserts the meter holds no readings, as seen through the API. */
export async function expectNoReadings(smartMeterId: string): Promise<void> {
  const response = await request(`/readings/read/${smartMeterId}`);
  expect(response.status).toBe(404);
}
