import { decodeBase64Url, encodeBase64Url } from 'hono/utils/encode';

// With tokens off (local development) no key may be configured: text is still signed, with a key
// anyone can read, which is all a server without secrets can do.
const UNKEYED = 'joi-usage-cursor-without-a-token-key';

const encoder = new TextEncoder();
// One entry per configured key: the keys come from config, never from clients.
const hmacKeys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    hmacKeys.set(secret, key);
  }
  return key;
}

/** Bytes as base64url without padding. */
export const toBase64Url = (bytes: ArrayBufferLike) => encodeBase64Url(bytes).replace(/=+$/, '');

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
