/**
 * Bearer tokens, derived rather than stored. A meter's: `<meter id>~<scope>~<issuedAt>~<keyId>~
 * <signature>`; the operator's: `<tokenId>~operator~<issuedAt>~<expiresAt>~<keyId>~<signature>`.
 * - scope: `device` (what a smart meter holds), `viewer` (what its customer holds) or `operator`;
 * - issuedAt: epoch seconds, so that a meter's tokens issued before a revocation stop verifying;
 * - tokenId, expiresAt: the operator's token names itself (to be revoked alone) and ends;
 * - keyId: which key signed it (a fingerprint of the key), so two keys can be live at once;
 * - signature: base64url(HMAC-SHA256(key, "joi-token-v2~<meter id>~<scope>~<issuedAt>")), or
 *   "joi-token-v3~<tokenId>~operator~<issuedAt>~<expiresAt>" for the operator's.
 * `~` cannot occur in a meter id and is allowed in a bearer token (RFC 6750). Older formats still
 * verify: `<meter id>~base64url(HMAC-SHA256(key, meter id))` as a device token issued at 0, and the
 * operator's `~operator~<issuedAt>~<keyId>~<signature>` until `LEGACY_OPERATOR_LIFETIME_SECONDS`
 * after its issue. Every field has exactly one spelling, so exactly one string verifies.
 */
import { decodeBase64Url, encodeBase64Url } from 'hono/utils/encode';

