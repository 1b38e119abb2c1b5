import { Validator } from '@seriousme/openapi-schema-validator';
import { expect, inject, it } from 'vitest';

it('/openapi.json is valid against the OpenAPI 3.1 specification', async () => {
  const response = await fetch(new URL('/openapi.json', inject('workerUrl')));
  const document = (await response.json()) as Record<string, unknown>;

  const validator = new Validator();
  const result = await validator.validate(document);

  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toBe('3.1');
});
