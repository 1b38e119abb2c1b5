/**
 * The geometry of the page's bar chart, from figures alone: where each bar, axis tick and label
 * goes. Pure: the view draws it as SVG (chart-svg.tsx), and hono/jsx escapes its text.
 */

/** One slot of the period (a half hour or a day) and its value; `null` where there is no data. */
export interface ChartSlot {
  readonly start: number;
  readonly value: number | null;
  /** The slot's label on the x axis, when it has one. */
  readonly tick?: string | undefined;
  /** What a bar says of itself (its tooltip). */
  readonly title: string;
}

export interface ChartBar {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly title: string;
}

export interface Chart {
  readonly width: number;
  readonly height: number;
  readonly plot: {
    readonly left: number;
    readonly top: number;
    readonly right: number;
    readonly bottom: number;
  };
  readonly bars: ChartBar[];
  /** Slots without data, drawn as gaps (not as zeros). */
  readonly gaps: { readonly x: number; readonly width: number }[];
  readonly yTicks: { readonly y: number; readonly label: string }[];
  readonly xTicks: { readonly x: number; readonly label: string }[];
}

const WIDTH = 720;
const HEIGHT = 260;
const MARGIN = { left: 64, right: 12, top: 14, bottom: 34 };
const BAR_FILL = 0.78;

/** Coordinates to a tenth of a unit: finer than a pixel, and a shorter page. */
const round = (value: number) => Math.round(value * 10) / 10;

/** The smallest 1, 2, 2.5 or 5 × 10^k at or above a value: a round top for the axis. */
export function roundAxisTop(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((multiple) => multiple * power >= value) ?? 10;
  return step * power;
}

/** Bars scaled to a round axis top, four gridlines, and the slots' ticks along the bottom. */
export function barChart(slots: readonly ChartSlot[], unitLabel: (value: number) => string): Chart {
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    right: WIDTH - MARGIN.right,
    bottom: HEIGHT - MARGIN.bottom,
  };
  const top = roundAxisTop(Math.max(0, ...slots.map((slot) => slot.value ?? 0)));
  const slotWidth = (plot.right - plot.left) / Math.max(1, slots.length);
  const yOf = (value: number) => plot.bottom - (value / top) * (plot.bottom - plot.top);
  const bars: ChartBar[] = [];
  const gaps: Chart['gaps'] = [];
  const xTicks: Chart['xTicks'] = [];
  slots.forEach((slot, index) => {
    const x = plot.left + index * slotWidth;
    if (slot.tick !== undefined) xTicks.push({ x: x + slotWidth / 2, label: slot.tick });
    if (slot.value === null) {
      gaps.push({ x, width: slotWidth });
      return;
    }
    const y = yOf(slot.value);
    const width = slotWidth * BAR_FILL;
    bars.push({
      x: x + (slotWidth - width) / 2,
      y,
      width,
      height: plot.bottom - y,
      title: slot.title,
    });
  });
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((share) => ({
    y: round(yOf(top * share)),
    label: unitLabel(top * share),
  }));
  return { width: WIDTH, height: HEIGHT, plot, bars, gaps, yTicks, xTicks };
}
