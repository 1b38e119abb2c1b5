import { operatorToken } from '../src/auth/token';
import { request, TEST_TOKEN_KEY } from './helpers';

/** An Authorization header with the operator's token. */
export async function operatorHeader(): Promise<Record<string, string>> {
  return { Authorization: `Bearer ${await operatorToken(TEST_TOKEN_KEY)}` };
}

/** A request with the operator's token and a JSON body. */
export async function asOperator(path: string, method: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${await operatorToken(TEST_TOKEN_KEY)}`,
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A plan id no other test uses. */
export function newPlanId(): string {
  return `test-plan-${crypto.randomUUID().slice(0, 8)}`;
}

/** Puts a plan into the catalogue; throws unless it is accepted. */
export async function putPlan(
  pricePlanId: string,
  plan: { supplier: string; versions: unknown[] },
): Promise<void> {
  const response = await asOperator(`/price-plans/${pricePlanId}`, 'PUT', plan);
  if (response.status !== 200) {
    throw new Error(`plan ${pricePlanId} refused: ${response.status} ${await response.text()}`);
  }
}

/** Publishes rates of a plan; throws unless they are accepted. */
export async function publishRates(
  pricePlanId: string,
  rates: { start: number | string; end: number | string; unitRatePerKwh: number }[],
  channel: 'import' | 'export' = 'import',
): Promise<void> {
  const response = await asOperator(`/price-plans/${pricePlanId}/rates`, 'PUT', {
    channel,
    rates,
  });
  if (response.status !== 200) {
    throw new Error(`rates of ${pricePlanId} refused: ${response.status} ${await response.text()}`);
  }
}

/** Switches a meter's account onto a plan from an instant; throws unless accepted. */
export async function switchPlan(smartMeterId: string, pricePlanId: string, from: number) {
  const response = await asOperator(`/meters/${smartMeterId}/account`, 'PUT', {
    pricePlanId,
    from,
  });
  if (response.status !== 200) {
    throw new Error(`switch refused: ${response.status} ${await response.text()}`);
  }
}
