import { resolver } from 'hono-openapi';
import type { GenericSchema } from 'valibot';
import { ProblemSchema } from './response-schemas';

const PROBLEM_DESCRIPTIONS = {
  400: 'The body is not valid JSON.',
  401: 'No token, or not a valid one (see WWW-Authenticate).',
  403: 'The token was issued for another meter.',
  404: 'Not found (see the operation for when).',
  405: 'This path does not serve the method used; the Allow header lists the methods it does.',
  413: 'The body is over 1 MiB.',
  415: 'The body was not sent as application/json.',
  422: 'The request does not match its schema; `errors` lists every broken rule.',
  500: 'An unexpected fault. Nothing was stored; the body holds no internals.',
  503: 'Meter authentication is not configured on the server; it refuses rather than serve openly.',
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
      },
    ]),
  );
}

/** Name of the bearer scheme of meter tokens in the document's components. */
export const METER_TOKEN_SCHEME = 'meterToken';

/** The `security` of a meter-scoped operation: that meter's bearer token. */
export const METER_TOKEN_SECURITY = [{ [METER_TOKEN_SCHEME]: [] }];

/** The refusals every meter-scoped operation can answer: no valid token, another meter's, no key. */
export const METER_TOKEN_RESPONSES = problemResponses([401, 403, 503]);

/** An OpenAPI 200 response with a JSON body described by `schema`. */
export function jsonResponse(description: string, schema: GenericSchema) {
  return { 200: { description, content: { 'application/json': { schema: resolver(schema) } } } };
}
