import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app-env';
import { PROBLEM_TYPES, problemResponse } from './problem';

/** Largest accepted request body: 1 MiB, inclusive. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A middleware answering 413 for bodies over `maxBytes` (inclusive limit), counted as they stream
 * in when no Content-Length is sent; 400 for a body that cannot be read (broken chunked framing,
 * a client gone mid-body). That is the client's doing, so it is logged as a warning, never as a
 * server error.
 */
export function limitBodySizeTo(maxBytes: number, sizeInWords: string): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      problemResponse(c, {
        type: PROBLEM_TYPES.payloadTooLarge,
        title: 'Payload too large',
        status: 413,
        detail: `The request body is over ${maxBytes} bytes (${sizeInWords})`,
      }),
  });
  return async (c, next) => {
    let bodyWasRead = false;
    try {
      return await limit(c, () => {
        bodyWasRead = true;
        return next();
      });
    } catch (error) {
      // Only a failure while reading the body is the client's; anything later is ours.
      if (bodyWasRead) throw error;
      console.warn(
        JSON.stringify({
          type: 'unreadable-body',
          requestId: c.var.requestId,
          message: error instanceof Error ? error.message : String(error),
        }),
      );
      return problemResponse(c, {
        type: PROBLEM_TYPES.unreadableBody,
        title: 'Unreadable body',
        status: 400,
        detail:
          'The request body could not be read to its end (broken chunked encoding, or the upload stopped)',
      });
    }
  };
}

/** 413 for bodies over 1 MiB; 400 for a body that cannot be read. */
export const limitBodySize = limitBodySizeTo(MAX_BODY_BYTES, '1 MiB');

/** The larger limit of bulk uploads (a year of half-hourly intervals, a year of rates): 4 MiB. */
export const MAX_BULK_BODY_BYTES = 4 * 1024 * 1024;
export const limitBulkBodySize = limitBodySizeTo(MAX_BULK_BODY_BYTES, '4 MiB');

/** The request body's media type, lower-cased, without parameters (`undefined` when not sent). */
export function mediaTypeOf(c: Context): string | undefined {
  return c.req.header('Content-Type')?.split(';')[0]?.trim().toLowerCase();
}

/** 415 unless the body is declared `application/json` (parameters such as charset allowed). */
export const requireJsonBody: MiddlewareHandler = async (c, next) => {
  if (mediaTypeOf(c) === 'application/json') return next();
  return problemResponse(c, {
    type: PROBLEM_TYPES.unsupportedMediaType,
    title: 'Unsupported media type',
    status: 415,
    detail: 'Send the body as JSON with Content-Type: application/json',
  });
};

/** 415 unless the body is JSON or CSV; `what` names the body in the refusal ("intervals"). */
export function requireJsonOrCsvBody(what: string): MiddlewareHandler {
  return async (c, next) => {
    const mediaType = mediaTypeOf(c);
    if (mediaType === 'application/json' || mediaType === 'text/csv') return next();
    return problemResponse(c, {
      type: PROBLEM_TYPES.unsupportedMediaType,
      title: 'Unsupported media type',
      status: 415,
      detail: `Send ${what} as JSON (Content-Type: application/json) or CSV (Content-Type: text/csv)`,
    });
  };
}

/** The per-meter store limit's period, in seconds (wrangler.toml). */
const STORE_LIMIT_PERIOD_SECONDS = 60;

/**
 * 429 with Retry-After once a meter has stored more often than its limit allows. The meter is the
 * one the request was authorized for (its body's or its path's).
 */
export const limitStoresPerMeter: MiddlewareHandler<AppEnv> = async (c, next) => {
  const smartMeterId = c.var.meterId;
  if (smartMeterId === undefined) throw new Error('store limit asked before the meter was known');
  // Always bound where wrangler.toml applies; plain workerd (the bench) has no rate limiting.
  const limiter: RateLimit | undefined = c.env.STORE_RATE_LIMITER;
  const { success } = limiter ? await limiter.limit({ key: smartMeterId }) : { success: true };
  if (success) return next();
  return problemResponse(
    c,
    {
      type: PROBLEM_TYPES.tooManyRequests,
      title: 'Too many requests',
      status: 429,
      detail: `Smart meter ${smartMeterId} has stored more often than its limit allows; retry later`,
    },
    { 'Retry-After': String(STORE_LIMIT_PERIOD_SECONDS) },
  );
};
