/**
 * Geometry of the guide's horizontal bar charts (hardware speeds, the accuracy ladder): where a
 * value lands on a linear or logarithmic track, and which ticks to label. Pure numbers; the
 * static SVG (`src/islands/pictures/BarChart.astro`) and the client that adds the reader's bars
 * both call these, so a bar drawn at build time and one added in the browser line up.
 */

export type ScaleKind = 'linear' | 'log';

export interface Scale {
  kind: ScaleKind;
  /** Smallest value on the track (> 0 on a log scale). */
  min: number;
  /** Largest value on the track. */
  max: number;
}

/** Throws when a scale cannot place values: non-finite ends, min ≥ max, or a log scale at or below 0. */
export function checkScale(scale: Scale): Scale {
  const { kind, min, max } = scale;
  if (!Number.isFinite(min) || !Number.isFinite(max) || min >= max) {
    throw new RangeError(`A chart scale needs finite ends with min < max; got ${min}..${max}.`);
  }
  if (kind === 'log' && min <= 0) {
    throw new RangeError(
      `A log scale needs min > 0 (log of ${min} is undefined); start it at 1 or another power of ten.`,
    );
  }
  return scale;
}

/**
 * The log scale from the power of ten at or below the smallest value to the one at or above
 * the largest; `headroom` extra decades above leave room for faster readers' machines.
 */
export function logScaleFor(values: readonly number[], headroom = 0): Scale {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === 0) throw new RangeError('A log scale needs at least one value above 0.');
  const low = Math.floor(Math.log10(Math.min(...positive)));
  let high = Math.ceil(Math.log10(Math.max(...positive)));
  if (high === low) high += 1;
  return { kind: 'log', min: 10 ** low, max: 10 ** (high + headroom) };
}

/** Where `value` lies along the scale, 0..1; values outside it are clamped to the ends. */
export function fractionOf(value: number, scale: Scale): number {
  const { kind, min, max } = checkScale(scale);
  if (!(value > min)) return 0;
  if (value >= max) return 1;
  return kind === 'log'
    ? (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
    : (value - min) / (max - min);
}

/** True when the value lies outside the track and its bar is cut at an end. */
export function isClamped(value: number, scale: Scale): boolean {
  return value < scale.min || value > scale.max;
}

/** Tick values: each power of ten on a log scale; five equal steps on a linear one. */
export function ticksOf(scale: Scale): number[] {
  const { kind, min, max } = checkScale(scale);
  if (kind === 'log') {
    const ticks: number[] = [];
    for (let p = Math.ceil(Math.log10(min) - 1e-9); p <= Math.floor(Math.log10(max) + 1e-9); p++)
      ticks.push(10 ** p);
    return ticks;
  }
  return Array.from({ length: 6 }, (_, i) => min + ((max - min) * i) / 5);
}

/** Layout of a chart in SVG user units: a label column, the track, room for the value text. */
export interface BarLayout {
  width: number;
  labelWidth: number;
  valueWidth: number;
  rowHeight: number;
  barHeight: number;
  /** Height of the axis (tick labels) above the rows: on top, rows can be added below without moving it. */
  axisHeight: number;
}

export const BAR_LAYOUT: BarLayout = {
  // 480 wide: on a 360-px phone the chart shrinks to about two thirds, and 12-unit text stays legible.
  width: 480,
  labelWidth: 150,
  valueWidth: 56,
  rowHeight: 26,
  barHeight: 16,
  axisHeight: 24,
};

/** The track's x range in user units. */
export function trackOf(layout: BarLayout = BAR_LAYOUT): { x: number; width: number } {
  return { x: layout.labelWidth, width: layout.width - layout.labelWidth - layout.valueWidth };
}

/** The bar of row `index`: from the track's start to the value. At least 1 unit wide, so a tiny value still shows. */
export function barRect(
  value: number,
  index: number,
  scale: Scale,
  layout: BarLayout = BAR_LAYOUT,
): { x: number; y: number; width: number; height: number } {
  const track = trackOf(layout);
  return {
    x: track.x,
    y: rowY(index, layout) + (layout.rowHeight - layout.barHeight) / 2,
    width: Math.max(1, round(fractionOf(value, scale) * track.width)),
    height: layout.barHeight,
  };
}

/** The top of row `index` (0-based, group headings count as rows). */
export function rowY(index: number, layout: BarLayout = BAR_LAYOUT): number {
  return layout.axisHeight + index * layout.rowHeight;
}

/** The x of a tick on the track. */
export function tickX(value: number, scale: Scale, layout: BarLayout = BAR_LAYOUT): number {
  const track = trackOf(layout);
  return round(track.x + fractionOf(value, scale) * track.width);
}

/** Total SVG height for the axis and `rows` rows. */
export function chartHeight(rows: number, layout: BarLayout = BAR_LAYOUT): number {
  return rows * layout.rowHeight + layout.axisHeight;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** One bar: what it measures, its value and how the value reads. */
export interface ChartBar {
  label: string;
  value: number;
  valueText: string;
}

/** A labelled group of bars, drawn under a heading row. */
export interface ChartGroup {
  id: string;
  label: string;
  bars: ChartBar[];
}

export type PlacedRow =
  | { kind: 'heading'; group: string; text: string; x: number; y: number }
  | {
      kind: 'bar';
      group: string;
      bar: ChartBar;
      rect: { x: number; y: number; width: number; height: number };
      /** Baseline of the row's texts. */
      textY: number;
      /** Right edge of the label (text-anchor end). */
      labelX: number;
      /** Start of the value text, just after the bar. */
      valueX: number;
      clamped: boolean;
    };

/** Rows in order from `firstRow`: each group's heading, then its bars. */
export function placeGroups(
  groups: readonly ChartGroup[],
  scale: Scale,
  firstRow = 0,
  layout: BarLayout = BAR_LAYOUT,
): PlacedRow[] {
  const rows: PlacedRow[] = [];
  let index = firstRow;
  const baseline = (i: number) => round(rowY(i, layout) + layout.rowHeight * 0.68);
  for (const group of groups) {
    rows.push({ kind: 'heading', group: group.id, text: group.label, x: 0, y: baseline(index) });
    index += 1;
    for (const bar of group.bars) {
      const rect = barRect(bar.value, index, scale, layout);
      rows.push({
        kind: 'bar',
        group: group.id,
        bar,
        rect,
        textY: baseline(index),
        labelX: layout.labelWidth - 8,
        valueX: round(rect.x + rect.width + 6),
        clamped: isClamped(bar.value, scale),
      });
      index += 1;
    }
  }
  return rows;
}