export const TOKEN_SCOPES = ['device', 'viewer', 'operator'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** What a verified token grants, and to which meter (`null`: every meter, for the operator). */
export interface TokenClaims {
  readonly scope: TokenScope;
  readonly smartMeterId: string | null;
  readonly issuedAt: number;
  /** The operator token's id, by which it is revoked; `null` for other tokens. */
  readonly tokenId: string | null;
  /** When the token stops verifying (epoch seconds); `null` for a meter's tokens, which last. */
  readonly expiresAt: number | null;
}

/** How long an operator token lasts unless said otherwise: 30 days. */
export const DEFAULT_OPERATOR_LIFETIME_SECONDS = 30 * 86_400;
/** The longest an operator token may last: a year. */
export const MAX_OPERATOR_LIFETIME_SECONDS = 365 * 86_400;
/** Operator tokens of the format before expiry ends 30 days after their issue. */
export const LEGACY_OPERATOR_LIFETIME_SECONDS = DEFAULT_OPERATOR_LIFETIME_SECONDS;
// How far ahead of this server's clock a token's issuedAt may be: a minting machine's clock drift.
export const MAX_ISSUED_AHEAD_SECONDS = 300;

const SEPARATOR = '~';
const KEY_ID_LENGTH = 8;
// An HMAC-SHA256 signature is 32 bytes: 43 base64url characters, the last one carrying 4 bits (so
// one of 16 characters), which makes the encoding of a signature unique.
const SIGNATURE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
// The meter id pattern of src/meter-id.ts, repeated: this module imports nothing relative, so
// that the Node scripts can load it as it is.
const SMART_METER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const EPOCH_SECONDS = /^(0|[1-9][0-9]{0,11})$/;
const KEY_ID = /^[A-Za-z0-9_-]{8}$/;
/** An operator token's id: 16 lower-case hexadecimal digits (64 random bits). */
export const OPERATOR_TOKEN_ID = /^[0-9a-f]{16}$/;

const encoder = new TextEncoder();
// Typed from the function: the Worker's and Node's type libraries name the key type differently.
type HmacKey = ReturnType<typeof crypto.subtle.importKey>;
// One entry per configured key: keys come from config, never from clients.
const hmacKeys = new Map<string, HmacKey>();
const keyIds = new Map<string, Promise<string>>();

/** The HMAC-SHA256 key of a configured secret, imported once. */
export function hmacKey(secret: string): HmacKey {
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
export function toBase64Url(bytes: ArrayBufferLike): string {
  return encodeBase64Url(bytes).replace(/=+$/, '');
}

async function signature(secret: string, text: string): Promise<string> {
  return toBase64Url(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(text)));
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

/** The fields a token shows before its key id, and the text its signature covers. */
function fieldsOf(claims: TokenClaims): { fields: string[]; signed: string } {
  const { scope, smartMeterId, issuedAt, tokenId, expiresAt } = claims;
  if (scope === 'operator' && tokenId !== null && expiresAt !== null) {
    const fields = [tokenId, scope, String(issuedAt), String(expiresAt)];
    return { fields, signed: ['joi-token-v3', ...fields].join(SEPARATOR) };
  }
  const fields = [smartMeterId ?? '', scope, String(issuedAt)];
  return { fields, signed: ['joi-token-v2', ...fields].join(SEPARATOR) };
}

/** A token granting `claims`, signed with `secret`. */
export async function mintToken(secret: string, claims: TokenClaims): Promise<string> {
  const { fields, signed } = fieldsOf(claims);
  return [...fields, await keyIdOf(secret), await signature(secret, signed)].join(SEPARATOR);
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
  return mintToken(secret, { scope, smartMeterId, issuedAt, tokenId: null, expiresAt: null });
}

/** A new operator token, its id and when it ends. */
export interface OperatorToken {
  readonly token: string;
  readonly tokenId: string;
  readonly expiresAt: number;
}

/** A new random operator token id. */
function newOperatorTokenId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** An operator token (every operation on every meter) lasting `lifetimeSeconds` from its issue. */
export async function mintOperatorToken(
  secret: string,
  { lifetimeSeconds = DEFAULT_OPERATOR_LIFETIME_SECONDS, issuedAt = nowEpochSeconds() } = {},
): Promise<OperatorToken> {
  const tokenId = newOperatorTokenId();
  const expiresAt = issuedAt + lifetimeSeconds;
  const claims = { scope: 'operator', smartMeterId: null, issuedAt, tokenId, expiresAt } as const;
  return { token: await mintToken(secret, claims), tokenId, expiresAt };
}

/** An operator token of the default lifetime, issued now unless said otherwise. */
export async function operatorToken(secret: string, issuedAt = nowEpochSeconds()): Promise<string> {
  return (await mintOperatorToken(secret, { issuedAt })).token;
}

/** A token of the first format (a device token with no scope, time or key id), as meters hold. */
export async function legacyMeterToken(secret: string, smartMeterId: string): Promise<string> {
  return `${smartMeterId}${SEPARATOR}${await signature(secret, smartMeterId)}`;
}

/** A token taken apart: what it claims, which key it names, and what was signed. */
interface ParsedToken {
  readonly claims: TokenClaims;
  readonly keyId: string | null;
  readonly signed: string;
}

const NO_ID_NOR_EXPIRY = { tokenId: null, expiresAt: null } as const;

/** The claims of the fields before the key id, or `null` when they are not a token's. */
function claimsOf(fields: readonly string[]): TokenClaims | null {
  if (fields.length === 1) {
    const [smartMeterId = ''] = fields;
    if (!SMART_METER_ID_PATTERN.test(smartMeterId)) return null;
    return { scope: 'device', smartMeterId, issuedAt: 0, ...NO_ID_NOR_EXPIRY };
  }
  const [subject = '', scope = '', issuedAtText = '', expiresAtText] = fields;
  if (!EPOCH_SECONDS.test(issuedAtText)) return null;
  const issuedAt = Number(issuedAtText);
  if (fields.length === 4) {
    if (scope !== 'operator' || !OPERATOR_TOKEN_ID.test(subject)) return null;
    if (!EPOCH_SECONDS.test(expiresAtText ?? '')) return null;
    const expiresAt = Number(expiresAtText);
    return { scope, smartMeterId: null, issuedAt, tokenId: subject, expiresAt };
  }
  if (scope === 'operator' && subject === '') {
    const expiresAt = issuedAt + LEGACY_OPERATOR_LIFETIME_SECONDS;
    return { scope, smartMeterId: null, issuedAt, tokenId: null, expiresAt };
  }
  if ((scope === 'device' || scope === 'viewer') && SMART_METER_ID_PATTERN.test(subject)) {
    return { scope, smartMeterId: subject, issuedAt, ...NO_ID_NOR_EXPIRY };
  }
  return null;
}

function parseToken(token: string): ParsedToken | null {
  const fields = token.split(SEPARATOR);
  if (fields.length < 2 || fields.length > 6 || !SIGNATURE.test(fields.at(-1) ?? '')) return null;
  // The first format has no key id: every other names its key before the signature.
  const keyId = fields.length === 2 ? null : (fields.at(-2) ?? '');
  if (keyId !== null && !KEY_ID.test(keyId)) return null;
  const claims = claimsOf(fields.slice(0, keyId === null ? -1 : -2));
  if (claims === null) return null;
  const signed = keyId === null ? (claims.smartMeterId ?? '') : fieldsOf(claims).signed;
  return { claims, keyId, signed };
}

/**
 * What a token grants, or `null` when it is malformed, names none of the live keys, its signature
 * is wrong, it has expired, or it claims to be issued later than `MAX_ISSUED_AHEAD_SECONDS` from
 * `now` (a token dated in the future would outlive every revocation). The signature is checked with
 * `crypto.subtle.verify`, in constant time. Revocations are checked by the caller.
 */
export async function verifyToken(
  liveSecrets: readonly string[],
  token: string,
  now = nowEpochSeconds(),
): Promise<TokenClaims | null> {
  const parsed = parseToken(token);
  if (parsed === null) return null;
  const { issuedAt, expiresAt } = parsed.claims;
  if (issuedAt > now + MAX_ISSUED_AHEAD_SECONDS) return null;
  if (expiresAt !== null && (now >= expiresAt || expiresAt <= issuedAt)) return null;
  const signatureBytes = new Uint8Array(decodeBase64Url(token.split(SEPARATOR).at(-1) ?? ''));
  for (const secret of liveSecrets) {
    // A first-format token names no key: it may have been signed by any live one.
    if (parsed.keyId !== null && parsed.keyId !== (await keyIdOf(secret))) continue;
    const valid = await crypto.subtle.verify(
      'HMAC',
      await hmacKey(secret),
      signatureBytes,
      encoder.encode(parsed.signed),
    );
    if (valid) return parsed.claims;
  }
  return null;
}
