/**
 * Bearer tokens, derived rather than stored: `<subject>~<scope>~<issuedAt>~<keyId>~<signature>`.
 * - subject: the meter id (device and viewer tokens) or empty (the operator token);
 * - scope: `device` (what a smart meter holds), `viewer` (what its customer holds) or `operator`;
 * - issuedAt: epoch seconds, so that a meter's tokens issued before a revocation stop verifying;
 * - keyId: which key signed it (a fingerprint of the key), so two keys can be live at once;
 * - signature: base64url(HMAC-SHA256(key, "joi-token-v2~<subject>~<scope>~<issuedAt>")).
 * `~` cannot occur in a meter id and is allowed in a bearer token (RFC 6750). Tokens of the first
 * format, `<meter id>~base64url(HMAC-SHA256(key, meter id))`, still verify as device tokens issued
 * at 0. Every field has exactly one spelling, so exactly one string verifies for a given meter,
 * scope, time and key.
 */
import { decodeBase64Url, encodeBase64Url } from 'hono/utils/encode';

export const TOKEN_SCOPES = ['device', 'viewer', 'operator'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** What a verified token grants, and to which meter (`null`: every meter, for the operator). */
export interface TokenClaims {
  readonly scope: TokenScope;
  readonly smartMeterId: string | null;
  readonly issuedAt: number;
}

const SEPARATOR = '~';
const SIGNED_PREFIX = 'joi-token-v2';
const KEY_ID_LENGTH = 8;
// An HMAC-SHA256 signature is 32 bytes: 43 base64url characters, the last one carrying 4 bits (so
// one of 16 characters), which makes the encoding of a signature unique.
const SIGNATURE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
// The meter id pattern of src/meter-id.ts, repeated: this module imports nothing relative, so
// that the Node scripts can load it as it is.
const SMART_METER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ISSUED_AT = /^(0|[1-9][0-9]{0,11})$/;
const KEY_ID = /^[A-Za-z0-9_-]{8}$/;

const encoder = new TextEncoder();
// Typed from the function: the Worker's and Node's type libraries name the key type differently.
type HmacKey = ReturnType<typeof crypto.subtle.importKey>;
const hmacKeys = new Map<string, HmacKey>();
const keyIds = new Map<string, Promise<string>>();

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
  return encodeBase64Url(bytes).replace(/=+$/, '');
}

/** The id a token names its key by: the start of a hash of the key, which reveals nothing of it. */
export function keyIdOf(secret: string): Promise<string> {
  let id = keyIds.get(secret);
  if (!id) {
    id = crypto.subtle
      .digest('SHA-256', encoder.encode(`joi-key-id~${secret}`))
      .then((digest) => toBase64Url(digest).slice(0, KEY_ID_LENGTH));
    keyIds.set(secret, id);
  }
  return id;
}

function signedText({ scope, smartMeterId, issuedAt }: TokenClaims): string {
  return [SIGNED_PREFIX, smartMeterId ?? '', scope, String(issuedAt)].join(SEPARATOR);
}

/** A token granting `claims`, signed with `secret`. */
export async function mintToken(secret: string, claims: TokenClaims): Promise<string> {
  const signature = await crypto.subtle.sign(
    'HMAC',
    await hmacKey(secret),
    encoder.encode(signedText(claims)),
  );
  return [
    claims.smartMeterId ?? '',
    claims.scope,
    String(claims.issuedAt),
    await keyIdOf(secret),
    toBase64Url(signature),
  ].join(SEPARATOR);
}

/** Now, in whole epoch seconds: the issue time of a token minted now. */
export function nowEpochSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A meter's token of a scope (device by default), issued now unless said otherwise. */
export function meterToken(
  secret: string,
  smartMeterId: string,
  scope: 'device' | 'viewer' = 'device',
  issuedAt = nowEpochSeconds(),
): Promise<string> {
  return mintToken(secret, { scope, smartMeterId, issuedAt });
}

/** The operator's token: every operation on every meter. */
export function operatorToken(secret: string, issuedAt = nowEpochSeconds()): Promise<string> {
  return mintToken(secret, { scope: 'operator', smartMeterId: null, issuedAt });
}

/** A token of the first format (a device token with no scope, time or key id), as meters hold. */
export async function legacyMeterToken(secret: string, smartMeterId: string): Promise<string> {
  const signature = await crypto.subtle.sign(
    'HMAC',
    await hmacKey(secret),
    encoder.encode(smartMeterId),
  );
  return `${smartMeterId}${SEPARATOR}${toBase64Url(signature)}`;
}

/** A token taken apart: what it claims, which key it names, and what was signed. */
interface ParsedToken {
  readonly claims: TokenClaims;
  readonly keyId: string | null;
  readonly signed: string;
  readonly signature: Uint8Array<ArrayBuffer>;
}

function parseToken(token: string): ParsedToken | null {
  const fields = token.split(SEPARATOR);
  const signature = fields.at(-1) ?? '';
  if (!SIGNATURE.test(signature)) return null;
  // A copy on a plain ArrayBuffer: what crypto.subtle.verify takes, under every type library.
  const signatureBytes = new Uint8Array(decodeBase64Url(signature));
  if (fields.length === 2) {
    const [smartMeterId = ''] = fields;
    if (!SMART_METER_ID_PATTERN.test(smartMeterId)) return null;
    const claims = { scope: 'device', smartMeterId, issuedAt: 0 } as const;
    return { claims, keyId: null, signed: smartMeterId, signature: signatureBytes };
  }
  if (fields.length !== 5) return null;
  const [subject = '', scope = '', issuedAt = '', keyId = ''] = fields;
  if (!ISSUED_AT.test(issuedAt) || !KEY_ID.test(keyId)) return null;
  const operator = scope === 'operator' && subject === '';
  const meter = (scope === 'device' || scope === 'viewer') && SMART_METER_ID_PATTERN.test(subject);
  if (!operator && !meter) return null;
  const claims: TokenClaims = {
    scope: scope as TokenScope,
    smartMeterId: operator ? null : subject,
    issuedAt: Number(issuedAt),
  };
  return { claims, keyId, signed: signedText(claims), signature: signatureBytes };
}

// How far ahead of this server's clock a token's issuedAt may be: a minting machine's clock drift.
export const MAX_ISSUED_AHEAD_SECONDS = 300;

/**
 * What a token grants, or `null` when it is malformed, names none of the live keys, its signature
 * is wrong, or it claims to be issued later than `MAX_ISSUED_AHEAD_SECONDS` from `now` (a token
 * dated in the future would outlive every revocation). The signature is checked with
 * `crypto.subtle.verify`, in constant time.
 */
export async function verifyToken(
  liveSecrets: readonly string[],
  token: string,
  now = nowEpochSeconds(),
): Promise<TokenClaims | null> {
  const parsed = parseToken(token);
  if (parsed === null || parsed.claims.issuedAt > now + MAX_ISSUED_AHEAD_SECONDS) return null;
  for (const secret of liveSecrets) {
    // A first-format token names no key: it may have been signed by any live one.
    if (parsed.keyId !== null && parsed.keyId !== (await keyIdOf(secret))) continue;
    const valid = await crypto.subtle.verify(
      'HMAC',
      await hmacKey(secret),
      parsed.signature,
      encoder.encode(parsed.signed),
    );
    if (valid) return parsed.claims;
  }
  return null;
}
