import { describe, expect, it } from 'vitest';
import { answerOf, answerTo, request } from '../helpers';

describe('static assets', () => {
  it.each([
    ['/dashboard.css', /^text\/css/],
    ['/favicon.svg', /^image\/svg\+xml/],
    ['/swagger-ui-init.js', /javascript/],
    ['/vendor/swagger-ui/swagger-ui-bundle.js', /javascript/],
  ])('serves %s with the headers of every answer', async (path, contentType) => {
    const response = await request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(contentType);
    expect(response.headers.get('x-request-id')).toMatch(/.+/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await response.text()).length).toBeGreaterThan(0);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])(
    'answers %s on an asset with the 405 problem and Allow',
    async (method) => {
      const response = await request('/dashboard.css', { method });
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      expect(await answerOf(response)).toMatchObject({
        status: 405,
        mediaType: 'application/problem+json',
        body: { type: '/problems/method-not-allowed', status: 405 },
      });
    },
  );

  it.each(['GET', 'POST'])(
    'answers %s on a path that is neither route nor asset with the 404 problem',
    async (method) => {
      expect(await answerTo('/no-such-file.css', { method })).toMatchObject({
        status: 404,
        mediaType: 'application/problem+json',
        body: { type: '/problems/not-found', detail: `No route for ${method} /no-such-file.css` },
      });
    },
  );
});
