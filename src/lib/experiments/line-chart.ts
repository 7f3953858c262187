/**
 * Geometry of the sweep's line charts, in SVG user units: the x axis is the filter count on a
 * log-2 scale (2, 4, 8, 16, 32 equally spaced); the y axis is linear for shares and log-10 for
 * counts that span decades (parameters, images/s). The island only turns this into elements.
 */
import type { Series } from './sweep-view';

export interface ChartFrame {
  width: number;
  height: number;
  /** Inner margins: room for the tick labels. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}
export const DEFAULT_FRAME: ChartFrame = {
  width: 560,
  height: 260,
  left: 64,
  right: 24,
  top: 14,
  bottom: 36,
};

export interface PlacedSeries {
  id: string;
  /** SVG path `d` through the points, in x order. */
  d: string;
  points: { cx: number; cy: number; x: number; y: number; pointId: string }[];
}
export interface LineChartGeometry {
  xTicks: { position: number; value: number }[];
  yTicks: { position: number; value: number }[];
  series: PlacedSeries[];
  frame: ChartFrame;
}

/** y range for shares: from a tenth below the lowest value (rounded down to 5 points) up to 1. */
function ratioDomain(values: number[]): [number, number] {
  const low = Math.min(...values, 0.95);
  return [Math.max(0, Math.floor((low - 0.02) * 20) / 20), 1];
}

function logDomain(values: number[]): [number, number] {
  const positive = values.filter((v) => v > 0);
  const low = Math.floor(Math.log10(positive.length > 0 ? Math.min(...positive) : 1));
  const high = Math.ceil(Math.log10(positive.length > 0 ? Math.max(...positive) : 10));
  return [10 ** low, 10 ** Math.max(high, low + 1)];
}

export function placeLineChart(
  series: readonly Series[],
  scale: 'ratio' | 'log',
  frame: ChartFrame = DEFAULT_FRAME,
): LineChartGeometry {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const [x0, x1] = [Math.log2(xs[0] ?? 1), Math.log2(xs[xs.length - 1] ?? 2)];
  const innerW = frame.width - frame.left - frame.right;
  const innerH = frame.height - frame.top - frame.bottom;
  const px = (x: number) =>
    frame.left + (x1 === x0 ? innerW / 2 : ((Math.log2(x) - x0) / (x1 - x0)) * innerW);
  const [lo, hi] = scale === 'ratio' ? ratioDomain(ys) : logDomain(ys);
  const t = (y: number) => (scale === 'ratio' ? y : Math.log10(Math.max(y, lo)));
  const [t0, t1] = [t(lo), t(hi)];
  const py = (y: number) => frame.top + innerH - ((t(y) - t0) / (t1 - t0)) * innerH;
  const yValues =
    scale === 'ratio'
      ? Array.from({ length: Math.round((hi - lo) / 0.05) + 1 }, (_, i) => Number((lo + i * 0.05).toFixed(2)))
      : Array.from({ length: Math.round(t1 - t0) + 1 }, (_, i) => 10 ** (t0 + i));
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    frame,
    xTicks: xs.map((value) => ({ position: round(px(value)), value })),
    yTicks: (yValues.length > 8 ? yValues.filter((_, i) => i % 2 === 0) : yValues).map((value) => ({
      position: round(py(value)),
      value,
    })),
    series: series.map((s) => {
      const points = [...s.points]
        .sort((a, b) => a.x - b.x)
        .map((p) => ({ cx: round(px(p.x)), cy: round(py(p.y)), x: p.x, y: p.y, pointId: p.pointId }));
      return {
        id: s.id,
        d: points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.cx} ${p.cy}`).join(' '),
        points,
      };
    }),
  };
}
