/**
 * Per-meter bearer tokens, derived rather than stored: `<meter id>~<signature>`, where the
 * signature is base64url(HMAC-SHA256(key, meter id)). The meter id in front says which meter the
 * token claims, so a valid token for another meter (403) is told apart from a bad one (401);
 * `~` cannot occur in a meter id and is allowed in a bearer token (RFC 6750).
 */
const SEPARATOR = '~';
const encoder = new TextEncoder();
// Typed from the function: the Worker's and Node's type libraries name the key type differently.
type HmacKey = ReturnType<typeof crypto.subtle.importKey>;
const hmacKeys = new Map<string, HmacKey>();

function hmacKey(secret: string): HmacKey {
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

function toBase64Url(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  // An HMAC-SHA256 signature is 32 bytes: 43 base64url characters.
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return null;
  const binary = atob(`${text.replaceAll('-', '+').replaceAll('_', '/')}=`);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** The token of a meter for the given key. */
export async function meterToken(secret: string, smartMeterId: string): Promise<string> {
  const signature = await crypto.subtle.sign(
    'HMAC',
    await hmacKey(secret),
    encoder.encode(smartMeterId),
  );
  return `${smartMeterId}${SEPARATOR}${toBase64Url(signature)}`;
}

/**
 * The meter a token was issued for, or `null` when it is malformed or its signature is wrong.
 * The signature is checked with `crypto.subtle.verify`, in constant time.
 */
export async function verifiedMeterOf(secret: string, token: string): Promise<string | null> {
  const separatorAt = token.lastIndexOf(SEPARATOR);
  if (separatorAt <= 0) return null;
  const smartMeterId = token.slice(0, separatorAt);
  const signature = fromBase64Url(token.slice(separatorAt + 1));
  if (signature === null) return null;
  const valid = await crypto.subtle.verify(
    'HMAC',
    await hmacKey(secret),
    signature,
    encoder.encode(smartMeterId),
  );
  return valid ? smartMeterId : null;
}
