import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../app-env';

/** `type` URIs of the problems this API answers with (RFC 9457). */
export const PROBLEM_TYPES = {
  validation: '/problems/validation',
  malformedJson: '/problems/malformed-json',
  unreadableBody: '/problems/unreadable-body',
  unsupportedMediaType: '/problems/unsupported-media-type',
  payloadTooLarge: '/problems/payload-too-large',
  notFound: '/problems/not-found',
  methodNotAllowed: '/problems/method-not-allowed',
  unauthorized: '/problems/unauthorized',
  forbidden: '/problems/forbidden',
  tooManyRequests: '/problems/too-many-requests',
  tooManyIntervals: '/problems/too-many-intervals',
  authUnavailable: '/problems/auth-unavailable',
  meterStorageUnavailable: '/problems/meter-storage-unavailable',
  conflictingSource: '/problems/conflicting-source',
  upgradeRequired: '/problems/upgrade-required',
  internal: '/problems/internal',
} as const;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One broken rule: where (dotted path into the input) and what is wrong. */
export interface ProblemFieldError {
  readonly path: string;
  readonly message: string;
}

/** An RFC 9457 problem details body. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: ContentfulStatusCode;
  readonly detail: string;
  readonly instance?: string;
  readonly errors?: readonly ProblemFieldError[];
  /** Extension members (RFC 9457 §3.2). */
  readonly [extension: string]: unknown;
}

// Enough to fix a request; a 10,000-reading batch of bad values must not answer with 10,000 entries.
const MAX_FIELD_ERRORS = 100;

/**
 * Answers with the problem as `application/problem+json`, its `status` as the HTTP status and,
 * unless given, the request's path as its `instance` (as sent: percent-encoded, a URI reference).
 */
export function problemResponse(
  c: Context,
  problem: Problem,
  headers: Record<string, string> = {},
): Response {
  const body = { ...problem, instance: problem.instance ?? new URL(c.req.url).pathname };
  return c.json(body, problem.status, { ...headers, 'Content-Type': PROBLEM_CONTENT_TYPE });
}

export function notFoundProblem(c: Context, detail: string): Response {
  return problemResponse(c, {
    type: PROBLEM_TYPES.notFound,
    title: 'Not found',
    status: 404,
    detail,
  });
}

/**
 * 409: a meter's import comes from power readings or from import intervals, never both; the
 * refused request sent the other kind.
 */
export function conflictingSourceProblem(c: Context, existing: 'readings' | 'intervals'): Response {
  const sent = existing === 'readings' ? 'import intervals' : 'power readings';
  return problemResponse(c, {
    type: PROBLEM_TYPES.conflictingSource,
    title: 'Conflicting source',
    status: 409,
    detail: `This meter's import already comes from ${existing === 'readings' ? 'power readings' : 'import intervals'}; it cannot also take ${sent} (export intervals go with either)`,
    existingSource: existing,
  });
}

/** 426: the path speaks WebSocket only, and the request is not an upgrade (RFC 9110 §15.5.22). */
export function upgradeRequiredProblem(c: Context): Response {
  return problemResponse(
    c,
    {
      type: PROBLEM_TYPES.upgradeRequired,
      title: 'Upgrade required',
      status: 426,
      detail: 'This is a WebSocket: open it with a WebSocket client (Upgrade: websocket)',
    },
    // RFC 9110 asks for it; a runtime may drop it as hop-by-hop (local workerd does): the detail
    // says the same.
    { Upgrade: 'websocket' },
  );
}

const TARGET_NAMES: Record<string, string> = {
  json: 'request body',
  query: 'query string',
  param: 'path',
};

function issuePath(issue: StandardSchemaV1.Issue): string {
  return (issue.path ?? [])
    .map((segment) => String(typeof segment === 'object' ? segment.key : segment))
    .join('.');
}

/** The 422 problem listing every issue a schema found in one part of the request. */
export function validationProblem(
  c: Context,
  target: string,
  issues: readonly StandardSchemaV1.Issue[],
): Response {
  const where = TARGET_NAMES[target] ?? target;
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return problemResponse(c, {
    type: PROBLEM_TYPES.validation,
    title: 'Invalid request',
    status: 422,
    detail: `${count} in the ${where}`,
    errors: issues
      .slice(0, MAX_FIELD_ERRORS)
      .map((issue) => ({ path: issuePath(issue), message: issue.message })),
  });
}

/** Handler for a known path asked with a method it does not serve. */
export function methodNotAllowed(...allowedMethods: string[]) {
  const allow = allowedMethods.join(', ');
  return (c: Context): Response =>
    problemResponse(
      c,
      {
        type: PROBLEM_TYPES.methodNotAllowed,
        title: 'Method not allowed',
        status: 405,
        detail: `${c.req.method} is not served here; use ${allow}`,
      },
      { Allow: allow },
    );
}

export const handleNotFound: NotFoundHandler = (c) =>
  notFoundProblem(c, `No route for ${c.req.method} ${c.req.path}`);

/** HTTP exceptions keep their status; anything else is a bug, logged here and answered without internals. */
export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof HTTPException && error.status === 400) {
    return problemResponse(c, {
      type: PROBLEM_TYPES.malformedJson,
      title: 'Malformed JSON',
      status: 400,
      detail: 'The request body is not valid JSON',
    });
  }
  if (error instanceof HTTPException && error.status !== 500) {
    return problemResponse(c, {
      type: `/problems/http-${error.status}`,
      title: error.message || 'Request refused',
      status: error.status,
      detail: error.message || 'The request was refused',
    });
  }
  // Logged once, with its stack, on the server only: the client gets no internals.
  console.error(
    JSON.stringify({
      type: 'error',
      requestId: c.var.requestId,
      route: c.req.path,
      message: error.message,
      stack: error.stack,
    }),
  );
  return problemResponse(c, {
    type: PROBLEM_TYPES.internal,
    title: 'Internal error',
    status: 500,
    detail: 'The request could not be completed; nothing was stored. Please retry later.',
  });
};
