import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { expect } from 'vitest';

/** A meter id no other test uses, so tests stay independent in any order. */
export function newMeterId(): string {
  return `test-meter-${crypto.randomUUID()}`;
}

/** Sends a request to the Worker under test, in workerd. */
export function request(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`https://joi.test${path}`, init));
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
