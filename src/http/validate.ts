import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import { validationProblem } from './problem';

/**
 * Validates one part of the request with a valibot schema (which also feeds the OpenAPI document)
 * and answers 422 problem+json listing every issue when it does not match.
 */
export function validate<Schema extends StandardSchemaV1, Target extends keyof ValidationTargets>(
  target: Target,
  schema: Schema,
) {
  return validator(target, schema, (result, c) => {
    if (!result.success) return validationProblem(c, target, result.error);
  });
}
