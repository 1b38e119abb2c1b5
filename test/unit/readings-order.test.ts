import { describe, expect, it } from 'vitest';
import { isInTimeOrder } from '../../src/meter/readings-table';

const jsonElement = (time: number) => `{"time":${time},"reading":0.25}`;
const csvLine = (time: number) =>
  `${new Date(time * 1000).toISOString().slice(0, 19)}Z,${time},0.25\n`;

describe('isInTimeOrder', () => {
  it.each([
    ['no readings', [], true],
    ['one reading', [0], true],
    ['ascending times', [0, 60, 1606636800, 1606636860], true],
    ['a repeated time', [60, 60], false],
    ['a time before the one ahead of it', [1606636860, 1606636800], false],
    ['a shorter, later-looking number', [1000, 999], false],
  ])('says %s is %s, in JSON and in CSV', (_name, times, expected) => {
    expect(isInTimeOrder(times.map(jsonElement).join(','), '"time":')).toBe(expected);
    expect(isInTimeOrder(times.map(csvLine).join(''), 'Z,')).toBe(expected);
  });
});
