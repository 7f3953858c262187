/**
 * The kernel-sweep island's view model: the committed reference results, the reader's own
 * results and the run in progress, folded from worker events; and the series and rows that
 * the chart and its table twin draw from, so both always show the same numbers.
 */
import type { Activation } from '../ml/catalog';
import { SWEEP_ACTIVATIONS } from './kernel-sweep';
import type { SweepEvent } from './sweep-protocol';
import type { SweepPointResult } from './sweep-result';

export type SweepMetric =
  | 'validationAccuracy'
  | 'macroPrecision'
  | 'macroRecall'
  | 'parameters'
  | 'imagesPerSec';
export const SWEEP_METRICS: readonly SweepMetric[] = [
  'validationAccuracy',
  'macroPrecision',
  'macroRecall',
  'parameters',
  'imagesPerSec',
];
/** Metrics that are shares (drawn as percentages on a linear axis); the others span decades. */
export const RATIO_METRICS: ReadonlySet<SweepMetric> = new Set([
  'validationAccuracy',
  'macroPrecision',
  'macroRecall',
]);

export type SweepSource = 'reference' | 'yours';

export interface SweepView {
  reference: readonly SweepPointResult[];
  /** The reader's latest result per point, in the order they finished. */
  yours: SweepPointResult[];
  phase: 'idle' | 'loading' | 'running' | 'stopped' | 'done' | 'error';
  backend: string | null;
  running: { pointId: string; step: number; totalSteps: number; imagesPerSec: number } | null;
  error: string | null;
}

export function createSweepView(reference: readonly SweepPointResult[]): SweepView {
  return { reference, yours: [], phase: 'idle', backend: null, running: null, error: null };
}

/** The view after `event`; a new result replaces the reader's earlier one for the same point. */
export function applySweepEvent(view: SweepView, event: SweepEvent): SweepView {
  switch (event.type) {
    case 'loading':
      return { ...view, phase: 'loading', error: null };
    case 'backend':
      return { ...view, backend: event.name };
    case 'progress':
      return { ...view, phase: 'running', running: { ...event } };
    case 'result':
      return {
        ...view,
        yours: [...view.yours.filter((r) => r.pointId !== event.result.pointId), event.result],
      };
    case 'done':
      return { ...view, phase: event.stopped ? 'stopped' : 'done', running: null };
    case 'error':
      return { ...view, phase: 'error', running: null, error: event.message };
  }
}

/** The view when the reader starts a run. */
export function startSweep(view: SweepView): SweepView {
  return { ...view, phase: 'loading', running: null, error: null };
}

export function isBusy(view: SweepView): boolean {
  return view.phase === 'loading' || view.phase === 'running';
}

export interface SeriesPoint {
  x: number;
  y: number;
  pointId: string;
}
export interface Series {
  /** `reference-relu`, `yours-prelu`, or `class-3` for per-class series. */
  id: string;
  source: SweepSource;
  activation: Activation;
  /** The digit of a per-class series. */
  label?: number;
  points: SeriesPoint[];
}

function byFilters(results: readonly SweepPointResult[], activation: Activation): SweepPointResult[] {
  return results.filter((r) => r.activation === activation).sort((a, b) => a.firstFilters - b.firstFilters);
}

/** One series per source and activation that has results: reference first, then the reader's. */
export function metricSeries(view: SweepView, metric: SweepMetric): Series[] {
  const out: Series[] = [];
  for (const source of ['reference', 'yours'] as const) {
    for (const activation of SWEEP_ACTIVATIONS) {
      const results = byFilters(source === 'reference' ? view.reference : view.yours, activation);
      if (results.length === 0) continue;
      out.push({
        id: `${source}-${activation}`,
        source,
        activation,
        points: results.map((r) => ({ x: r.firstFilters, y: r[metric], pointId: r.pointId })),
      });
    }
  }
  return out;
}

/** One row per filter count seen anywhere, narrowest first; a cell is null where nothing ran. */
export interface MetricRow {
  firstFilters: number;
  filters: [number, number];
  cells: Record<`${SweepSource}-${Activation}`, number | null>;
}

export function metricRows(view: SweepView, metric: SweepMetric): MetricRow[] {
  const all = [...view.reference, ...view.yours];
  const widths = [...new Set(all.map((r) => r.firstFilters))].sort((a, b) => a - b);
  const find = (source: SweepSource, activation: Activation, width: number) =>
    (source === 'reference' ? view.reference : view.yours).find(
      (r) => r.activation === activation && r.firstFilters === width,
    );
  return widths.map((width) => ({
    firstFilters: width,
    filters: [width, width * 2],
    cells: {
      'reference-relu': find('reference', 'relu', width)?.[metric] ?? null,
      'reference-prelu': find('reference', 'prelu', width)?.[metric] ?? null,
      'yours-relu': find('yours', 'relu', width)?.[metric] ?? null,
      'yours-prelu': find('yours', 'prelu', width)?.[metric] ?? null,
    },
  }));
}

/**
 * The results the per-class view shows: the reader's ReLU points once there are at least two
 * (a trend needs two), otherwise the reference's.
 */
export function perClassSource(view: SweepView): { source: SweepSource; results: SweepPointResult[] } {
  const yours = byFilters(view.yours, 'relu');
  return yours.length >= 2
    ? { source: 'yours', results: yours }
    : { source: 'reference', results: byFilters(view.reference, 'relu') };
}

/** One series per digit of `which` (precision or recall) against the filter count. */
export function perClassSeries(
  results: readonly SweepPointResult[],
  which: 'precision' | 'recall',
): Series[] {
  const sorted = [...results].sort((a, b) => a.firstFilters - b.firstFilters);
  const labels = sorted[0]?.perClass.map((c) => c.label) ?? [];
  return labels.map((label) => ({
    id: `class-${label}`,
    source: 'reference',
    activation: sorted[0]?.activation ?? 'relu',
    label,
    points: sorted.map((r) => ({
      x: r.firstFilters,
      y: r.perClass.find((c) => c.label === label)?.[which] ?? 0,
      pointId: r.pointId,
    })),
  }));
}

/**
 * Digits ordered by how much recall they lose from the widest to the narrowest point, most
 * first: the classes that suffer first when filters go.
 */
export function recallLoss(results: readonly SweepPointResult[]): { label: number; loss: number }[] {
  const sorted = [...results].sort((a, b) => a.firstFilters - b.firstFilters);
  const narrow = sorted[0];
  const wide = sorted[sorted.length - 1];
  if (!narrow || !wide || narrow === wide) return [];
  return wide.perClass
    .map((c) => ({
      label: c.label,
      loss: c.recall - (narrow.perClass.find((n) => n.label === c.label)?.recall ?? 0),
    }))
    .sort((a, b) => b.loss - a.loss || a.label - b.label);
}
