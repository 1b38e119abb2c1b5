import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { operatorToken } from '../../src/auth/token';
import { newMeterId, postReadings, request, TEST_TOKEN_KEY } from '../helpers';
import { expectWellFormed } from '../support/well-formed';

// The Worker of wrangler.toml's `minimal` environment: every optional variable and binding
// unset. Each documented operation must still answer as it does with them set.

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

const OPTIONAL_VARIABLES = [
  'CORS_ORIGINS',
  'PRICE_PLANS',
  'METER_JURISDICTION',
  'AUTH_DISABLED',
  'METER_TOKEN_KEY_PREVIOUS',
  'STORE_RATE_LIMITER',
  'AUTH_FAILURE_RATE_LIMITER',
];

describe('a Worker without any optional config', () => {
  it('runs with none of the optional variables and bindings set', () => {
    const bindings: Record<string, unknown> = { ...env };
    for (const name of OPTIONAL_VARIABLES) expect(bindings[name], name).toBeUndefined();
  });

  it('answers every documented operation without a 5xx, as an operator and with no token', async () => {
    const smartMeterId = newMeterId();
    expect(
      (
        await postReadings(smartMeterId, [
          { time: 1606636800, reading: 1 },
          { time: 1606640400, reading: 2 },
        ])
      ).status,
    ).toBe(200);
    const document = (await (await request('/openapi.json')).json()) as OpenApiDocument;
    const operator = { Authorization: `Bearer ${await operatorToken(TEST_TOKEN_KEY)}` };
    for (const [template, item] of Object.entries(document.paths)) {
      const path = template.replace('{smartMeterId}', smartMeterId);
      for (const method of Object.keys(item).map((name) => name.toUpperCase())) {
        for (const headers of [operator, { Authorization: '' }]) {
          const response = await request(path, {
            method,
            headers: {
              ...headers,
              'Content-Type': 'application/json',
              Origin: 'https://app.example.com',
            },
            ...(method !== 'GET' && method !== 'DELETE' && { body: '{}' }),
          });
          await expectWellFormed(response, method, `${method} ${template}`);
        }
      }
    }
  });

  it('serves a meter as configured: tokens on, the reference plans, no CORS, no jurisdiction', async () => {
    const smartMeterId = newMeterId();
    expect((await postReadings(smartMeterId, [{ time: 1606636800, reading: 1 }])).status).toBe(200);
    const read = await request(`/readings/read/${smartMeterId}`, {
      headers: { Origin: 'https://app.example.com' },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    expect(
      (await request(`/readings/read/${smartMeterId}`, { headers: { Authorization: '' } })).status,
    ).toBe(401);
    const plans = (await (await request('/price-plans')).json()) as { pricePlanId: string }[];
    expect(plans.map((plan) => plan.pricePlanId)).toEqual([
      'price-plan-0',
      'price-plan-1',
      'price-plan-2',
    ]);
  });
});
