import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { PRICE_PLANS } from '../../src/config/price-plans';
import { priceUsage } from '../../src/energy/cost';
import { DAYS_OF_WEEK, type PricePlan, PricePlanSchema } from '../../src/energy/price-plan';
import type { Reading, TimeWindow } from '../../src/energy/types';
import { windowsEnergy } from '../../src/energy/window-energy';
import { AggregateTables } from '../../src/meter/aggregate-tables';
import { MeterEnergy } from '../../src/meter/meter-energy';
import { ReadingsTable } from '../../src/meter/readings-table';
import { type MeterTables, storeBatch } from '../../src/meter/store-batch';
import { syncTariffSeries } from '../../src/meter/tariff-series';
import { TariffTables } from '../../src/meter/tariff-tables';
import { newMeterId, postReadings, request } from '../helpers';
import { type DirectPrice, directPrice } from '../support/direct-pricing';

const DAY = 86_400;
// London springs forward on 31 March 2024; Lord Howe Island and the Chatham Islands fall back on 7 April.
const START = Date.parse('2024-03-30T00:00:00Z') / 1000;
const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
];

const quarterHourText = (quarterHour: number) =>
  `${String(Math.floor(quarterHour / 4)).padStart(2, '0')}:${String((quarterHour % 4) * 15).padStart(2, '0')}`;

/**
 * Bands between sorted distinct quarter hours of the day, some only on some days. Paired from the
 * second cut on, the last band runs from the last cut past midnight to the first (`to` before
 * `from`), as an overnight tariff's does.
 */
const bandsArb = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 0, max: 95 }), { minLength: 0, maxLength: 6 }),
    fc.boolean(),
  )
  .chain(([cuts, acrossMidnight]) => {
    const sorted = [...cuts].sort((a, b) => a - b).slice(0, cuts.length - (cuts.length % 2));
    const ends = acrossMidnight ? [...sorted.slice(1), ...sorted.slice(0, 1)] : sorted;
    const pairs: [number, number][] = [];
    for (let i = 0; i + 1 < ends.length; i += 2) pairs.push([ends[i] ?? 0, ends[i + 1] ?? 0]);
    return fc.tuple(
      ...pairs.map(([from, to]) =>
        fc.record({
          from: fc.constant(quarterHourText(from)),
          to: fc.constant(quarterHourText(to)),
          unitRatePerKwh: fc.double({ min: 0, max: 1, noNaN: true }),
          days: fc.option(fc.subarray([...DAYS_OF_WEEK], { minLength: 1 }), { nil: undefined }),
        }),
      ),
    );
  })
  .map((bands) =>
    bands.map(({ days, ...band }) => (days === undefined ? band : { ...band, days })),
  );

const planArb = (id: string) =>
  fc
    .record({
      timeZone: fc.constantFrom(...ZONES),
      unitRatePerKwh: fc.double({ min: 0, max: 1, noNaN: true }),
      standingChargePerDay: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
      timeOfUseRates: bandsArb,
      peakTimeMultipliers: fc.subarray([...DAYS_OF_WEEK]).chain((days) =>
        fc.tuple(
          ...days.map((dayOfWeek) =>
            fc.record({
              dayOfWeek: fc.constant(dayOfWeek),
              multiplier: fc.double({ min: 0, max: 3, noNaN: true }),
            }),
          ),
        ),
      ),
    })
    .map((rules) => v.safeParse(PricePlanSchema, { id, supplier: 'Random Supplier', ...rules }))
    .filter((result) => result.success)
    .map((result) => result.output as PricePlan);

const plansArb = fc.tuple(planArb('random-a'), planArb('random-b'), planArb('random-c'));

describe('the plan generator', () => {
  it('gives bands across midnight, and plans the schema accepts', () => {
    const bands = fc
      .sample(planArb('sampled'), 200)
      .flatMap((plan) => plan.timeOfUseRates.map((band) => [band.from, band.to]));
    expect(bands.some(([from = '', to = '']) => to < from)).toBe(true);
    expect(bands.some(([from = '', to = '']) => from < to)).toBe(true);
  });
});

const timeArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: START, max: START + 3 * DAY }) },
  { weight: 2, arbitrary: fc.integer({ min: START - 6 * DAY, max: START + 9 * DAY }) },
);
const readingArb = fc.record({
  time: timeArb,
  reading: fc.double({ min: 0, max: 50, noNaN: true }),
});
// Several requests, in any order, with repeated times within and across them.
const batchesArb = fc.array(fc.array(readingArb, { minLength: 1, maxLength: 30 }), {
  minLength: 1,
  maxLength: 4,
});
const windowArb = fc
  .tuple(
    fc.option(fc.integer({ min: START - 7 * DAY, max: START + 10 * DAY }), { nil: undefined }),
    fc.option(fc.integer({ min: START - 7 * DAY, max: START + 10 * DAY }), { nil: undefined }),
  )
  .filter(([from, to]) => from === undefined || to === undefined || from < to)
  .map(([from, to]): TimeWindow => ({ from, to }));

function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), what).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected)),
  );
}

