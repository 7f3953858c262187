import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { confusionOnSplit } from '../../src/lib/experiments/evaluate-split';
import {
  DEFAULT_SWEEP_BUDGET,
  mnistCnnParameters,
  planSweep,
  type SweepBudget,
  splitForSweep,
  sweepPoint,
} from '../../src/lib/experiments/kernel-sweep';
import { runSweepPoint } from '../../src/lib/experiments/run-point';
import { summariseConfusion } from '../../src/lib/experiments/sweep-result';
import { createModel } from '../../src/lib/ml/models';
import { syntheticImages } from '../../src/lib/ml/synthetic';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the sweep plan', () => {
  it('runs the article experiment by default: ReLU at 2, 4, 8, 16 and 32 filters, narrowest first', () => {
    const plan = planSweep();
    expect(plan.points.map((p) => p.id)).toEqual(['relu-2', 'relu-4', 'relu-8', 'relu-16', 'relu-32']);
    expect(plan.budget).toEqual(DEFAULT_SWEEP_BUDGET);
  });

  it('doubles the filters in the second layer, so 8 is the guide’s default mnist-cnn', () => {
    expect(sweepPoint(8).filters).toEqual([8, 16]);
    expect(sweepPoint(2, 'prelu')).toEqual({
      id: 'prelu-2',
      firstFilters: 2,
      filters: [2, 4],
      activation: 'prelu',
    });
  });

  it('sorts, removes repeats and puts ReLU before PReLU at each width', () => {
    const plan = planSweep({ filters: [16, 2, 16], activations: ['prelu', 'relu'] });
    expect(plan.points.map((p) => p.id)).toEqual(['relu-2', 'prelu-2', 'relu-16', 'prelu-16']);
  });

  it('refuses an empty choice, a bad filter count and a budget out of range, naming the value', () => {
    expect(() => planSweep({ filters: [] })).toThrow(/at least one filter count/);
    expect(() => planSweep({ activations: [] })).toThrow(/at least one activation/);
    expect(() => planSweep({ filters: [0] })).toThrow(/from 1 to 64; got 0/);
    expect(() => planSweep({ filters: [2.5] })).toThrow(/got 2.5/);
    expect(() => planSweep({ budget: { ...DEFAULT_SWEEP_BUDGET, epochs: 9 } })).toThrow(
      /epochs must be a whole number from 1 to 5; got 9/,
    );
    expect(() =>
      planSweep({ budget: { ...DEFAULT_SWEEP_BUDGET, trainImages: 55_000, validationImages: 5_000 + 1 } }),
    ).toThrow(/validationImages/);
  });
});

describe('parameter count', () => {
  for (const [filters, activation] of [
    [2, 'relu'],
    [32, 'relu'],
    [4, 'prelu'],
  ] as const) {
    it(`matches TF.js's own count for ${activation} with ${filters} filters`, () => {
      const point = sweepPoint(filters, activation);
      const model = createModel('mnist-cnn', { filters: [...point.filters], activation });
      try {
        expect(mnistCnnParameters(point.filters, activation)).toBe(model.countParams());
      } finally {
        model.dispose();
      }
    });
  }

  it('grows about with the square of the width: the second convolution and the dense layer dominate', () => {
    const narrow = mnistCnnParameters([2, 4], 'relu');
    const wide = mnistCnnParameters([32, 64], 'relu');
    expect(wide / narrow).toBeGreaterThan(20);
  });
});

describe('the sweep data', () => {
  const data = syntheticImages(300, [28, 28, 1], 3);
  const budget: SweepBudget = { ...DEFAULT_SWEEP_BUDGET, trainImages: 200, validationImages: 100 };

  it('holds out a seeded validation split from the first train + validation images', () => {
    const a = splitForSweep(data, budget);
    const b = splitForSweep(data, budget);
    expect(a.train.count).toBe(200);
    expect(a.validation.count).toBe(100);
    expect([...a.validationIndices]).toEqual([...b.validationIndices]);
    const other = splitForSweep(data, { ...budget, seed: 2 });
    expect([...other.validationIndices]).not.toEqual([...a.validationIndices]);
  });

  it('says how many digits it needs when too few were loaded', () => {
    expect(() => splitForSweep(data, { ...budget, trainImages: 1000 })).toThrow(
      /needs 1100 training digits \(1000 to train \+ 100 to validate\); only 300/,
    );
  });
});

describe('folding a confusion matrix into a point', () => {
  it('gives accuracy, macro precision and recall, per class figures and the most confused pairs', () => {
    // Three classes: class 0 perfect, class 1 half taken for 2, class 2 never predicted as 1.
    const matrix = [
      [4, 0, 0],
      [0, 2, 2],
      [0, 0, 2],
    ];
    const summary = summariseConfusion(matrix);
    expect(summary.validationImages).toBe(10);
    expect(summary.validationAccuracy).toBeCloseTo(0.8);
    expect(summary.perClass.map((c) => [c.precision, c.recall])).toEqual([
      [1, 1],
      [1, 0.5],
      [0.5, 1],
    ]);
    expect(summary.macroPrecision).toBeCloseTo(2.5 / 3);
    expect(summary.macroRecall).toBeCloseTo(2.5 / 3);
    expect(summary.confusedPairs).toEqual([{ a: 1, b: 2, aAsB: 2, bAsA: 0 }]);
  });
});

describe('running a point', () => {
  const data = syntheticImages(240, [28, 28, 1], 5);
  const budget: SweepBudget = {
    ...DEFAULT_SWEEP_BUDGET,
    trainImages: 160,
    validationImages: 80,
    epochs: 2,
    batchSize: 16,
  };

  it('trains, measures the validation split and frees every tensor', async () => {
    const split = splitForSweep(data, budget);
    const before = tf.memory().numTensors;
    const result = await runSweepPoint(sweepPoint(2), split, budget);
    expect(tf.memory().numTensors).toBe(before);
    expect(result?.pointId).toBe('relu-2');
    expect(result?.validationImages).toBe(80);
    expect(result?.parameters).toBe(mnistCnnParameters([2, 4], 'relu'));
    // Two short epochs on 160 synthetic digits: well above chance (10%), far from perfect.
    expect(result?.validationAccuracy).toBeGreaterThan(0.3);
    expect(result?.perClass).toHaveLength(10);
    expect(result?.imagesPerSec).toBeGreaterThan(0);
    expect(result?.backend).toBe('cpu');
  });

  it('returns null, with nothing left over, when stopped', async () => {
    const split = splitForSweep(data, budget);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const result = await runSweepPoint(sweepPoint(4, 'prelu'), split, budget, {
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.step === 2) controller.abort();
      },
    });
    expect(result).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('counts every validation image once in the confusion matrix', async () => {
    const model = createModel('mnist-cnn', { filters: [2, 4] });
    try {
      const matrix = await confusionOnSplit(model, data, { inputShape: [28, 28, 1], batchSize: 100 });
      expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(240);
      expect(matrix.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(new Array(10).fill(24));
    } finally {
      model.dispose();
    }
  });
});
