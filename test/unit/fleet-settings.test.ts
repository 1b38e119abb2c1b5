import { describe, expect, it } from 'vitest';
import { fleetFlushSeconds } from '../../src/config/fleet-settings';

describe('FLEET_FLUSH_SECONDS', () => {
  it('is six hours when unset or empty', () => {
    expect(fleetFlushSeconds({})).toBe(21_600);
    expect(fleetFlushSeconds({ FLEET_FLUSH_SECONDS: ' ' })).toBe(21_600);
  });

  it('takes whole seconds from 0 (every batch at once) to a day', () => {
    expect(fleetFlushSeconds({ FLEET_FLUSH_SECONDS: '0' })).toBe(0);
    expect(fleetFlushSeconds({ FLEET_FLUSH_SECONDS: '3600' })).toBe(3600);
    expect(fleetFlushSeconds({ FLEET_FLUSH_SECONDS: '86400' })).toBe(86_400);
  });

  it('refuses anything else, naming the variable, so a bad deploy fails at start', () => {
    for (const text of ['-1', '86401', '1.5', 'hourly', '1e3x']) {
      expect(() => fleetFlushSeconds({ FLEET_FLUSH_SECONDS: text })).toThrow(/FLEET_FLUSH_SECONDS/);
    }
  });
});
