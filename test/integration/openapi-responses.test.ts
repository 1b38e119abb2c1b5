import Ajv2020 from 'ajv/dist/2020';
import { beforeAll, describe, expect, it } from 'vitest';
import { meterToken, mintOperatorToken, operatorToken } from '../../src/auth/token';
import { newMeterId, openAccount, postReadings, request, TEST_TOKEN_KEY } from '../helpers';

// Real answers of every documented operation, good and bad requests alike, checked against the
// schema the served OpenAPI document gives for their status and media type.

interface Media {
  schema: Record<string, unknown>;
}
interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, Media> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, unknown>;
}

/** A request to send, and which operation of the document it is. */
interface Sample {
  readonly operationId: string;
  readonly path: string;
  readonly init?: RequestInit;
}

const READINGS = [
  { time: 1606636800, reading: 1 },
  { time: 1606640400, reading: 2 },
  { time: 1606726800, reading: 3 },
];

const PLAN = { supplier: 'Sample Supply', versions: [{ unitRatePerKwh: 0.2, vatRate: 0.05 }] };
const RATES = [{ start: 1606636800, end: 1606638600, unitRatePerKwh: -0.01 }];
const INTERVALS = [{ start: 1606636800, end: 1606638600, kwh: 0.4 }];
// The day of READINGS, on half-hour boundaries as the fleet's window must be.
const FLEET_FROM = 1606608000;
const FLEET_TO = 1606780800;

