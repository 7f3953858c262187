/**
 * The fewer-kernels experiment of chapter 8: the small MNIST CNN (`mnist-cnn`) trained again
 * and again with fewer or more convolution filters, everything else fixed (seed, data, budget),
 * so that any change in validation accuracy, precision and recall comes from the filters alone.
 *
 * Pure data and arithmetic: no TF.js, runs in Node tests, in the island and in the script.
 */
import { type LabeledImages, takeSubset } from '../ml/batches.ts';
import type { Activation } from '../ml/catalog.ts';
import { splitTrainValidation, type TrainValidationSplit } from '../ml/splits.ts';

/** Filters of the first convolution at each point of the default sweep. */
export const SWEEP_FILTERS = [2, 4, 8, 16, 32] as const;
/**
 * The second convolution keeps the model's own ratio (8 → 16 by default): twice the first.
 * Scaling both layers together keeps the network's shape and moves only its width, so the
 * 8-filter point is exactly the guide's default `mnist-cnn`.
 */
export const SECOND_LAYER_FACTOR = 2;
/** Units of the dense layer after the convolutions (the model's default, never swept). */
export const SWEEP_DENSE_UNITS = 64;
export const SWEEP_ACTIVATIONS: readonly Activation[] = ['relu', 'prelu'];
/** First-layer filter counts the settings accept. */
export const SWEEP_FILTER_LIMITS = { min: 1, max: 64 } as const;

/** One model of the sweep. */
export interface SweepPoint {
  /** `relu-8`, `prelu-32`: stable across runs, the key of results and table rows. */
  id: string;
  /** Filters of the first convolution: the x axis of every chart. */
  firstFilters: number;
  /** Both convolutions' filters, as `ModelOptions.filters` takes them. */
  filters: [number, number];
  activation: Activation;
}

/** What every point of one sweep shares. */
export interface SweepBudget {
  /** Training images, taken from the training split after the validation images are held out. */
  trainImages: number;
  /** Images held out of the training split (seeded) to measure every point on. */
  validationImages: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Seeds the weights, the shuffles and the validation split alike. */
  seed: number;
}

/**
 * The default budget: one epoch over 8,000 digits, measured on 2,000 held-out ones. Small
 * enough that the widest point finishes in a couple of minutes on one CPU core, large enough
 * that the narrow models have visibly not caught up.
 */
export const DEFAULT_SWEEP_BUDGET: SweepBudget = {
  trainImages: 8_000,
  validationImages: 2_000,
  epochs: 1,
  batchSize: 32,
  learningRate: 0.005,
  seed: 1,
};

export const BUDGET_LIMITS: Record<keyof SweepBudget, { min: number; max: number }> = {
  trainImages: { min: 100, max: 55_000 },
  validationImages: { min: 100, max: 5_000 },
  epochs: { min: 1, max: 5 },
  batchSize: { min: 8, max: 256 },
  learningRate: { min: 1e-4, max: 0.1 },
  seed: { min: 0, max: 2 ** 31 - 1 },
};

/** The point with `firstFilters` filters in the first layer and twice that in the second. */
export function sweepPoint(firstFilters: number, activation: Activation = 'relu'): SweepPoint {
  const { min, max } = SWEEP_FILTER_LIMITS;
  if (!Number.isInteger(firstFilters) || firstFilters < min || firstFilters > max) {
    throw new Error(`First-layer filters must be a whole number from ${min} to ${max}; got ${firstFilters}.`);
  }
  if (activation !== 'relu' && activation !== 'prelu') {
    throw new Error(`Activation must be 'relu' or 'prelu'; got '${String(activation)}'.`);
  }
  return {
    id: `${activation}-${firstFilters}`,
    firstFilters,
    filters: [firstFilters, firstFilters * SECOND_LAYER_FACTOR],
    activation,
  };
}

/** Checks every field of `budget` against `BUDGET_LIMITS`; throws naming the first bad one. */
export function checkBudget(budget: SweepBudget): SweepBudget {
  for (const [name, { min, max }] of Object.entries(BUDGET_LIMITS)) {
    const value = budget[name as keyof SweepBudget];
    const whole = name !== 'learningRate';
    if (!Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
      throw new Error(
        `Sweep ${name} must be ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}; got ${value}.`,
      );
    }
  }
  if (budget.trainImages + budget.validationImages > 60_000) {
    throw new Error(
      `trainImages + validationImages must fit in MNIST's 60,000 training digits; got ${budget.trainImages} + ${budget.validationImages}.`,
    );
  }
  return budget;
}

export interface SweepPlanOptions {
  filters?: readonly number[];
  activations?: readonly Activation[];
  budget?: SweepBudget;
}

export interface SweepPlan {
  /** Narrowest first, ReLU before PReLU at each width: the order the runs happen in. */
  points: SweepPoint[];
  budget: SweepBudget;
}

/** The points to run, in run order, without repeats; throws on an empty or invalid choice. */
export function planSweep(options: SweepPlanOptions = {}): SweepPlan {
  const filters = [...new Set(options.filters ?? SWEEP_FILTERS)].sort((a, b) => a - b);
  const activations = SWEEP_ACTIVATIONS.filter((a) => (options.activations ?? ['relu']).includes(a));
  if (filters.length === 0) throw new Error('Pick at least one filter count for the sweep (e.g. 8).');
  if (activations.length === 0) throw new Error("Pick at least one activation for the sweep ('relu').");
  const budget = checkBudget(options.budget ?? DEFAULT_SWEEP_BUDGET);
  return { points: filters.flatMap((f) => activations.map((a) => sweepPoint(f, a))), budget };
}

/**
 * Trainable parameters of `mnist-cnn` with these filters: two 5×5 convolutions (weights +
 * biases), the dense layer over the 4×4×f2 map, the 10-way output, and with PReLU one learned
 * slope per channel of each convolution and per unit of the dense layer.
 */
export function mnistCnnParameters(
  filters: readonly [number, number],
  activation: Activation,
  units = SWEEP_DENSE_UNITS,
): number {
  const [f1, f2] = filters;
  const conv1 = 5 * 5 * 1 * f1 + f1;
  const conv2 = 5 * 5 * f1 * f2 + f2;
  const dense = 4 * 4 * f2 * units + units;
  const output = units * 10 + 10;
  const slopes = activation === 'prelu' ? f1 + f2 + units : 0;
  return conv1 + conv2 + dense + output + slopes;
}

/**
 * The sweep's data from the training split: its first `trainImages + validationImages`
 * digits, of which `validationImages` (chosen by the budget's seed) are held out. The test
 * split is never touched: the sweep compares models, which is what validation data is for.
 */
export function splitForSweep(data: LabeledImages, budget: SweepBudget): TrainValidationSplit {
  const needed = budget.trainImages + budget.validationImages;
  if (data.count < needed) {
    throw new Error(
      `The sweep needs ${needed} training digits (${budget.trainImages} to train + ${budget.validationImages} to validate); only ${data.count} were loaded.`,
    );
  }
  return splitTrainValidation(takeSubset(data, needed), {
    validationSize: budget.validationImages,
    seed: budget.seed,
  });
}
