import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { CatalogueStore } from '../../src/catalogue/catalogue-store';
import { answerTo, newMeterId, postReadings } from '../helpers';
import { newPlanId, putPlan, switchPlan } from '../operator-requests';

// This project runs with TARIFF_REFRESH_SECONDS = 2 (vitest.config.ts).
const REFRESH_SECONDS = 2;

describe('a change of the catalogue made elsewhere', () => {
  it('shows in a meter’s answers within TARIFF_REFRESH_SECONDS, and stays', async () => {
    const planId = newPlanId();
    await putPlan(planId, { supplier: 'Refresh Test', versions: [{ unitRatePerKwh: 1 }] });
    const id = newMeterId();
    // 2 kWh: 2 kW for an hour.
    const readings = [
      { time: 1714521600, reading: 2 },
      { time: 1714525200, reading: 2 },
    ];
    expect((await postReadings(id, readings)).status).toBe(200);
    await switchPlan(id, planId, 0);
    const costNow = async () =>
      (await answerTo<{ currentCost: number }>(`/meters/${id}/comparison`)).body.currentCost;
    expect(await costNow()).toBe(2);

    // As another isolate publishes it: straight into D1, this isolate's catalogue not told.
    const changedAt = Date.now();
    await new CatalogueStore(env.DB).putPlan(
      { id: planId, supplier: 'Refresh Test', versions: [{ ...version(), unitRatePerKwh: 3 }] },
      { from: null },
    );
    let seenAt: number | undefined;
    while (Date.now() - changedAt < (REFRESH_SECONDS + 3) * 1000) {
      if ((await costNow()) === 6) {
        seenAt ??= Date.now();
      } else {
        expect(seenAt, 'the new price, once shown, stays').toBeUndefined();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    expect(seenAt).toBeDefined();
    // The isolate asks D1 at most every REFRESH_SECONDS; allow a second for the machine.
    expect((seenAt ?? Number.POSITIVE_INFINITY) - changedAt).toBeLessThanOrEqual(
      (REFRESH_SECONDS + 1) * 1000,
    );
  }, 20_000);
});

/** A version's rules with every field, as the catalogue stores it. */
function version() {
  return {
    validFrom: null,
    unitRatePerKwh: 1,
    timeZone: 'UTC',
    standingChargePerDay: 0,
    timeOfUseRates: [],
    peakTimeMultipliers: [],
    vatRate: 0,
    exportRatePerKwh: 0,
    exportTimeOfUseRates: [],
  };
}
