import { describe, expect, it } from 'vitest';
import { failedThroughput, type ThroughputResult } from '../../src/lib/bench/results';
import { ARTICLE_FIGURES, fastestPerModel } from '../../src/lib/pictures/hardware';

const result = (
  model: ThroughputResult['model'],
  backend: ThroughputResult['backend'],
  rate: number,
): ThroughputResult => ({
  model,
  backend,
  mode: 'train',
  threads: 1,
  batchSize: 64,
  steps: 3,
  seconds: 1,
  imagesPerSecond: rate,
});

describe('the hardware chart’s data', () => {
  it("keeps the article's five figures in images/s", () => {
    expect(ARTICLE_FIGURES.map((f) => f.imagesPerSecond)).toEqual([19, 25, 140, 460, 620]);
  });

  it('gives each model one bar, from its fastest backend that trained', () => {
    const bars = fastestPerModel([
      result('mnist-mlp', 'wasm', 3822),
      result('mnist-mlp', 'webgl', 197),
      result('mnist-cnn', 'cpu', 39),
      failedThroughput('mnist-cnn', 'wasm', 64, new Error('out of memory')),
      result('mnist-cnn', 'webgl', 62),
      result('cifar-modern', 'cpu', 0),
      { ...result('mnist-mlp', 'wasm', 12000), mode: 'forward' },
    ]);
    expect(bars).toEqual([
      { model: 'mnist-mlp', backend: 'wasm', imagesPerSecond: 3822 },
      { model: 'mnist-cnn', backend: 'webgl', imagesPerSecond: 62 },
    ]);
  });
});
