import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { meterToken, mintOperatorToken, operatorToken } from '../../src/auth/token';
import { newMeterId, postReadings, request, TEST_TOKEN_KEY } from '../helpers';
import {
  AUTHORIZATIONS,
  type AuthorizationKind,
  acceptValues,
  hostileText,
  meterIds,
  type ParameterSchema,
  PLACEHOLDER,
  valuesFor,
} from '../support/fuzz-values';
import { expectWellFormed } from '../support/well-formed';

// Every operation of the served OpenAPI document, every path and query parameter it lists, with
// and without tokens: an operation added later is fuzzed as soon as it is documented.

const RUNS_PER_OPERATION = 40;
const FUZZ_TIMEOUT_MS = 120_000;

interface Parameter {
  readonly in: 'path' | 'query' | 'header';
  readonly name: string;
  readonly schema: ParameterSchema;
}
interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly Parameter[];
  /** The example of the JSON body, for operations that take one. */
  readonly body: unknown;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown }>>;
  components: { schemas: Record<string, { example?: unknown }> };
}

async function documentedOperations(): Promise<Operation[]> {
  const document = (await (await request('/openapi.json')).json()) as OpenApiDocument;
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => {
      const reference = JSON.stringify(operation.requestBody ?? '').match(/schemas\/(\w+)/)?.[1];
      const example = reference ? document.components.schemas[reference]?.example : undefined;
      return {
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        body: operation.requestBody === undefined ? undefined : (example ?? {}),
      };
    }),
  );
}

/** The example body with the run's meter, or any JSON, or broken JSON. */
function bodies(example: unknown): fc.Arbitrary<string> {
  const ofMeter =
    example !== null && typeof example === 'object' && 'smartMeterId' in example
      ? { ...example, smartMeterId: PLACEHOLDER.meterWithReadings }
      : example;
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(JSON.stringify(ofMeter)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.string({ maxLength: 20 }), fc.jsonValue())
        .map(([key, value]) => JSON.stringify({ ...(ofMeter as object), [key]: value })),
    },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.constantFrom('{', '', 'null', '[]', '{"a":', '\u0000') },
  );
}

/** One request to an operation: its path values, query, token, Accept, body and method. */
function requestsTo(operation: Operation) {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const queryEntry = fc.oneof(
    ...queryParameters.map((parameter) =>
      fc.tuple(fc.constant(parameter.name), valuesFor(parameter.name, parameter.schema)),
    ),
    fc.tuple(fc.constantFrom('unknown', 'FROM', 'to[]', ''), hostileText),
  );
  return fc.record({
    pathValues: fc.tuple(
      ...pathParameters.map((parameter) =>
        parameter.name === 'smartMeterId' ? meterIds : valuesFor(parameter.name, parameter.schema),
      ),
    ),
    query: fc.array(queryEntry, { maxLength: queryParameters.length + 2 }),
    authorization: fc.constantFrom(...AUTHORIZATIONS),
    inCookie: fc.boolean(),
    accept: acceptValues,
    body: operation.body === undefined ? fc.constant(undefined) : bodies(operation.body),
    method: fc.oneof(
      { weight: 9, arbitrary: fc.constant(operation.method) },
      { weight: 1, arbitrary: fc.constantFrom('HEAD', 'PATCH', 'OPTIONS', 'PUT', 'DELETE') },
    ),
  });
}
type Scenario = ReturnType<typeof requestsTo> extends fc.Arbitrary<infer S> ? S : never;

const READINGS = [
  { time: 1606636800, reading: 1.5 },
  { time: 1606640400, reading: 0.5 },
  { time: 1606726800, reading: 2 },
];

/** A meter of its own with readings. */
async function meterWithReadings(): Promise<string> {
  const meter = newMeterId();
  await postReadings(meter, READINGS);
  return meter;
}

/**
 * What the run's placeholders stand for: a meter with readings and its tokens. Reads share the
 * operation's meter; anything else may erase it or revoke its tokens, so it gets one of its own.
 */
