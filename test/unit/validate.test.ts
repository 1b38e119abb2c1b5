import { Hono } from 'hono';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/app-env';
import { handleError } from '../../src/http/problem';
import { validate } from '../../src/http/validate';
import { answerOf } from '../helpers';

/** A rule with a bug: it throws on some input instead of saying the input is wrong. */
const FragileQuerySchema = v.object({
  date: v.pipe(
    v.string(),
    v.check((text) => new Date(text).toISOString() !== '', 'must be a date'),
  ),
});

/** A tiny app with one validated route, and the API's error handler. */
function appWith(afterValidation: () => Response) {
  const app = new Hono<AppEnv>().get('/', validate('query', FragileQuerySchema), afterValidation);
  app.onError(handleError);
  return app;
}

describe('validate', () => {
  it('answers 422 problem+json, never a 500, when a rule throws on the input', async () => {
    const app = appWith(() => new Response('ok'));
    const answer = await answerOf(await app.request('/?date=x'));
    expect(answer).toMatchObject({
      status: 422,
      mediaType: 'application/problem+json',
      body: { type: '/problems/validation', errors: [{ path: '', message: expect.any(String) }] },
    });
  });

  it('lets a fault after validation reach the error handler as the 500 it is', async () => {
    const app = appWith(() => {
      throw new Error('a bug in the handler');
    });
    expect((await app.request('/?date=2024-01-01')).status).toBe(500);
  });
});
