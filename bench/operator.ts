/** What the operator does through the public API: plans, published rates and accounts. */
import type { PublishedRate } from './dynamic-rates.ts';
import { operatorAuthorizationHeader } from './tokens.ts';

/** Sends a JSON body as the operator; returns the request's time (ms), failing on an error status. */
async function sendAsOperator(
  origin: string,
  method: 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...operatorAuthorizationHeader() },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return ms;
}

/** `PUT /price-plans/{id}/rates`: the request's time in ms. */
export function publishRates(
  origin: string,
  pricePlanId: string,
  channel: 'import' | 'export',
  rates: readonly PublishedRate[],
): Promise<number> {
  return sendAsOperator(origin, 'PUT', `/price-plans/${pricePlanId}/rates`, { channel, rates });
}

/** `PUT /price-plans/{id}`: creates or replaces a plan. */
export function putPlan(
  origin: string,
  pricePlanId: string,
  plan: { supplier: string; versions: readonly object[] },
): Promise<number> {
  return sendAsOperator(origin, 'PUT', `/price-plans/${pricePlanId}`, plan);
}

/** `DELETE /price-plans/{id}`: the catalogue stops offering it. */
export function deletePlan(origin: string, pricePlanId: string): Promise<number> {
  return sendAsOperator(origin, 'DELETE', `/price-plans/${pricePlanId}`);
}

/** `PUT /meters/{id}/account`: puts a meter on a plan. */
export function putAccount(origin: string, smartMeterId: string, pricePlanId: string) {
  return sendAsOperator(origin, 'PUT', `/meters/${smartMeterId}/account`, { pricePlanId });
}

/** The plan on a meter's account now, or `null` when it has none. */
export async function accountPlanOf(origin: string, smartMeterId: string): Promise<string | null> {
  const response = await fetch(`${origin}/meters/${smartMeterId}/account`, {
    headers: operatorAuthorizationHeader(),
  });
  if (response.status === 404) {
    await response.arrayBuffer();
    return null;
  }
  if (!response.ok) throw new Error(`GET /meters/${smartMeterId}/account: HTTP ${response.status}`);
  return ((await response.json()) as { pricePlanId: string | null }).pricePlanId;
}
