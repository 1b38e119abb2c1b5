import { Hono } from 'hono';
import { describeRoute, openAPIRouteHandler } from 'hono-openapi';
import type { AppEnv } from '../app-env';
import { PAGE_CONTENT_SECURITY_POLICY } from '../http/browser-headers';
import { methodNotAllowed } from '../http/problem';
import { OPENAPI_OPTIONS } from '../openapi/document';
import { problemResponses } from '../openapi/responses';

// Swagger UI's files are Workers static assets under /vendor (copied from swagger-ui-dist by
// scripts/copy-swagger-ui.ts), started by /swagger-ui-init.js: nothing from any other origin, and
// no inline script.
const SWAGGER_UI_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>JOI Energy API reference</title>
  <link rel="icon" type="image/png" href="/vendor/swagger-ui/favicon-32x32.png">
  <link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
  <script src="/swagger-ui-init.js"></script>
</body>
</html>`;

/** The API's self-description: the OpenAPI document and the interactive reference. */
export function docsRoutes(api: Hono<AppEnv>) {
  return new Hono<AppEnv>()
    .get(
      '/openapi.json',
      describeRoute({
        tags: ['Service'],
        operationId: 'getOpenApiDocument',
        summary: 'This OpenAPI 3.1 document',
        responses: {
          200: {
            description: 'The OpenAPI document, generated from the schemas that validate requests.',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          ...problemResponses([405]),
        },
      }),
      openAPIRouteHandler(api, OPENAPI_OPTIONS),
    )
    .all('/openapi.json', methodNotAllowed('GET', 'HEAD'))
    .get(
      '/docs',
      describeRoute({
        tags: ['Service'],
        operationId: 'getApiReference',
        summary: 'Interactive API reference (Swagger UI)',
        responses: {
          200: {
            description: 'An HTML page; it loads its scripts from this origin only.',
            content: { 'text/html': { schema: { type: 'string' } } },
          },
          ...problemResponses([405]),
        },
      }),
      (c) =>
        c.html(SWAGGER_UI_PAGE, 200, { 'Content-Security-Policy': PAGE_CONTENT_SECURITY_POLICY }),
    )
    .all('/docs', methodNotAllowed('GET', 'HEAD'));
}
