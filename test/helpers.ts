import { env, exports } from 'cloudflare:workers';
import { meterToken, operatorToken, type TokenScope } from '../src/auth/token';
import { SMART_METER_ID_PATTERN } from '../src/meter-id';
import { TEST_TOKEN_KEY } from './token-key';

export { TEST_TOKEN_KEY };

/** A meter id no other test uses, so tests stay independent in any order. */
export function newMeterId(): string {
  return `test-meter-${crypto.randomUUID()}`;
}

const METER_PATH =
  /^\/(?:readings\/read|price-plans\/compare-all|price-plans\/recommend|meters)\/([^/?]+)/;

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

/**
 * The meter whose token signs a request: its own, or, for an id the API refuses (which no token can
 * name), a meter of its own, so that the request reaches validation (422) rather than stop at 401.
 */
function signerOf(smartMeterId: string): string {
  return SMART_METER_ID_PATTERN.test(smartMeterId) ? smartMeterId : 'test-signer';
}

/**
 * A client address of its own for each request (Cloudflare sets CF-Connecting-IP), so that the
 * limit on failed authentications per address never joins unrelated tests.
 */
function randomClientAddress(): string {
  return `2001:db8::${crypto.randomUUID().slice(0, 4)}:${crypto.randomUUID().slice(0, 4)}`;
}

/** An Authorization header with the token of the meter, for requests the helper cannot sign. */
export async function authorizationFor(smartMeterId: string): Promise<Record<string, string>> {
  return { Authorization: `Bearer ${await meterToken(TEST_TOKEN_KEY, smartMeterId)}` };
}

/**
 * Sends a request to the Worker under test, in workerd, with a device token of the meter it acts
 * on unless `init` sets an Authorization header itself (empty for none), from a client address of
 * its own unless `init` sets CF-Connecting-IP.
 */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const smartMeterId = meterOfRequest(path, init);
  if (!headers.has('Authorization') && smartMeterId !== undefined) {
    const token = await meterToken(TEST_TOKEN_KEY, signerOf(smartMeterId));
    headers.set('Authorization', `Bearer ${token}`);
  }
  if (!headers.has('CF-Connecting-IP')) headers.set('CF-Connecting-IP', randomClientAddress());
  return exports.default.fetch(new Request(`https://joi.test${path}`, { ...init, headers }));
}

/** An Authorization header with a token of this scope: a meter's, or the operator's. */
export async function bearer(
  scope: TokenScope,
  smartMeterId?: string,
): Promise<Record<string, string>> {
  const token =
    scope === 'operator'
      ? await operatorToken(TEST_TOKEN_KEY)
      : await meterToken(TEST_TOKEN_KEY, smartMeterId ?? 'test-signer', scope);
  return { Authorization: `Bearer ${token}` };
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

/** What a response says, for a test to assert on. */
export interface Answer<Body = unknown> {
  status: number;
  /** The Content-Type without its parameters, lower-cased; `null` when there is none. */
  mediaType: string | null;
  /** The body parsed as JSON when the media type is JSON (`…/json`, `…+json`), else its text. */
  body: Body;
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json$/;

/**
 * Reads a response into its status, media type and body. `Body` is what the test expects; the
 * helper does not check it (an unparseable JSON body is left as text for the test to see).
 */
export async function answerOf<Body = unknown>(response: Response): Promise<Answer<Body>> {
  const contentType = response.headers.get('content-type');
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() || null;
  const text = await response.text();
  let body: unknown = text;
  if (mediaType !== null && JSON_MEDIA_TYPE.test(mediaType)) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: response.status, mediaType, body: body as Body };
}

/** Sends a request (signed as `request` signs it) and reads its answer. */
export async function answerTo<Body = unknown>(
  path: string,
  init: RequestInit = {},
): Promise<Answer<Body>> {
  return answerOf<Body>(await request(path, init));
}

/**
 * Puts a meter's account on a price plan, through the meter's Durable Object. Only the five trial
 * meters have an account (their trial plan) until this is called.
 */
export async function openAccount(smartMeterId: string, pricePlanId: string): Promise<void> {
  await env.METER.getByName(smartMeterId).switchAccount(pricePlanId, 0);
}
