import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { agileRates } from '../../scripts/demo-agile-rates';
import { DEMO_HOUSEHOLDS, demoYear } from '../../scripts/demo-households';
import { DEMO_PLANS } from '../../scripts/demo-plans';
import { demoUploads } from '../../scripts/demo-uploads';
import { isoWithOffset, octopusCsv } from '../../scripts/octopus-csv';
import { readIntervalsCsv } from '../../src/http/intervals-csv';
import { IntervalsInputSchema } from '../../src/schemas/intervals';
import { RatesInputSchema } from '../../src/schemas/rates';
import { ReadingsInputSchema } from '../../src/schemas/readings';
import { PlanInputSchema } from '../../src/schemas/tariffs';

const HALF_HOUR = 1800;
const MAX_BULK_BYTES = 4 * 1024 * 1024;
// A day before the server clock: every demo time is then in the past, as the API requires.
const NOW = Math.floor(Date.now() / 1000) - 86_400;
const YEAR = demoYear(NOW);
const at = (iso: string) => Date.parse(iso) / 1000;
// Building and checking a year of every household takes seconds on a busy machine.
const A_YEAR_OF_DATA = { timeout: 60_000 };

describe('Octopus-style CSV', () => {
  it.each([
    ['2026-03-29T00:30:00Z', 'Europe/London', '2026-03-29T00:30:00+00:00'],
    // The clock goes forward at 01:00 UTC: the next half hour is 02:00 local.
    ['2026-03-29T01:00:00Z', 'Europe/London', '2026-03-29T02:00:00+01:00'],
    ['2026-10-25T00:30:00Z', 'Europe/London', '2026-10-25T01:30:00+01:00'],
    // And back at 01:00 UTC: 01:00 local comes twice, once in each offset.
    ['2026-10-25T01:00:00Z', 'Europe/London', '2026-10-25T01:00:00+00:00'],
    ['2026-01-15T12:00:00Z', 'Asia/Kolkata', '2026-01-15T17:30:00+05:30'],
    ['2026-01-15T03:00:00Z', 'America/New_York', '2026-01-14T22:00:00-05:00'],
  ])('writes %s in %s as %s', (utc, timeZone, local) => {
    expect(isoWithOffset(at(utc), timeZone)).toBe(local);
  });

  it("reads back through the API's CSV reader as the same intervals, across a clock change", () => {
    const start = at('2026-10-24T23:00:00Z');
    const intervals = Array.from({ length: 6 }, (_, i) => ({
      start: start + i * HALF_HOUR,
      end: start + (i + 1) * HALF_HOUR,
      kwh: 0.1234 + i,
    }));
    const csv = octopusCsv(intervals, 'Europe/London');
    expect(csv.split('\n').slice(0, 2)).toEqual([
      'Consumption (kWh), Start, End',
      '0.123, 2026-10-25T00:00:00+01:00, 2026-10-25T00:30:00+01:00',
    ]);

    const read = readIntervalsCsv(csv);
    if ('problem' in read) throw new Error(read.problem);
    const parsed = v.parse(IntervalsInputSchema, { intervals: read.rows });
    expect(parsed.intervals).toEqual(
      intervals.map(({ start, end, kwh }) => ({ start, end, kwh: Number(kwh.toFixed(3)) })),
    );
  });
});

