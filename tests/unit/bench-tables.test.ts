import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleComparison } from '../../src/lib/bench/article';
import { byWasmStep, predictStepSeconds, wasmStepSeconds } from '../../src/lib/bench/predict';
import { BenchReportSchema, parseBenchReport, type ThroughputResult } from '../../src/lib/bench/results';
import { bestBatchTable, comparisonTable } from '../../src/lib/bench/tables';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/bench', name), 'utf8'));

describe('benchmark comparison tables', () => {
  it('refuses a results file whose main table mixes batch sizes, naming both batches and the fix', () => {
    expect(() => parseBenchReport(fixture('mixed-batches.json'), 'mixed-batches.json')).toThrow(
      /mixed-batches\.json are invalid at throughput: the train comparison mixes batch 16 \(cifar-tutorial on webgl\) with batch 64 \(cifar-tutorial on wasm\); measure every backend at batch 64/,
    );
  });

  it('refuses to draw a comparison of rows measured at different batches', () => {
    const raw = BenchReportSchema.parse(fixture('mixed-batches.json'));
    expect(() => comparisonTable(raw.throughput, 'train')).toThrow(
      /cannot be drawn: the train comparison mixes batch 16/,
    );
    // The forward rows of the same file share one batch: that table is still fair.
    expect(comparisonTable(raw.throughput, 'forward').batchSize).toBe(64);
  });

  it('draws every backend at one batch, wasm once per thread count, fastest wasm over the best other', () => {
    const report = parseBenchReport(fixture('one-batch.json'), 'one-batch.json');
    const train = comparisonTable(report.throughput, 'train');
    expect(train.batchSize).toBe(64);
    expect(train.lanes.map((l) => l.key)).toEqual(['wasm', 'wasm-2t', 'webgpu', 'webgl', 'cpu']);
    const tutorial = train.rows.find((r) => r.model === 'cifar-tutorial');
    expect(tutorial?.cells['wasm-2t']?.imagesPerSecond).toBe(150);
    expect(tutorial?.speedup).toBe(50);
    const forward = comparisonTable(report.throughput, 'forward');
    expect(forward.rows.map((r) => Object.keys(r.cells))).toEqual([['wasm', 'webgl', 'cpu']]);
  });

  it('keeps each backend’s fastest batch in the best-batch table and lists the batches tried', () => {
    const report = parseBenchReport(fixture('one-batch.json'), 'one-batch.json');
    const modern = bestBatchTable(report).rows.find((r) => r.model === 'cifar-modern');
    expect(modern?.cells.webgl?.best.batchSize).toBe(128);
    expect(modern?.cells.webgl?.tried).toEqual([64, 128]);
    // wasm was slower at 256 than at 64: its best stays at 64.
    expect(modern?.cells.wasm?.best.batchSize).toBe(64);
    expect(modern?.cells.wasm?.tried).toEqual([64, 256]);
  });

  it('fills older files’ missing mode, threads, sweep and accuracy with their meaning then', () => {
    const old = {
      ...(fixture('one-batch.json') as Record<string, unknown>),
      throughput: [
        { model: 'mnist-mlp', backend: 'wasm', batchSize: 64, steps: 3, seconds: 1, imagesPerSecond: 192 },
      ],
      batchSweep: undefined,
      accuracy: undefined,
    };
    const parsed = parseBenchReport(old, 'old.json');
    expect(parsed.throughput[0]).toMatchObject({ mode: 'train', threads: 1 });
    expect(parsed.batchSweep).toEqual([]);
    expect(parsed.accuracy).toEqual([]);
  });
});

describe('the article’s figures beside the benchmark', () => {
  it('pairs each of the seven 2017 figures with the closest measurement here', () => {
    const report = parseBenchReport(fixture('one-batch.json'), 'one-batch.json');
    const rows = articleComparison(report);
    expect(rows.map((r) => [r.id, r.imagesPerSecond])).toEqual([
      ['tutorial-intel-core-i7', 770],
      ['tutorial-gtx-1080-ti', 2200],
      ['production-intel-core-i5', 19],
      ['production-intel-core-i7', 25],
      ['production-gtx-960', 140],
      ['production-gtx-1080', 460],
      ['production-gtx-1080-ti', 620],
    ]);
    const here = (id: string): Partial<ThroughputResult> | null => {
      const r = rows.find((x) => x.id === id)?.here;
      return r ? { model: r.model, backend: r.backend, threads: r.threads, batchSize: r.batchSize } : null;
    };
    // A CPU figure: the fastest wasm lane at the main batch.
    expect(here('tutorial-intel-core-i7')).toEqual({
      model: 'cifar-tutorial',
      backend: 'wasm',
      threads: 2,
      batchSize: 64,
    });
    // A GPU figure: the fastest WebGPU or WebGL cell at its best batch.
    expect(here('tutorial-gtx-1080-ti')).toEqual({
      model: 'cifar-tutorial',
      backend: 'webgpu',
      threads: 1,
      batchSize: 64,
    });
    expect(here('production-gtx-1080')).toEqual({
      model: 'cifar-modern',
      backend: 'webgl',
      threads: 1,
      batchSize: 128,
    });
  });
});

describe('guessing a slow backend’s step before running it', () => {
  const row = (model: ThroughputResult['model'], backend: ThroughputResult['backend'], stepSeconds: number) =>
    ({
      model,
      backend,
      mode: 'train',
      threads: 1,
      batchSize: 64,
      steps: 2,
      seconds: 2 * stepSeconds,
      imagesPerSecond: 64 / stepSeconds,
    }) as ThroughputResult;

  it('scales the wasm step by the largest ratio seen on that backend so far', () => {
    const results = [
      row('mnist-mlp', 'wasm', 0.02),
      row('mnist-cnn', 'wasm', 0.04),
      row('cifar-tutorial', 'wasm', 0.7),
    ];
    expect(predictStepSeconds(results, 'webgpu', 'cifar-tutorial')).toBeNull();
    results.push(row('mnist-mlp', 'webgpu', 0.4), row('mnist-cnn', 'webgpu', 3.6));
    expect(predictStepSeconds(results, 'webgpu', 'cifar-tutorial')).toBeCloseTo(0.7 * 90);
    // No wasm figure for the model (a --gpu run without wasm): nothing to go on.
    expect(predictStepSeconds(results, 'webgpu', 'cifar-modern')).toBeNull();
    expect(wasmStepSeconds(results, 'cifar-tutorial')).toBeCloseTo(0.7);
    expect(wasmStepSeconds(results, 'cifar-modern')).toBeNull();
    expect(byWasmStep(results, ['cifar-tutorial', 'cifar-modern', 'mnist-mlp'])).toEqual([
      'mnist-mlp',
      'cifar-tutorial',
      'cifar-modern',
    ]);
  });
});