async function placeholdersOf(
  operation: Operation,
  scenario: Scenario,
  sharedMeter: string,
): Promise<Record<string, string>> {
  const text = JSON.stringify(scenario);
  const needsMeter = text.includes(PLACEHOLDER.meterWithReadings);
  const meter = operation.method === 'GET' || !needsMeter ? sharedMeter : await meterWithReadings();
  const values: Record<string, string> = {
    [PLACEHOLDER.meterWithReadings]: meter,
    [PLACEHOLDER.viewerToken]: await meterToken(TEST_TOKEN_KEY, meter, 'viewer'),
    [PLACEHOLDER.deviceToken]: await meterToken(TEST_TOKEN_KEY, meter, 'device'),
    [PLACEHOLDER.operatorToken]: await operatorToken(TEST_TOKEN_KEY),
  };
  if (text.includes('-cursor')) {
    const page = await request(`/meters/${meter}/usage?pageSize=1`);
    const next = page.ok ? ((await page.json()) as { next: string | null }).next : null;
    values[PLACEHOLDER.validCursor] = next ?? '';
    // One character changed, as a client that edits a cursor would.
    const at = Math.floor((next ?? '').length / 2);
    values[PLACEHOLDER.tamperedCursor] =
      (next ?? '').slice(0, at) +
      ((next ?? '')[at] === 'A' ? 'B' : 'A') +
      (next ?? '').slice(at + 1);
  }
  return values;
}

function resolved(text: string, placeholders: Record<string, string>): string {
  return Object.entries(placeholders).reduce(
    (result, [placeholder, value]) => result.replaceAll(placeholder, value),
    text,
  );
}

async function authorizationOf(kind: AuthorizationKind, values: Record<string, string>) {
  const tokens: Record<AuthorizationKind, string> = {
    none: '',
    malformed: 'Bearer guess~~',
    device: `Bearer ${values[PLACEHOLDER.deviceToken]}`,
    viewer: `Bearer ${values[PLACEHOLDER.viewerToken]}`,
    operator: `Bearer ${values[PLACEHOLDER.operatorToken]}`,
    'expired operator': `Bearer ${(await mintOperatorToken(TEST_TOKEN_KEY, { issuedAt: 1_600_000_000, lifetimeSeconds: 60 })).token}`,
    'other meter': `Bearer ${await meterToken(TEST_TOKEN_KEY, newMeterId(), 'viewer')}`,
  };
  return tokens[kind];
}

async function send(
  operation: Operation,
  scenario: Scenario,
  sharedMeter: string,
): Promise<Response> {
  const values = await placeholdersOf(operation, scenario, sharedMeter);
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  let path = operation.path;
  pathParameters.forEach((parameter, index) => {
    const value = resolved(String(scenario.pathValues[index]), values);
    path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
  });
  const query = new URLSearchParams(
    scenario.query.map(([name, value]) => [name, resolved(value, values)]),
  );
  const authorization = await authorizationOf(scenario.authorization, values);
  const headers: Record<string, string> = {
    Authorization: scenario.inCookie ? '' : authorization,
    ...(scenario.inCookie && { Cookie: `joi_token=${authorization.replace('Bearer ', '')}` }),
    ...(scenario.accept !== undefined && { Accept: scenario.accept }),
    ...(scenario.body !== undefined && { 'Content-Type': 'application/json' }),
  };
  const withBody = scenario.method !== 'GET' && scenario.method !== 'HEAD';
  return request(`${path}?${query}`, {
    method: scenario.method,
    headers,
    ...(withBody && scenario.body !== undefined && { body: resolved(scenario.body, values) }),
  });
}

describe('fuzzing every documented operation', { timeout: FUZZ_TIMEOUT_MS }, () => {
  let operations: Operation[] = [];
  beforeAll(async () => {
    operations = await documentedOperations();
  });

  it('reads every operation from the served document', () => {
    expect(operations.map((operation) => `${operation.method} ${operation.path}`)).toEqual(
      expect.arrayContaining(['GET /meters/{smartMeterId}/usage', 'POST /readings/store']),
    );
  });

  it('answers every path and query parameter, token and Accept value without a 5xx', async () => {
    for (const operation of operations) {
      const sharedMeter = await meterWithReadings();
      await fc.assert(
        fc.asyncProperty(requestsTo(operation), async (scenario) => {
          const response = await send(operation, scenario, sharedMeter);
          await expectWellFormed(response, scenario.method, `${scenario.method} ${operation.path}`);
        }),
        { numRuns: RUNS_PER_OPERATION },
      );
    }
  });
});
