import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PROBLEM_TYPES, problemResponse } from './problem';

/** Largest accepted request body: 1 MiB, inclusive. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** 413 for bodies over 1 MiB, counted as they stream in when no Content-Length is sent. */
export const limitBodySize: MiddlewareHandler = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) =>
    problemResponse(c, {
      type: PROBLEM_TYPES.payloadTooLarge,
      title: 'Payload too large',
      status: 413,
      detail: `The request body is over ${MAX_BODY_BYTES} bytes (1 MiB)`,
    }),
});

/** 415 unless the body is declared `application/json` (parameters such as charset allowed). */
export const requireJsonBody: MiddlewareHandler = async (c, next) => {
  const mediaType = c.req.header('Content-Type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') return next();
  return problemResponse(c, {
    type: PROBLEM_TYPES.unsupportedMediaType,
    title: 'Unsupported media type',
    status: 415,
    detail: 'Send the body as JSON with Content-Type: application/json',
  });
};
