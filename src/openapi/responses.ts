import { resolver } from 'hono-openapi';
import type { GenericSchema } from 'valibot';
import { type Operation, SCOPES_ALLOWED } from '../auth/access';
import { ProblemSchema } from './response-schemas';

const PROBLEM_DESCRIPTIONS = {
  400: 'The body is not valid JSON.',
  401: 'No token, or not a valid one: malformed, of an unknown key, expired or revoked (see WWW-Authenticate).',
  403: "The token's scope does not allow this, or it was issued for another meter.",
  404: 'Not found (see the operation for when).',
  405: 'This path does not serve the method used; the Allow header lists the methods it does.',
  409: 'The request conflicts with what the meter already holds.',
  413: 'The body is over 1 MiB.',
  415: 'The body was not sent as application/json.',
  422: 'The request does not match its schema; `errors` lists every broken rule.',
  426: 'Not a WebSocket upgrade: this path answers WebSocket clients only (`Upgrade: websocket`).',
  429: 'Too many requests (stores of one meter, or failed authentications from one address); see Retry-After.',
  500: 'An unexpected fault. Nothing was stored; the body holds no internals.',
  503: 'Token authentication is not configured on the server (it refuses rather than serve openly), operator token revocations cannot be checked, or meters are kept in a jurisdiction this runtime cannot place objects in.',
} as const;

type ProblemStatus = keyof typeof PROBLEM_DESCRIPTIONS;

/** OpenAPI `responses` entries for error statuses, each an RFC 9457 problem. */
export function problemResponses(
  statuses: readonly ProblemStatus[],
  descriptions: Partial<Record<ProblemStatus, string>> = {},
) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: descriptions[status] ?? PROBLEM_DESCRIPTIONS[status],
        content: { 'application/problem+json': { schema: resolver(ProblemSchema) } },
        ...(status === 405 && {
          headers: {
            Allow: { description: 'The methods this path serves.', schema: { type: 'string' } },
          },
        }),
        ...(status === 429 && {
          headers: {
            'Retry-After': {
              description: 'Seconds to wait before trying again.',
              schema: { type: 'string' },
            },
          },
        }),
      },
    ]),
  );
}

/** Name of the bearer scheme of tokens in the document's components. */
export const TOKEN_SCHEME = 'token';

/**
 * The `security` of an operation: a bearer token of one of the scopes the operation allows (OpenAPI
 * 3.1 lets a bearer requirement list the roles it needs).
 */
export function tokenSecurity(operation: Operation) {
  return [{ [TOKEN_SCHEME]: [...SCOPES_ALLOWED[operation]] }];
}

/** The refusals every token-protected operation can answer. */
export const TOKEN_RESPONSES = problemResponses([401, 403, 429, 503]);

/** An OpenAPI 200 response with a JSON body described by `schema`. */
export function jsonResponse(description: string, schema: GenericSchema) {
  return { 200: { description, content: { 'application/json': { schema: resolver(schema) } } } };
}
