import { exports } from 'cloudflare:workers';

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

/** The problem+json body of an error response, after checking it is one. */
export async function readProblem(response: Response): Promise<Record<string, unknown>> {
  if (response.headers.get('content-type') !== 'application/problem+json') {
    throw new Error(
      `expected application/problem+json, got ${response.headers.get('content-type')}`,
    );
  }
  return (await response.json()) as Record<string, unknown>;
}
