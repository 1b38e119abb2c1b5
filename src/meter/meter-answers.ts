import type { TokenScope } from '../auth/token';

/** The token a request acts with, as the meter checks it against its revocations. */
export interface MeterAccess {
  readonly scope: TokenScope;
  readonly issuedAt: number;
}

/**
 * What every call to a meter carries: the token's access, and the sequence number of the price
 * catalogue the Worker knows, so that a meter behind it catches up first.
 */
export interface MeterCall {
  readonly access: MeterAccess;
  readonly catalogueSeq: number;
}

/** The answer of a meter to a request whose token it has revoked. */
export const REVOKED = { revoked: true } as const;
export type Revoked = typeof REVOKED;

export function isRevoked(answer: unknown): answer is Revoked {
  return typeof answer === 'object' && answer !== null && 'revoked' in answer;
}

/** A store of import refused: the meter's import already comes from the other source. */
export interface ConflictingSource {
  readonly conflictingSource: 'readings' | 'intervals';
}

export function isConflictingSource(answer: unknown): answer is ConflictingSource {
  return typeof answer === 'object' && answer !== null && 'conflictingSource' in answer;
}

/** An account switch refused: it is dated before the account's latest switch. */
export interface SwitchTooEarly {
  readonly latestSwitch: number;
}

export function isSwitchTooEarly(answer: unknown): answer is SwitchTooEarly {
  return typeof answer === 'object' && answer !== null && 'latestSwitch' in answer;
}

/** The answer to a page of a stream whose history the meter has erased since the stream began. */
export const ERASED = { erased: true } as const;
export type Erased = typeof ERASED;

export function isErased(answer: unknown): answer is Erased {
  return typeof answer === 'object' && answer !== null && 'erased' in answer;
}

/** A page of a streamed answer, with the history it was read from (see `Meter#history`). */
export type StreamPage<Page> = Page & { readonly history: number };
