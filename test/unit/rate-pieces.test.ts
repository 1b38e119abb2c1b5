import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { segmentsOfReadings } from '../../src/energy/curve';
import type { PricePlan } from '../../src/energy/plan-versions';
import {
  channelPieces,
  lowestImportRate,
  NO_DYNAMIC_RATES,
  ratesBetween,
} from '../../src/energy/rate-pieces';
import { standingCharge } from '../../src/energy/standing-charge';
import { windowsSeries } from '../../src/energy/window-series';
import { configPlanSchema } from '../../src/schemas/tariffs';
import { directPriceOf } from '../support/direct-pricing';
import { memoryWindowSource } from '../support/memory-source';

const at = (iso: string) => Date.parse(iso) / 1000;

function plan(input: Record<string, unknown>): PricePlan {
  return v.parse(configPlanSchema(input), input) as PricePlan;
}

/** The series of one plan over windows of a curve of readings, through the window pricing. */
function seriesOf(
  subject: PricePlan,
  readings: { time: number; reading: number }[],
  windows: [number, number][],
  dynamic = NO_DYNAMIC_RATES,
) {
  const plans = [{ plan: subject, constant: null }];
  const source = memoryWindowSource(
    segmentsOfReadings(readings),
    [],
    plans,
    new Map([[subject.id, dynamic]]),
  );
  return windowsSeries(windows, source, plans).map((window) => window.plans[0]);
}

describe('pricing across versions, VAT and published rates', () => {
  it('prices each second of a quarter hour by the version in force, the change off the quarter hour', () => {
    const quarter = at('2024-05-01T10:00:00Z');
    const twoVersions = plan({
      id: 'rise',
      supplier: 'Test',
      versions: [{ unitRatePerKwh: 1 }, { validFrom: quarter + 300, unitRatePerKwh: 2 }],
    });
    // 1 kW for 15 minutes: 5 minutes at 1 and 10 at 2.
    const [series] = seriesOf(
      twoVersions,
      [
        { time: quarter, reading: 1 },
        { time: quarter + 900, reading: 1 },
      ],
      [[quarter, quarter + 900]],
    );
    expect(series?.energy).toBeCloseTo((5 / 60) * 1 + (10 / 60) * 2, 12);
  });

  it('adds VAT at the version’s rate to energy and standing charge', () => {
    const start = at('2024-05-01T00:00:00Z');
    const withVat = plan({
      id: 'vat',
      supplier: 'Test',
      unitRatePerKwh: 0.2,
      standingChargePerDay: 0.5,
      vatRate: 0.05,
    });
    // 2 kW for an hour: 2 kWh at 0.2 = 0.4, VAT 0.02; a whole day's standing charge 0.5 + 0.025.
    const [series] = seriesOf(
      withVat,
      [
        { time: start, reading: 2 },
        { time: start + 3600, reading: 2 },
      ],
      [[start, start + 3600]],
    );
    expect(series?.energy).toBeCloseTo(0.4, 12);
    expect(series?.vat).toBeCloseTo(0.02, 12);
    expect(standingCharge(withVat, start, start + 86_400)).toEqual({ charge: 0.525, vat: 0.025 });
  });

  it('prices published rates, negative ones too, and the version’s rules where none is published', () => {
    const start = at('2024-05-01T00:00:00Z');
    const agile = plan({ id: 'agile', supplier: 'Test', unitRatePerKwh: 0.3 });
    const dynamic = {
      import: [{ start, end: start + 1800, unitRatePerKwh: -0.1 }],
      export: [],
    };
    // 1 kW for an hour: half an hour paid 0.1 per kWh, half an hour at the unit rate.
    const [series] = seriesOf(
      agile,
      [
        { time: start, reading: 1 },
        { time: start + 3600, reading: 1 },
      ],
      [[start, start + 3600]],
      dynamic,
    );
    expect(series?.energy).toBeCloseTo(0.5 * -0.1 + 0.5 * 0.3, 12);
  });

  it('finds a day’s lowest import rate with VAT: Economy 7’s night rate', () => {
    const economy7 = plan({
      id: 'economy-7',
      supplier: 'Night Owl Energy',
      unitRatePerKwh: 0.3,
      timeZone: 'Europe/London',
      vatRate: 0.05,
      timeOfUseRates: [{ from: '00:30', to: '07:30', unitRatePerKwh: 0.1 }],
    });
    const day = at('2024-01-10T00:00:00Z');
    expect(lowestImportRate(economy7, NO_DYNAMIC_RATES, day, day + 86_400)).toBeCloseTo(0.105, 15);
  });
});

