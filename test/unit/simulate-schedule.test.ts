import { describe, expect, it } from 'vitest';
import {
  batches,
  batchHalfHours,
  batchStartEpochSeconds,
  halfHoursPerMeter,
  readingSchedule,
} from '../../scripts/simulate-schedule';

const NOW = Date.parse('2026-11-29T20:24:31Z') / 1000;
const HALF_HOUR = 1800;

describe('the simulation schedule', () => {
  it.each([
    [60, 1],
    [60, 2.5],
    [1, 0.3],
    [900, 3],
    [1800, 1],
    [5, 1],
  ])(
    'at %s s over %s days, gives every whole half hour to exactly one batch of a meter, both edges sampled',
    (intervalSeconds, days) => {
      const schedule = readingSchedule({ intervalSeconds, days }, NOW);
      const meterBatches = [...batches(1, schedule)];
      const starts = meterBatches.flatMap((batch) => {
        const { firstStartEpochSeconds, count } = batchHalfHours(schedule, batch);
        return Array.from({ length: count }, (_, i) => firstStartEpochSeconds + i * HALF_HOUR);
      });

      // Whole half hours inside [first sample, last sample], by hand.
      const firstHalfHour = Math.ceil(schedule.firstEpochSeconds / HALF_HOUR) * HALF_HOUR;
      const expected: number[] = [];
      for (
        let start = firstHalfHour;
        start + HALF_HOUR <= schedule.lastEpochSeconds;
        start += HALF_HOUR
      ) {
        expected.push(start);
      }
      expect(starts).toEqual(expected);
      expect(halfHoursPerMeter(schedule)).toBe(expected.length);
      for (const start of starts) {
        expect((start - schedule.firstEpochSeconds) % intervalSeconds).toBe(0);
      }
      // Each half hour starts among its own batch's samples.
      for (const batch of meterBatches) {
        const { firstStartEpochSeconds, count } = batchHalfHours(schedule, batch);
        if (count === 0) continue;
        const batchStart = batchStartEpochSeconds(schedule, batch);
        expect(firstStartEpochSeconds).toBeGreaterThanOrEqual(batchStart);
        expect(firstStartEpochSeconds + (count - 1) * HALF_HOUR).toBeLessThan(
          batchStart + batch.count * intervalSeconds,
        );
      }
    },
  );
});
