import { describe, expect, it } from 'vitest';
import { app } from '../../src/app';
import { newMeterId, postJson, postReadings, request } from '../helpers';

interface Operation {
  operationId: string;
  parameters?: { in: string; name: string; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { example?: unknown }> };
}

async function loadDocument(): Promise<OpenApiDocument> {
  const response = await request('/openapi.json');
  expect(response.status).toBe(200);
  return (await response.json()) as OpenApiDocument;
}

/** Hono `/a/:id` → OpenAPI `/a/{id}`. */
const toOpenApiPath = (path: string) => path.replace(/:([^/]+)/g, '{$1}');

function documentedOperations(document: OpenApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

function expectedMeterPath(path: string, smartMeterId: string): string {
  return path.replace('{smartMeterId}', smartMeterId);
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document', async () => {
    const document = await loadDocument();
    expect(document.openapi).toBe('3.1.0');
  });

  it('documents every route the app serves, and nothing else', async () => {
    const served = app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${toOpenApiPath(route.path)}`);
    const documented = documentedOperations(await loadDocument());
    expect(new Set(documented)).toEqual(new Set(served));
  });

  it('shows query parameters in their wire form, strings with a pattern', async () => {
    const document = await loadDocument();
    const recommend = document.paths['/price-plans/recommend/{smartMeterId}']?.get;
    const queryParameters = recommend?.parameters?.filter((parameter) => parameter.in === 'query');
    expect(queryParameters?.map((parameter) => parameter.name).sort()).toEqual([
      'from',
      'limit',
      'to',
    ]);
    for (const parameter of queryParameters ?? []) {
      expect(parameter.schema).toMatchObject({ type: 'string', pattern: expect.any(String) });
    }
  });

  it('names request, response and problem bodies as component schemas', async () => {
    const document = await loadDocument();
    const store = document.paths['/readings/store']?.post;
    expect(store?.requestBody?.content['application/json']?.schema.$ref).toBe(
      '#/components/schemas/StoreReadingsRequest',
    );
    for (const operation of Object.values(document.paths).flatMap((item) => Object.values(item))) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        expect(response.content?.['application/problem+json']?.schema.$ref).toBe(
          '#/components/schemas/Problem',
        );
      }
    }
  });

  it('has an example request body that the API accepts', async () => {
    const document = await loadDocument();
    const example = document.components.schemas.StoreReadingsRequest?.example as {
      electricityReadings: unknown[];
    };
    const response = await postJson('/readings/store', { ...example, smartMeterId: newMeterId() });
    expect(response.status).toBe(200);
  });

  it('documents every status each operation answered for good and bad requests', async () => {
    const document = await loadDocument();
    const smartMeterId = newMeterId();
    await postReadings(smartMeterId, [
      { time: 1606636800, reading: 1 },
      { time: 1606637400, reading: 2 },
    ]);
    const meterPaths = [smartMeterId, newMeterId(), 'smart-meter-9', '-bad-id'];
    const queries = ['', '?from=5&to=1', '?limit=0', '?from=x'];
    const bodies: [string, Record<string, string>, string][] = [
      [
        'POST',
        { 'Content-Type': 'application/json' },
        JSON.stringify({ smartMeterId, electricityReadings: [] }),
      ],
      ['POST', { 'Content-Type': 'application/json' }, '{'],
      ['POST', { 'Content-Type': 'text/plain' }, '{}'],
      ['POST', { 'Content-Type': 'application/json' }, '{}'],
      ['POST', { 'Content-Type': 'application/json' }, ' '.repeat(1024 * 1024 + 1)],
    ];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const observed = new Set<number>();
        // No path serves PATCH: the answer is the path's 405 whatever its operations.
        const otherMethod = 'PATCH';
        for (const meterPath of meterPaths) {
          const url = expectedMeterPath(path, meterPath);
          observed.add((await request(url, { method: otherMethod })).status);
          if (method === 'get') {
            for (const query of queries) observed.add((await request(`${url}${query}`)).status);
          } else {
            for (const [verb, headers, body] of bodies) {
              observed.add((await request(url, { method: verb, headers, body })).status);
            }
          }
        }
        const documented = Object.keys(operation.responses).map(Number);
        expect(
          [...observed].filter((status) => !documented.includes(status)),
          `${method} ${path}`,
        ).toEqual([]);
      }
    }
  });
});

describe('GET /docs', () => {
  it('serves the Swagger UI page with its scripts from this origin, none inline, under a strict policy', async () => {
    const response = await request('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await response.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources).toContain('/swagger-ui-init.js');
    for (const source of sources)
      expect(source).toMatch(/^\/(vendor\/swagger-ui\/|swagger-ui-init\.js$)/);
    expect(html).not.toMatch(/<script>/);
  });
});