const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** Requests that give each operation's documented answers: success first, then refusals. */
async function samples(): Promise<Sample[]> {
  const id = newMeterId();
  expect((await postReadings(id, READINGS)).status).toBe(200);
  await openAccount(id, 'price-plan-1');
  const bare = newMeterId();
  const operator = { Authorization: `Bearer ${await operatorToken(TEST_TOKEN_KEY)}` };
  const viewer = await meterToken(TEST_TOKEN_KEY, id, 'viewer');
  const csv = { headers: { Accept: 'text/csv' } };
  const firstPage = await request(`/meters/${id}/usage?groupBy=hour&pageSize=2`);
  const { next } = (await firstPage.json()) as { next: string };
  const { tokenId } = await mintOperatorToken(TEST_TOKEN_KEY);
  const plan = `plan-${id}`;
  const intervalsMeter = newMeterId();
  const sample = (operationId: string, path: string, init?: RequestInit): Sample => ({
    operationId,
    path,
    ...(init && { init }),
  });
  return [
    sample('welcome', '/'),
    sample('health', '/health'),
    sample('getOpenApiDocument', '/openapi.json'),
    sample('getApiReference', '/docs'),
    sample('listPricePlans', '/price-plans'),
    sample(
      'storeReadings',
      '/readings/store',
      json('POST', { smartMeterId: id, electricityReadings: READINGS }),
    ),
    sample(
      'storeReadings',
      '/readings/store',
      json('POST', { smartMeterId: id, electricityReadings: [{ time: -1 }] }),
    ),
    sample('storeReadings', '/readings/store', json('POST', '{')),
    sample('storeReadings', '/readings/store', { method: 'POST', body: '{}' }),
    sample('readReadings', `/readings/read/${id}`),
    sample('readReadings', `/readings/read/${id}`, csv),
    sample('readReadings', `/readings/read/${bare}`),
    sample('readReadings', `/readings/read/${id}?from=x`),
    sample('readReadings', `/readings/read/${id}`, { headers: { Authorization: '' } }),
    sample('compareAllPricePlans', `/price-plans/compare-all/${id}`),
    sample('compareAllPricePlans', `/price-plans/compare-all/${bare}`),
    sample('recommendPricePlans', `/price-plans/recommend/${id}?limit=2`),
    sample('recommendPricePlans', `/price-plans/recommend/${id}?limit=0`),
    sample('getUsage', `/meters/${id}/usage?groupBy=hour&pageSize=2`),
    sample('getUsage', `/meters/${id}/usage?groupBy=hour&pageSize=2&cursor=${next}`),
    sample('getUsage', `/meters/${id}/usage?groupBy=day`, csv),
    sample('getUsage', `/meters/${bare}/usage`),
    sample('getUsage', `/meters/${id}/usage?from=0&to=253402300799&groupBy=quarter_hour`, csv),
    sample('comparePlansForCustomer', `/meters/${id}/comparison`),
    sample('comparePlansForCustomer', `/meters/${bare}/comparison`),
    sample('getAccount', `/meters/${id}/account`),
    sample('getAccount', `/meters/${bare}/account`),
    sample(
      'putAccount',
      `/meters/${id}/account`,
      json('PUT', { pricePlanId: 'price-plan-2' }, operator),
    ),
    sample('putAccount', `/meters/${id}/account`, json('PUT', { pricePlanId: 'nope' }, operator)),
    sample('putAccount', `/meters/${id}/account`, json('PUT', { pricePlanId: 'price-plan-2' })),
    sample('getDashboard', `/meters/${id}/dashboard?period=day&date=2020-11-29`),
    sample('getDashboard', `/meters/${id}/dashboard?token=${viewer}`, {
      headers: { Authorization: '' },
      redirect: 'manual',
    }),
    sample('getDashboard', `/meters/${id}/dashboard?date=x`),
    sample(
      'revokeMeterTokens',
      `/meters/${bare}/revocations`,
      json('POST', { scope: 'viewer' }, operator),
    ),
    sample(
      'revokeMeterTokens',
      `/meters/${bare}/revocations`,
      json('POST', { scope: 'all' }, operator),
    ),
    sample('revokeOperatorToken', `/operator-tokens/${tokenId}/revocation`, {
      method: 'POST',
      headers: operator,
    }),
    sample('revokeOperatorToken', '/operator-tokens/nope/revocation', {
      method: 'POST',
      headers: operator,
    }),
    sample('eraseMeter', `/meters/${bare}`, { method: 'DELETE', headers: operator }),
    sample('eraseMeter', `/meters/${bare}`, { method: 'DELETE' }),
    sample('openLiveFeed', `/meters/${id}/live`),
    sample('openLiveFeed', `/meters/${id}/live`, { headers: { Authorization: '' } }),
    sample('openLiveFeed', `/meters/${id}/live`, { method: 'POST' }),
    sample('getAdvice', `/meters/${id}/advice`),
    sample('getAdvice', `/meters/${id}/advice?hours=13`),
    sample('getAdvice', `/meters/${bare}/advice`),
    sample('getPricePlan', '/price-plans/price-plan-1'),
    sample('getPricePlan', '/price-plans/no-such-plan'),
    sample('putPricePlan', `/price-plans/${plan}`, json('PUT', PLAN, operator)),
    sample('putPricePlan', `/price-plans/${plan}`, json('PUT', { supplier: '' }, operator)),
    sample('publishRates', `/price-plans/${plan}/rates`, json('PUT', { rates: RATES }, operator)),
    sample('publishRates', `/price-plans/${plan}/rates`, json('PUT', { rates: [] }, operator)),
    sample('listRates', `/price-plans/${plan}/rates`),
    sample('listRates', `/price-plans/${plan}/rates`, csv),
    sample('listRates', '/price-plans/no-such-plan/rates'),
    sample('deletePricePlan', `/price-plans/${plan}`, { method: 'DELETE', headers: operator }),
    sample('deletePricePlan', `/price-plans/${plan}`, { method: 'DELETE', headers: operator }),
    sample(
      'storeIntervals',
      `/meters/${intervalsMeter}/intervals`,
      json('POST', { intervals: INTERVALS }),
    ),
    sample('storeIntervals', `/meters/${intervalsMeter}/intervals`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv' },
      body: 'start,end,kwh\n1,2,x\n',
    }),
    sample('storeIntervals', `/meters/${id}/intervals`, json('POST', { intervals: INTERVALS })),
    sample('listIntervals', `/meters/${intervalsMeter}/intervals`),
    sample('listIntervals', `/meters/${intervalsMeter}/intervals`, csv),
    sample('listIntervals', `/meters/${intervalsMeter}/intervals?channel=both`),
    sample('getFleetUsage', `/fleet/usage?from=${FLEET_FROM}&to=${FLEET_TO}`, {
      headers: operator,
    }),
    sample('getFleetUsage', `/fleet/usage?from=${FLEET_FROM}&to=${FLEET_TO}&groupBy=day`, {
      headers: { ...operator, Accept: 'text/csv' },
    }),
    sample('getFleetUsage', `/fleet/usage?from=1&to=${FLEET_TO}`, { headers: operator }),
    sample('getFleetUsage', `/fleet/usage?from=${FLEET_FROM}&to=${FLEET_TO}`, {
      headers: { Authorization: `Bearer ${viewer}` },
    }),
    sample('listSwitchCandidates', '/fleet/switch-candidates?minAnnualSaving=0', {
      headers: operator,
    }),
    sample('listSwitchCandidates', '/fleet/switch-candidates?minAnnualSaving=-1', {
      headers: operator,
    }),
    sample('listSwitchCandidates', '/fleet/switch-candidates', { headers: { Authorization: '' } }),
    sample(
      'putAccounts',
      '/accounts',
      json(
        'PUT',
        [{ smartMeterId: bare, pricePlanId: 'price-plan-1' }, { smartMeterId: bare }],
        operator,
      ),
    ),
    sample('putAccounts', '/accounts', {
      method: 'PUT',
      headers: { ...operator, 'Content-Type': 'text/csv' },
      body: `smartMeterId,pricePlanId\n${bare},price-plan-2\n`,
    }),
    sample('putAccounts', '/accounts', json('PUT', { rows: [] }, operator)),
    sample('putAccounts', '/accounts', json('PUT', '[', operator)),
    sample('putAccounts', '/accounts', { method: 'PUT', headers: operator, body: '[]' }),
    sample('putAccounts', '/accounts', json('PUT', [])),
  ];
}

