import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSweep, SWEEP_FILTERS } from '../../src/lib/experiments/kernel-sweep';
import { placeLineChart } from '../../src/lib/experiments/line-chart';
import { parseSweepReference, type SweepPointResult } from '../../src/lib/experiments/sweep-result';
import {
  applySweepEvent,
  createSweepView,
  isBusy,
  metricRows,
  metricSeries,
  perClassSeries,
  perClassSource,
  recallLoss,
  startSweep,
} from '../../src/lib/experiments/sweep-view';

const reference = parseSweepReference(
  JSON.parse(readFileSync(join(import.meta.dirname, '../../src/data/experiments/kernel-sweep.json'), 'utf8')),
);

/** A result whose per-class recall is `recalls` (precision mirrors it). */
function result(pointId: string, recalls: number[], accuracy = 0.9): SweepPointResult {
  const [activation, width] = pointId.split('-') as ['relu' | 'prelu', string];
  const f = Number(width);
  return {
    pointId,
    firstFilters: f,
    filters: [f, 2 * f],
    activation,
    parameters: 1000 * f,
    validationImages: 100,
    validationAccuracy: accuracy,
    macroPrecision: accuracy,
    macroRecall: accuracy,
    perClass: recalls.map((recall, label) => ({ label, precision: recall, recall, support: 10 })),
    confusedPairs: [],
    imagesPerSec: 1000 / f,
    trainSeconds: f,
    backend: 'wasm',
  };
}

describe('the committed reference results', () => {
  it('hold every point of the default sweep, ReLU and PReLU, each measured on the same validation digits', () => {
    const ids = planSweep({ activations: ['relu', 'prelu'] }).points.map((p) => p.id);
    expect(reference.results.map((r) => r.pointId)).toEqual(ids);
    expect(new Set(reference.results.map((r) => r.validationImages))).toEqual(
      new Set([reference.budget.validationImages]),
    );
    expect(reference.command).toMatch(/^npm run sweep/);
  });

  it('show the narrowest model behind the default one: fewer kernels cost accuracy', () => {
    const relu = (f: number) => reference.results.find((r) => r.pointId === `relu-${f}`);
    expect(relu(2)?.validationAccuracy).toBeLessThan(relu(8)?.validationAccuracy ?? 0);
    expect(relu(2)?.parameters).toBeLessThan(relu(32)?.parameters ?? 0);
  });

  it('are refused with the field named when malformed', () => {
    expect(() => parseSweepReference({ ...reference, results: [{ pointId: 'relu-2' }] })).toThrow(
      /results\.0\.firstFilters.*npm run sweep/,
    );
  });
});

describe('the view model', () => {
  const view = createSweepView([result('relu-2', [0.5]), result('relu-8', [0.9]), result('prelu-2', [0.6])]);

  it('draws the reference series at once, ReLU before PReLU', () => {
    const series = metricSeries(view, 'validationAccuracy');
    expect(series.map((s) => s.id)).toEqual(['reference-relu', 'reference-prelu']);
    expect(series[0]?.points.map((p) => p.x)).toEqual([2, 8]);
  });

  it('folds worker events: progress makes it busy, a result replaces the same point, done ends the run', () => {
    let v = startSweep(view);
    expect(isBusy(v)).toBe(true);
    v = applySweepEvent(v, { type: 'progress', pointId: 'relu-4', step: 3, totalSteps: 10, imagesPerSec: 5 });
    expect(v.running?.step).toBe(3);
    v = applySweepEvent(v, { type: 'result', result: result('relu-4', [0.7], 0.8) });
    v = applySweepEvent(v, { type: 'result', result: result('relu-4', [0.7], 0.85) });
    expect(v.yours.map((r) => [r.pointId, r.validationAccuracy])).toEqual([['relu-4', 0.85]]);
    v = applySweepEvent(v, { type: 'done', stopped: true });
    expect(v.phase).toBe('stopped');
    expect(isBusy(v)).toBe(false);
    expect(applySweepEvent(v, { type: 'error', message: 'no wasm' }).error).toBe('no wasm');
  });

  it('gives the table one row per width, with a gap where nothing ran', () => {
    const v = applySweepEvent(view, { type: 'result', result: result('relu-4', [0.7], 0.8) });
    const rows = metricRows(v, 'validationAccuracy');
    expect(rows.map((r) => r.firstFilters)).toEqual([2, 4, 8]);
    expect(rows[1]?.cells).toEqual({
      'reference-relu': null,
      'reference-prelu': null,
      'yours-relu': 0.8,
      'yours-prelu': null,
    });
    expect(rows[0]?.filters).toEqual([2, 4]);
  });

  it('shows per-class figures from the reader’s runs once there are two ReLU points, else the reference', () => {
    expect(perClassSource(view).source).toBe('reference');
    let v = applySweepEvent(view, { type: 'result', result: result('relu-4', [0.7]) });
    expect(perClassSource(v).source).toBe('reference');
    v = applySweepEvent(v, { type: 'result', result: result('relu-16', [0.95]) });
    expect(perClassSource(v)).toMatchObject({ source: 'yours' });
    expect(perClassSource(v).results.map((r) => r.pointId)).toEqual(['relu-4', 'relu-16']);
  });

  it('plots one line per digit and ranks the digits by the recall they lose', () => {
    const results = [result('relu-2', [0.9, 0.5, 0.8]), result('relu-32', [0.95, 0.95, 0.85])];
    const series = perClassSeries(results, 'recall');
    expect(series.map((s) => s.label)).toEqual([0, 1, 2]);
    expect(series[1]?.points.map((p) => p.y)).toEqual([0.5, 0.95]);
    const losses = recallLoss(results);
    expect(losses.map((l) => l.label)).toEqual([1, 0, 2]);
    expect(losses[0]?.loss).toBeCloseTo(0.45);
  });
});

describe('the line chart', () => {
  const series = metricSeries(createSweepView(reference.results), 'validationAccuracy');

  it('spaces 2, 4, 8, 16 and 32 filters evenly (log 2) across the frame', () => {
    const chart = placeLineChart(series, 'ratio');
    const xs = chart.xTicks.map((t) => t.position);
    expect(chart.xTicks.map((t) => t.value)).toEqual([...SWEEP_FILTERS]);
    const gaps = xs.slice(1).map((x, i) => x - (xs[i] as number));
    for (const gap of gaps) expect(gap).toBeCloseTo(gaps[0] as number, 0);
    expect(xs[0]).toBe(chart.frame.left);
    expect(xs[xs.length - 1]).toBe(chart.frame.width - chart.frame.right);
  });

  it('puts higher shares higher on the page, inside the frame, with the ticks covering the points', () => {
    const chart = placeLineChart(series, 'ratio');
    const relu = chart.series[0];
    const low = relu?.points.find((p) => p.x === 2);
    const high = relu?.points.find((p) => p.x === 32);
    expect(low?.cy).toBeGreaterThan(high?.cy ?? Infinity);
    for (const p of chart.series.flatMap((s) => s.points)) {
      expect(p.cy).toBeGreaterThanOrEqual(chart.frame.top);
      expect(p.cy).toBeLessThanOrEqual(chart.frame.height - chart.frame.bottom);
    }
    expect(relu?.d).toMatch(/^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+){4}$/);
  });

  it('uses decades for counts that span them (parameters)', () => {
    const chart = placeLineChart(metricSeries(createSweepView(reference.results), 'parameters'), 'log');
    expect(chart.yTicks.map((t) => t.value)).toEqual([1_000, 10_000, 100_000, 1_000_000]);
  });
});
