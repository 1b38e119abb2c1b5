import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { MiddlewareHandler, ValidationTargets } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { validationProblem } from './problem';

/**
 * Validates one part of the request with a valibot schema (which also feeds the OpenAPI document)
 * and answers 422 problem+json listing every issue when it does not match.
 *
 * Validation is total: a rule that throws on some input (a bug, but one the input set off) answers
 * a 422 for that part of the request, logged as an error, never a 500. Malformed JSON is still the
 * 400 that hono raises before any rule runs, and faults after validation still reach `onError`.
 */
export function validate<Schema extends StandardSchemaV1, Target extends keyof ValidationTargets>(
  target: Target,
  schema: Schema,
) {
  const checked = validator(target, schema, (result, c) => {
    if (!result.success) return validationProblem(c, target, result.error);
  });
  const guarded: MiddlewareHandler<AppEnv> = async (c, next) => {
    let validated = false;
    try {
      return await (checked as unknown as MiddlewareHandler<AppEnv>)(c, async () => {
        validated = true;
        await next();
      });
    } catch (error) {
      if (validated || error instanceof HTTPException) throw error;
      console.error(
        JSON.stringify({
          type: 'validation-fault',
          requestId: c.var.requestId,
          route: c.req.path,
          target,
          message: error instanceof Error ? error.message : String(error),
          stack: error instanceof Error ? error.stack : undefined,
        }),
      );
      return validationProblem(c, target, [{ message: 'could not be read as this API expects' }]);
    }
  };
  // hono-openapi finds a route's schemas on the validator itself: they come along.
  for (const key of Object.getOwnPropertySymbols(checked)) {
    Object.defineProperty(guarded, key, Object.getOwnPropertyDescriptor(checked, key) ?? {});
  }
  return guarded as unknown as typeof checked;
}
