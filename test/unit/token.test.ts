import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  keyIdOf,
  LEGACY_OPERATOR_LIFETIME_SECONDS,
  legacyMeterToken,
  meterToken,
  mintOperatorToken,
  mintToken,
  operatorToken,
  verifyToken,
} from '../../src/auth/token';

const KEY = 'unit-test-key';
const ISSUED_AT = 1_795_000_000;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('tokens', () => {
  it('verify to what they grant: a meter and scope, or every meter for the operator', async () => {
    expect(
      await verifyToken([KEY], await meterToken(KEY, 'smart-meter-0', 'viewer', ISSUED_AT)),
    ).toEqual({
      scope: 'viewer',
      smartMeterId: 'smart-meter-0',
      issuedAt: ISSUED_AT,
      tokenId: null,
      expiresAt: null,
    });
    const operator = await mintOperatorToken(KEY, { issuedAt: ISSUED_AT });
    expect(await verifyToken([KEY], operator.token, ISSUED_AT)).toEqual({
      scope: 'operator',
      smartMeterId: null,
      issuedAt: ISSUED_AT,
      tokenId: operator.tokenId,
      expiresAt: ISSUED_AT + 30 * 86_400,
    });
    expect(await verifyToken([KEY], await legacyMeterToken(KEY, 'smart-meter-1'))).toEqual({
      scope: 'device',
      smartMeterId: 'smart-meter-1',
      issuedAt: 0,
      tokenId: null,
      expiresAt: null,
    });
  });

  it('name an operator token by an id of its own, and end it when it expires', async () => {
    const { token, tokenId, expiresAt } = await mintOperatorToken(KEY, {
      issuedAt: ISSUED_AT,
      lifetimeSeconds: 3600,
    });
    expect(token).toMatch(new RegExp(`^${tokenId}~operator~${ISSUED_AT}~${expiresAt}~`));
    expect(tokenId).toMatch(/^[0-9a-f]{16}$/);
    expect((await mintOperatorToken(KEY)).tokenId).not.toBe(tokenId);
    expect(await verifyToken([KEY], token, expiresAt - 1)).not.toBeNull();
    expect(await verifyToken([KEY], token, expiresAt)).toBeNull();
    expect(await verifyToken([KEY], token, expiresAt + 86_400)).toBeNull();
  });

  it('keep verifying operator tokens of the format before expiry, for 30 days after their issue', async () => {
    // `~operator~<issuedAt>~<keyId>~<signature>`, as the previous release minted them.
    const legacy = await mintToken(KEY, {
      scope: 'operator',
      smartMeterId: null,
      issuedAt: ISSUED_AT,
      tokenId: null,
      expiresAt: null,
    });
    expect(legacy).toMatch(new RegExp(`^~operator~${ISSUED_AT}~[A-Za-z0-9_-]{8}~`));
    const end = ISSUED_AT + LEGACY_OPERATOR_LIFETIME_SECONDS;
    expect(await verifyToken([KEY], legacy, end - 1)).toMatchObject({ scope: 'operator' });
    expect(await verifyToken([KEY], legacy, end)).toBeNull();
  });

  it('say which key signed them, without revealing it', async () => {
    const token = await meterToken(KEY, 'smart-meter-0', 'device', ISSUED_AT);
    expect(token.split('~')[3]).toBe(await keyIdOf(KEY));
    expect(await keyIdOf(KEY)).not.toBe(await keyIdOf('another-key'));
    expect(token).not.toContain(KEY);
    expect(await verifyToken(['another-key'], token)).toBeNull();
    expect(await verifyToken(['another-key', KEY], token)).not.toBeNull();
  });

  it('do not verify when dated more than five minutes ahead of the server, so none outlives a revocation', async () => {
    const now = ISSUED_AT;
    const issuedAt = (secondsAhead: number) =>
      meterToken(KEY, 'smart-meter-0', 'viewer', now + secondsAhead);
    expect(await verifyToken([KEY], await issuedAt(300), now)).not.toBeNull();
    expect(await verifyToken([KEY], await issuedAt(301), now)).toBeNull();
    expect(await verifyToken([KEY], await issuedAt(100 * 365 * 86_400), now)).toBeNull();
    expect(await verifyToken([KEY], await operatorToken(KEY, now + 301), now)).toBeNull();
    expect(await verifyToken([KEY], await operatorToken(KEY, now + 300), now)).not.toBeNull();
  });

  /** The ways a token's spelling can be changed: one character, cut short, padded, case. */
  const mutationArb = fc.oneof(
    fc.record({
      kind: fc.constant('replace' as const),
      at: fc.nat(),
      by: fc.constantFrom(...BASE64URL, '~', '.', '='),
    }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('pad' as const),
      with: fc.constantFrom('=', '==', 'A', ' ', '~'),
    }),
    fc.record({ kind: fc.constant('case' as const), at: fc.nat() }),
  );

  interface Mutation {
    kind: 'replace' | 'truncate' | 'pad' | 'case';
    at?: number;
    by?: string;
    with?: string;
  }

  function mutate(token: string, mutation: Mutation): string {
    const at = (mutation.at ?? 0) % token.length;
    switch (mutation.kind) {
      case 'replace':
        return token.slice(0, at) + mutation.by + token.slice(at + 1);
      case 'truncate':
        return token.slice(0, at);
      case 'pad':
        return token + mutation.with;
      case 'case': {
        const char = token[at] ?? '';
        const flipped = char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase();
        return token.slice(0, at) + flipped + token.slice(at + 1);
      }
    }
  }

  it('never verify under any other spelling', async () => {
    const tokens = [
      await meterToken(KEY, 'smart-meter-0', 'device', ISSUED_AT),
      await meterToken(KEY, 'Meter.7_b', 'viewer', ISSUED_AT),
      await operatorToken(KEY, nowSeconds()),
      await legacyMeterToken(KEY, 'smart-meter-0'),
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...tokens), mutationArb, async (token, mutation) => {
        const mutated = mutate(token, mutation);
        fc.pre(mutated !== token);
        expect(await verifyToken([KEY], mutated)).toBeNull();
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuse the first format’s other spellings of a signature (its last character’s unused bits)', async () => {
    const token = await legacyMeterToken(KEY, 'smart-meter-0');
    const last = token.at(-1) ?? 'A';
    const index = BASE64URL.indexOf(last);
    // The last character carries 4 bits of the signature and 2 unused ones: 3 other spellings.
    const others = [1, 2, 3].map((low) => token.slice(0, -1) + BASE64URL[(index & ~3) | low]);
    expect(index % 4).toBe(0);
    for (const other of others) expect(await verifyToken([KEY], other)).toBeNull();
  });
});
