import { describe, expect, it } from 'vitest';
import { eventually, fleetUsage } from '../fleet-requests';
import { answerTo, newMeterId, postReadings } from '../helpers';

const DAY = 86_400;

describe('a stored batch that moves thousands of long gaps at once', () => {
  // A reading every nine days from 1970: 2,200 readings, 2,199 gaps of eight whole days, and
  // 100,000 half hours: more than one queue message, one send, or one bound D1 string may hold.
  const readings = Array.from({ length: 2200 }, (_, i) => ({
    time: DAY / 2 + i * 9 * DAY,
    reading: 1 + (i % 5) / 4,
  }));
  const first = readings[0]?.time ?? 0;
  const last = readings.at(-1)?.time ?? 0;

  it('is stored, and reaches the fleet totals whole', { timeout: 120_000 }, async () => {
    const smartMeterId = newMeterId();

    const stored = await postReadings(smartMeterId, readings);

    expect(stored.status).toBe(200);
    const { body } = await answerTo<{ kwh: number }>(`/meters/${smartMeterId}/comparison`);
    // Whole UTC days from the first reading's day to the day after the last.
    const from = Math.floor(first / DAY) * DAY;
    const to = (Math.floor(last / DAY) + 1) * DAY;
    const total = (days: { importKwh: number }[]) =>
      days.reduce((sum, day) => sum + day.importKwh, 0);
    const days = await eventually(
      () => fleetUsage(from, to, 'day'),
      (read) => Math.abs(total(read) - body.kwh) <= 1e-9 * body.kwh,
      90_000,
    );
    expect(total(days)).toBeCloseTo(body.kwh, 6);
  });
});