/** The body as its media type reads: JSON parsed, anything else as text. */
async function bodyOf(response: Response, mediaType: string): Promise<unknown> {
  const text = await response.text();
  return /json$/.test(mediaType) ? JSON.parse(text) : text;
}

describe('every operation of the OpenAPI document', () => {
  let document: OpenApiDocument;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  beforeAll(async () => {
    document = (await (await request('/openapi.json')).json()) as OpenApiDocument;
  });

  function operationById(operationId: string): Operation | undefined {
    return Object.values(document.paths)
      .flatMap((item) => Object.values(item))
      .find((operation) => operation.operationId === operationId);
  }

  it('answers as its documented schemas say, for good and bad requests alike', async () => {
    const all = await samples();
    const operationIds = Object.values(document.paths).flatMap((item) =>
      Object.values(item).map((operation) => operation.operationId),
    );
    // A new operation needs its sample requests here: the test names what lacks one.
    expect(operationIds.filter((id) => !all.some((s) => s.operationId === id))).toEqual([]);
    for (const { operationId, path, init } of all) {
      const response = await request(path, init);
      const what = `${operationId} ${init?.method ?? 'GET'} ${path.slice(0, 80)} → ${response.status}`;
      const documented = operationById(operationId)?.responses[String(response.status)];
      expect(documented, `${what}: status not documented`).toBeDefined();
      const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
      if (response.status === 204 || response.status === 303) {
        expect(documented?.content, what).toBeUndefined();
        continue;
      }
      const media = documented?.content?.[mediaType];
      expect(media, `${what}: ${mediaType} not documented`).toBeDefined();
      const validate = ajv.compile({ ...media?.schema, components: document.components });
      const valid = validate(await bodyOf(response, mediaType));
      expect(validate.errors ?? [], what).toEqual([]);
      expect(valid, what).toBe(true);
    }
  });
});
