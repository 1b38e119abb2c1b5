import { env } from 'cloudflare:workers';
import { secondsSetting } from './tariff-settings';

/**
 * How long a meter may hold back what its appended data adds to the fleet's totals
 * (FLEET_FLUSH_SECONDS, 0 to 86,400, default 21,600: six hours). A message per stored batch costs
 * a meter posting every 15 minutes more a year in queue operations and D1 rows than all the rest of
 * it; one message per few hours carries the same change for a twentieth of that. 0 sends every
 * stored batch at once.
 */
export const DEFAULT_FLEET_FLUSH_SECONDS = 21_600;
export const MAX_FLEET_FLUSH_SECONDS = 86_400;

export function fleetFlushSeconds(bindings: { FLEET_FLUSH_SECONDS?: string }): number {
  return secondsSetting('FLEET_FLUSH_SECONDS', bindings.FLEET_FLUSH_SECONDS, {
    fallback: DEFAULT_FLEET_FLUSH_SECONDS,
    min: 0,
    max: MAX_FLEET_FLUSH_SECONDS,
  });
}

// Checked when the Worker starts, so that a bad value fails the deploy, never a request.
fleetFlushSeconds(env as { FLEET_FLUSH_SECONDS?: string });
