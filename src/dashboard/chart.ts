/**
 * The geometry of the page's bar chart, from figures alone. Bars are drawn in a plot whose user
 * units are slots across and percent down (stretched to any width); axis labels are placed in
 * percent of the plot, so their text keeps its CSS size on a 360 px phone and a wide screen alike.
 * Pure: the view draws it as SVG (chart-svg.ts), and hono/html escapes its text.
 */

/** One slot of the period (a half hour, a day or a month) and its values; `null` without data. */
export interface ChartSlot {
  /** One value per series (e.g. used and exported); `null` where the slot has no data. */
  readonly values: readonly number[] | null;
  /** The slot's label on the x axis, when it has one. */
  readonly tick?: { readonly label: string; readonly minor: boolean } | undefined;
  /** What the slot's bars say of themselves (their tooltips), one per series. */
  readonly titles: readonly string[];
}

export interface ChartBar {
  readonly series: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly title: string;
}

export interface Chart {
  /** Slots across: the plot's width in user units (its height is 100). */
  readonly slots: number;
  readonly bars: ChartBar[];
  /** Slots without data, drawn as gaps (not as zeros). */
  readonly gaps: { readonly x: number }[];
  /** Where the value 0 is, in percent from the top. */
  readonly zeroY: number;
  /** Gridlines, in percent from the top, with their labels. */
  readonly yTicks: { readonly y: number; readonly label: string }[];
  /** Labels under slots, in percent from the left; minor ones give way on narrow screens. */
  readonly xTicks: { readonly x: number; readonly label: string; readonly minor: boolean }[];
}

const BAR_FILL = 0.78;
// A bar that rounds to nothing still shows that the slot holds data.
const MIN_BAR_HEIGHT = 0.4;

/** Coordinates to a hundredth of a unit: finer than a pixel, and a shorter page. */
const round = (value: number) => Math.round(value * 100) / 100;

/** The smallest 1, 2, 2.5 or 5 × 10^k at or above a value: a round end for the axis. */
export function roundAxisTop(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((multiple) => multiple * power >= value) ?? 10;
  return step * power;
}

/** The axis' range: from 0 (or a round negative end) to a round top. */
function axisRange(slots: readonly ChartSlot[]): { top: number; bottom: number } {
  const values = slots.flatMap((slot) => slot.values ?? []);
  const highest = Math.max(0, ...values);
  const lowest = Math.min(0, ...values);
  const top = highest > 0 || lowest === 0 ? roundAxisTop(highest) : 0;
  const bottom = lowest < 0 ? -roundAxisTop(-lowest) : 0;
  return { top, bottom };
}

/** Bars scaled to a round axis, gridlines at quarters of it, and the slots' ticks underneath. */
export function barChart(slots: readonly ChartSlot[], unitLabel: (value: number) => string): Chart {
  const { top, bottom } = axisRange(slots);
  const yOf = (value: number) => round(((top - value) / (top - bottom)) * 100);
  const zeroY = yOf(0);
  const bars: ChartBar[] = [];
  const gaps: Chart['gaps'] = [];
  const xTicks: Chart['xTicks'] = [];
  slots.forEach((slot, index) => {
    if (slot.tick !== undefined) {
      xTicks.push({ x: round(((index + 0.5) / slots.length) * 100), ...slot.tick });
    }
    if (slot.values === null) {
      gaps.push({ x: index });
      return;
    }
    const width = BAR_FILL / slot.values.length;
    slot.values.forEach((value, series) => {
      const y = yOf(Math.max(0, value));
      const height = Math.max(MIN_BAR_HEIGHT, Math.abs(yOf(value) - zeroY));
      bars.push({
        series,
        x: round(index + (1 - BAR_FILL) / 2 + series * width),
        y: value < 0 ? zeroY : Math.min(y, zeroY - MIN_BAR_HEIGHT),
        width: round(width),
        height: round(height),
        title: slot.titles[series] ?? '',
      });
    });
  });
  const range = top - bottom;
  const steps = [0, 0.25, 0.5, 0.75, 1].map((share) => bottom + share * range);
  const yTicks = steps.map((value) => ({ y: yOf(value), label: unitLabel(value) }));
  return { slots: slots.length, bars, gaps, zeroY, yTicks, xTicks };
}
