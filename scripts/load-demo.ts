/**
 * Loads the demo week through the public API into the trial meters that have no readings yet, so
 * a restart of `npm run dev` never overwrites what a user stored at demo times.
 */
import { DEMO_END_TIME, demoReadings } from './demo-readings.ts';

/** What became of each meter: loaded with the demo week, or left alone because it had readings. */
export interface DemoLoad {
  readonly loaded: string[];
  readonly keptAsTheyWere: string[];
}

/** `Authorization` headers for a meter's requests; empty when tokens are off. */
export type AuthorizationFor = (smartMeterId: string) => Promise<Record<string, string>>;

async function hasReadings(
  origin: string,
  smartMeterId: string,
  authorization: Record<string, string>,
): Promise<boolean> {
  // HEAD answers like GET without the body: 404 when the meter holds no readings.
  const response = await fetch(`${origin}/readings/read/${smartMeterId}`, {
    method: 'HEAD',
    headers: authorization,
  });
  if (response.status === 404) return false;
  if (response.ok) return true;
  throw new Error(`reading ${smartMeterId}: HTTP ${response.status}`);
}

/** Posts the demo week of each meter (by its index in `meterIds`) that holds no readings. */
export async function loadDemoReadings(
  origin: string,
  meterIds: readonly string[],
  authorizationFor: AuthorizationFor,
): Promise<DemoLoad> {
  const result: DemoLoad = { loaded: [], keptAsTheyWere: [] };
  for (const [meterIndex, smartMeterId] of meterIds.entries()) {
    const authorization = await authorizationFor(smartMeterId);
    if (await hasReadings(origin, smartMeterId, authorization)) {
      result.keptAsTheyWere.push(smartMeterId);
      continue;
    }
    const electricityReadings = demoReadings(meterIndex, DEMO_END_TIME);
    const response = await fetch(`${origin}/readings/store`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authorization },
      body: JSON.stringify({ smartMeterId, electricityReadings }),
    });
    if (!response.ok) throw new Error(`demo readings for ${smartMeterId}: HTTP ${response.status}`);
    result.loaded.push(smartMeterId);
  }
  return result;
}