describe('clocks that change off the quarter hour', () => {
  // St John's sprang forward at 00:01 local on 14 March 2010 (03:31 UTC), from −3:30 to −2:30.
  const stJohns = plan({
    id: 'st-johns',
    supplier: 'Test',
    unitRatePerKwh: 0.3,
    timeZone: 'America/St_Johns',
    timeOfUseRates: [{ from: '00:00', to: '01:00', unitRatePerKwh: 0.1 }],
    standingChargePerDay: 1,
  });
  const readings = [
    { time: at('2010-03-14T03:30:00Z'), reading: 2 },
    { time: at('2010-03-14T03:45:00Z'), reading: 4 },
  ];
  const a = at('2010-03-14T03:30:00Z');
  const b = at('2010-03-14T03:31:00Z');
  const c = at('2010-03-14T03:45:00Z');

  it('cuts the rate where the offset changes: the parts add up to the whole', () => {
    const [whole, first, second] = seriesOf(stJohns, readings, [
      [a, c],
      [a, b],
      [b, c],
    ]);
    expect((first?.energy ?? 0) + (second?.energy ?? 0)).toBeCloseTo(whole?.energy ?? 0, 12);
  });

  it('prices the change like the reference on a minute grid', () => {
    const [whole] = seriesOf(stJohns, readings, [[a, c]]);
    const direct = directPriceOf(
      { readings },
      [stJohns],
      { from: a, to: c },
      { resolutionSeconds: 60 },
    );
    expect(whole?.energy).toBeCloseTo(direct.plans[0]?.energyCost ?? Number.NaN, 12);
    // 23:30 NST is in the band until 00:00, which became 01:01 NDT at 03:31 UTC: out of the band.
    const bandMinute = channelPieces(stJohns, NO_DYNAMIC_RATES, 'import', a, c);
    expect(bandMinute.map((piece) => [piece.start, piece.end, piece.rate])).toEqual([
      [a, b, 0.1],
      [b, c, 0.3],
    ]);
    expect(standingCharge(stJohns, a, c).charge).toBeCloseTo(
      direct.plans[0]?.standingCharge ?? Number.NaN,
      12,
    );
  });
});

describe('ratesBetween', () => {
  // Half hours from 00:00 to 03:00, rates 1 to 6.
  const rates = Array.from({ length: 6 }, (_, i) => ({
    start: i * 1800,
    end: (i + 1) * 1800,
    unitRatePerKwh: i + 1,
  }));
  const ratesOf = (from: number, to: number) =>
    ratesBetween(rates, from, to).map((rate) => rate.unitRatePerKwh);

  it('finds the rates overlapping a window, those cut by its edges included', () => {
    expect(ratesOf(2000, 5000)).toEqual([2, 3]);
    expect(ratesOf(1799, 1801)).toEqual([1, 2]);
  });

  it('leaves out a rate that ends where the window starts, or starts where it ends', () => {
    expect(ratesOf(1800, 3600)).toEqual([2]);
    expect(ratesOf(-100, 0)).toEqual([]);
    expect(ratesOf(10_800, 20_000)).toEqual([]);
  });

  it('finds none in an empty list', () => {
    expect(ratesBetween([], 0, 10_000)).toEqual([]);
  });
});
