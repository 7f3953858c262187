import { describe, expect, it } from 'vitest';
import { buildOneHot } from '../../src/lib/ml/batches';
import { MODEL_DATASET, validateTrainerSettings } from '../../src/lib/ml/catalog';
import { CIFAR_5MIN_RECIPE, MNIST_CNN_RECIPE } from '../../src/lib/ml/recipes';
import { type LR_SCHEDULES, learningRateAt } from '../../src/lib/ml/schedules';

const base = 0.01;
const at = (schedule: (typeof LR_SCHEDULES)[number], step: number) =>
  learningRateAt(schedule, base, step, 10, 101);

describe('learning-rate schedules', () => {
  it('decays linear to 1% of the base rate at the last step, halfway at the middle', () => {
    expect(at('linear', 0)).toBeCloseTo(base);
    expect(at('linear', 50)).toBeCloseTo(base * (1 - 0.99 * 0.5));
    expect(at('linear', 100)).toBeCloseTo(base * 0.01);
  });

  it('warms onecycle up from a tenth of the base rate over the first quarter, then decays to 0.1%', () => {
    expect(at('onecycle', 0)).toBeCloseTo(base * 0.1);
    expect(at('onecycle', 25)).toBeCloseTo(base);
    expect(at('onecycle', 100)).toBeCloseTo(base * 0.001);
    const rates = Array.from({ length: 101 }, (_, step) => at('onecycle', step));
    expect(Math.max(...rates)).toBeCloseTo(base);
    expect(rates.slice(25).every((rate, i, all) => i === 0 || rate < (all[i - 1] as number))).toBe(true);
  });

  it('keeps the older schedules as they were', () => {
    expect(at('constant', 77)).toBe(base);
    expect(at('step', 25)).toBeCloseTo(base / 4);
    expect(at('cosine', 100)).toBeCloseTo(base * 0.01);
  });

  it('names the schedules it knows when given another', () => {
    expect(() => learningRateAt('warm' as never, base, 0, 1, 1)).toThrow(
      /constant, step, cosine, linear, onecycle/,
    );
  });
});

describe('label smoothing', () => {
  it('spreads ε over the classes and keeps each row summing to 1', () => {
    const rows = buildOneHot(new Uint8Array([2, 0]), [0, 1], 4, 0.2);
    expect([...rows].map((v) => Number(v.toFixed(4)))).toEqual([
      0.05, 0.05, 0.85, 0.05, 0.85, 0.05, 0.05, 0.05,
    ]);
    expect([...buildOneHot(new Uint8Array([1]), [0], 3)]).toEqual([0, 1, 0]);
  });

  it('refuses ε outside [0, 1) and names the value', () => {
    expect(() => buildOneHot(new Uint8Array([1]), [0], 3, 1)).toThrow(/got 1\./);
  });
});

describe('the recipes', () => {
  it('are settings the runtime accepts, and the runtime refuses smoothing above 0.5 by name', () => {
    for (const recipe of [MNIST_CNN_RECIPE, CIFAR_5MIN_RECIPE])
      expect(() => validateTrainerSettings(recipe)).not.toThrow();
    expect(() => validateTrainerSettings({ ...CIFAR_5MIN_RECIPE, labelSmoothing: 0.7 })).toThrow(
      'labelSmoothing must be a number from 0 to 0.5; got 0.7.',
    );
  });

  it('train on the dataset of their preset', () => {
    expect(MODEL_DATASET[MNIST_CNN_RECIPE.modelId]).toBe('mnist');
    expect(MODEL_DATASET[CIFAR_5MIN_RECIPE.modelId]).toBe('cifar10');
  });
});
