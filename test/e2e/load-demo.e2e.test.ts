import { describe, expect, inject, it } from 'vitest';
import { DEMO_END_TIME, demoReadings } from '../../scripts/demo-readings';
import { loadDemoReadings } from '../../scripts/load-demo';
import { meterToken } from '../../src/auth/token';

const origin = inject('workerUrl').replace(/\/$/, '');

async function authorizationFor(smartMeterId: string): Promise<Record<string, string>> {
  return { Authorization: `Bearer ${await meterToken(inject('tokenKey'), smartMeterId)}` };
}

async function storedReadings(smartMeterId: string): Promise<unknown> {
  const response = await fetch(`${origin}/readings/read/${smartMeterId}`, {
    headers: await authorizationFor(smartMeterId),
  });
  return response.status === 404 ? [] : response.json();
}

describe('loading the demo week (npm run dev)', () => {
  it("leaves a meter's own readings alone, even at demo times, and fills an empty meter", async () => {
    const suffix = crypto.randomUUID();
    const used = `e2e-demo-used-${suffix}`;
    const empty = `e2e-demo-empty-${suffix}`;
    const own = [{ time: DEMO_END_TIME - 900, reading: 7.5 }];
    const stored = await fetch(`${origin}/readings/store`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(await authorizationFor(used)) },
      body: JSON.stringify({ smartMeterId: used, electricityReadings: own }),
    });
    expect(stored.status).toBe(200);

    const result = await loadDemoReadings(origin, [used, empty], authorizationFor);

    expect(result).toEqual({ loaded: [empty], keptAsTheyWere: [used] });
    expect(await storedReadings(used)).toEqual(own);
    expect(await storedReadings(empty)).toEqual(demoReadings(1, DEMO_END_TIME));
  });
});