function expectPricesAgree(actual: ReturnType<typeof priceUsage>, direct: DirectPrice): void {
  expect([actual.from, actual.to]).toEqual([direct.from, direct.to]);
  expectClose(actual.kwh, direct.kwh, 'kWh');
  for (const [i, plan] of actual.plans.entries()) {
    const expected = direct.plans[i];
    expectClose(plan.energyCost, expected?.energyCost ?? Number.NaN, `${plan.pricePlanId} energy`);
    expectClose(
      plan.standingCharge,
      expected?.standingCharge ?? Number.NaN,
      `${plan.pricePlanId} standing`,
    );
  }
}

/** The meter's tables over its own storage, as the Meter object builds them. */
function tablesOf(sql: SqlStorage): MeterTables {
  return {
    readings: new ReadingsTable(sql),
    aggregates: new AggregateTables(sql),
    tariffs: new TariffTables(sql),
  };
}

describe('energy aggregates', () => {
  it('price every window, plan, zone and history as the reading-by-reading reference does', async () => {
    await fc.assert(
      fc.asyncProperty(
        plansArb,
        batchesArb,
        fc.array(windowArb, { minLength: 1, maxLength: 3 }),
        fc.nat(),
        async (plans, batches, windows, split) => {
          const smartMeterId = newMeterId();
          // Some batches go in through the API before the plans are known (their series are then
          // filled from the stored buckets), the rest after, through the store path with the series.
          const before = batches.slice(0, split % (batches.length + 1));
          const after = batches.slice(before.length);
          for (const batch of before)
            expect((await postReadings(smartMeterId, batch)).status).toBe(200);
          await runInDurableObject(env.METER.getByName(smartMeterId), (_meter, state) => {
            const tables = tablesOf(state.storage.sql);
            const rated = syncTariffSeries(state.storage, tables, plans);
            for (const batch of after)
              state.storage.transactionSync(() => storeBatch(tables, batch, rated));
            const span = tables.readings.span();
            if (span === null) throw new Error('stored readings are missing');
            const energy = new MeterEnergy(tables);
            const posted: Reading[] = batches.flat();
            for (const window of windows) {
              const aggregate = priceUsage(window, span, plans, (from, to) => {
                const [result] = windowsEnergy([[from, to]], energy, rated);
                return result ?? { kwh: 0, energyCosts: [] };
              });
              expectPricesAgree(aggregate, directPrice(posted, plans, window));
            }
          });
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('add up over adjacent windows, standing charges and bands included', async () => {
    await fc.assert(
      fc.asyncProperty(
        plansArb,
        batchesArb,
        fc.uniqueArray(fc.integer({ min: START - 2 * DAY, max: START + 5 * DAY }), {
          minLength: 3,
          maxLength: 3,
        }),
        async (plans, batches, cuts) => {
          const [a = 0, b = 0, c = 0] = [...cuts].sort((x, y) => x - y);
          const smartMeterId = newMeterId();
          for (const batch of batches)
            expect((await postReadings(smartMeterId, batch)).status).toBe(200);
          await runInDurableObject(env.METER.getByName(smartMeterId), (_meter, state) => {
            const tables = tablesOf(state.storage.sql);
            const rated = syncTariffSeries(state.storage, tables, plans);
            const span = tables.readings.span();
            if (span === null) throw new Error('stored readings are missing');
            const energy = new MeterEnergy(tables);
            const price = (from: number, to: number) =>
              priceUsage(
                { from, to },
                span,
                plans,
                (f, t) => windowsEnergy([[f, t]], energy, rated)[0] ?? { kwh: 0, energyCosts: [] },
              );
            const whole = price(a, c);
            const first = price(a, b);
            const second = price(b, c);
            expectClose(first.kwh + second.kwh, whole.kwh, 'kWh');
            whole.plans.forEach((plan, i) => {
              expectClose(
                (first.plans[i]?.cost ?? 0) + (second.plans[i]?.cost ?? 0),
                plan.cost,
                plan.pricePlanId,
              );
            });
          });
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it('price a three-year history, which sums buckets on many tree levels, as the reference does', async () => {
    const smartMeterId = newMeterId();
    // Every 11 hours for three years: short segments only, spread over ~100,000 base buckets.
    const readings = Array.from({ length: 2_400 }, (_, i) => ({
      time: START - 1_000 * DAY + i * 11 * 3600,
      reading: 0.5 + ((i * 37) % 17) / 8,
    }));
    expect((await postReadings(smartMeterId, readings)).status).toBe(200);
    const windows: TimeWindow[] = [
      {},
      { from: START - 900 * DAY + 1_234 },
      { to: START - 3 * DAY - 77 },
    ];
    for (const window of windows) {
      const query = new URLSearchParams(
        Object.entries(window).map(([key, value]) => [key, String(value)]),
      );
      const response = await request(`/price-plans/recommend/${smartMeterId}?${query}`);
      const body = (await response.json()) as Record<string, number>[];
      const byPlan = Object.assign({}, ...body) as Record<string, number>;
      for (const { pricePlanId, energyCost } of directPrice(readings, PRICE_PLANS, window).plans) {
        expectClose(byPlan[pricePlanId] ?? Number.NaN, energyCost, pricePlanId);
      }
    }
  });
});