describe('the demo households', () => {
  it('are on plans the API accepts, each household on one of them', () => {
    for (const { plan } of DEMO_PLANS)
      expect(v.safeParse(PlanInputSchema, plan).issues).toBeUndefined();
    const planIds = DEMO_PLANS.map(({ pricePlanId }) => pricePlanId);
    for (const household of DEMO_HOUSEHOLDS) expect(planIds).toContain(household.plan.pricePlanId);
    expect(new Set(DEMO_HOUSEHOLDS.map(({ plan }) => plan.pricePlanId)).size).toBe(4);
  });

  it('send a year in requests the API accepts, within its limits', A_YEAR_OF_DATA, () => {
    for (const household of DEMO_HOUSEHOLDS) {
      const uploads = demoUploads(household, YEAR.from, YEAR.to);
      let importKwh = 0;
      for (const upload of uploads) {
        expect(new TextEncoder().encode(upload.body).length).toBeLessThanOrEqual(MAX_BULK_BYTES);
        if (upload.path === '/readings/store') {
          const input = v.parse(ReadingsInputSchema, JSON.parse(upload.body));
          expect(input.smartMeterId).toBe(household.smartMeterId);
          continue;
        }
        expect(upload.path.startsWith(`/meters/${household.smartMeterId}/intervals`)).toBe(true);
        const body =
          upload.contentType === 'text/csv'
            ? readIntervalsCsv(upload.body)
            : { rows: JSON.parse(upload.body).intervals };
        if ('problem' in body) throw new Error(body.problem);
        const { intervals } = v.parse(IntervalsInputSchema, { intervals: body.rows });
        // A whole year of half hours, end to end.
        expect(intervals).toHaveLength(365 * 48);
        expect(intervals[0]?.start).toBe(YEAR.from);
        expect(intervals.at(-1)?.end).toBe(YEAR.to);
        if (!upload.path.endsWith('export')) importKwh += intervals.reduce((s, i) => s + i.kwh, 0);
      }
      if (household.source !== 'readings') {
        // A British home uses 2,000 to 7,000 kWh a year (more with an electric car).
        expect(importKwh).toBeGreaterThan(2000);
        expect(importKwh).toBeLessThan(7000);
      }
    }
  });

  it(
    "give the solar household's export in its CSV download, most of it in summer",
    A_YEAR_OF_DATA,
    () => {
      const solar = DEMO_HOUSEHOLDS.find(({ source }) => source === 'octopus-csv');
      if (!solar) throw new Error('no solar household');
      const [, exportUpload] = demoUploads(solar, YEAR.from, YEAR.to);
      expect(exportUpload?.path).toBe('/meters/demo-solar/intervals?channel=export');
      const read = readIntervalsCsv(exportUpload?.body ?? '');
      if ('problem' in read) throw new Error(read.problem);
      const { intervals } = v.parse(IntervalsInputSchema, { intervals: read.rows });
      const monthKwh = (month: number) =>
        intervals
          .filter(({ start }) => new Date(start * 1000).getUTCMonth() === month)
          .reduce((sum, { kwh }) => sum + kwh, 0);
      expect(monthKwh(5)).toBeGreaterThan(5 * monthKwh(11));
      expect(monthKwh(5)).toBeGreaterThan(50);
    },
  );
});

describe("the dynamic plan's demo rates", () => {
  const rates = agileRates(YEAR.from, YEAR.to + 2 * 86_400);

  it('are publishable: half hours end to end, in requests of at most 50,000', () => {
    expect(v.safeParse(RatesInputSchema, { rates: rates.slice(0, 50_000) }).issues).toBeUndefined();
    for (const [i, rate] of rates.entries()) {
      expect(rate.end - rate.start).toBe(HALF_HOUR);
      if (i > 0) expect(rate.start).toBe(rates[i - 1]?.end);
    }
  });

  it('look like an agile tariff: about 20p on average, dear from 16:00 to 19:00 London time, below zero on a few windy nights', () => {
    const mean = (list: readonly { unitRatePerKwh: number }[]) =>
      list.reduce((sum, { unitRatePerKwh }) => sum + unitRatePerKwh, 0) / list.length;
    const londonHour = ({ start }: { start: number }) =>
      Number(isoWithOffset(start, 'Europe/London').slice(11, 13));
    const peak = rates.filter((rate) => londonHour(rate) >= 16 && londonHour(rate) < 19);
    const night = rates.filter((rate) => londonHour(rate) < 4);
    const negative = rates.filter(({ unitRatePerKwh }) => unitRatePerKwh < 0);

    expect(mean(rates)).toBeGreaterThan(0.15);
    expect(mean(rates)).toBeLessThan(0.25);
    expect(mean(peak)).toBeGreaterThan(2 * mean(night));
    expect(negative.length).toBeGreaterThan(0);
    expect(negative.length).toBeLessThan(rates.length / 20);
    expect(agileRates(YEAR.from, YEAR.from + 86_400)).toEqual(rates.slice(0, 48));
  });
});
