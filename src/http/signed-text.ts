import { decodeBase64Url } from 'hono/utils/encode';
import { hmacKey, toBase64Url } from '../auth/token';

// With tokens off (local development) no key may be configured: text is still signed, with a key
// anyone can read, which is all a server without secrets can do.
const UNKEYED = 'joi-usage-cursor-without-a-token-key';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * `<payload>.<signature>`: the signature base64url(HMAC-SHA256(key, purpose + payload)) with the
 * first live key (or the unkeyed key). The purpose keeps one kind of signed text from passing for
 * another.
 */
export async function signText(
  keys: readonly string[],
  purpose: string,
  payload: string,
): Promise<string> {
  const signature = await crypto.subtle.sign(
    'HMAC',
    await hmacKey(keys[0] ?? UNKEYED),
    encoder.encode(purpose + payload),
  );
  return `${payload}.${toBase64Url(signature)}`;
}

/** The payload of `<payload>.<signature>` when a live key signed it for this purpose, else `null`. */
export async function openSignedText(
  keys: readonly string[],
  purpose: string,
  text: string,
): Promise<string | null> {
  const [payload = '', signature = '', extra] = text.split('.');
  if (extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(signature)) return null;
  let signatureBytes: Uint8Array;
  try {
    signatureBytes = new Uint8Array(decodeBase64Url(signature));
  } catch {
    return null;
  }
  const signed = encoder.encode(purpose + payload);
  for (const secret of keys.length > 0 ? keys : [UNKEYED]) {
    if (await crypto.subtle.verify('HMAC', await hmacKey(secret), signatureBytes, signed)) {
      return payload;
    }
  }
  return null;
}

/** A value as signed text: its JSON as base64url, signed for this purpose. */
export function signJson(
  keys: readonly string[],
  purpose: string,
  value: unknown,
): Promise<string> {
  return signText(keys, purpose, toBase64Url(encoder.encode(JSON.stringify(value)).buffer));
}

/** The value `signJson` signed for this purpose with a live key, else `null` (also for bad JSON). */
export async function openSignedJson(
  keys: readonly string[],
  purpose: string,
  text: string,
): Promise<unknown> {
  const payload = await openSignedText(keys, purpose, text);
  if (payload === null) return null;
  try {
    return JSON.parse(decoder.decode(decodeBase64Url(payload))) as unknown;
  } catch {
    return null;
  }
}
