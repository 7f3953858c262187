/**
 * The settings of the two presets whose numbers come from measurement rather than from the
 * article: MNIST `cnn` (≥ 99.0% test in under a minute of training on a 2-core CPU) and
 * CIFAR-10 `5min` (the best accuracy found for five minutes of training in the browser on a
 * 2-core CPU). `scripts/recipe-search.ts` produced the evidence (`src/data/bench/recipes/recipe-search.json`);
 * `npm run pretrain` trains these settings into `src/data/pretrained/<modelId>/`; `presets.ts`
 * takes them as its `cnn` and `5min` entries.
 *
 * Pure data: no TF.js import.
 */
import type { DatasetName, TrainerSettings } from './catalog';

/** MNIST `cnn`: the small LeNet-like CNN. */
export const MNIST_CNN_RECIPE: TrainerSettings = {
  modelId: 'mnist-cnn',
  epochs: 2,
  batchSize: 128,
  learningRate: 0.01,
  lrSchedule: 'onecycle',
  optimizer: 'adam',
  labelSmoothing: 0.1,
  evaluateEvery: 0,
  trainSubset: null,
  testSubset: null,
  backend: 'auto',
  seed: 1,
};

/**
 * CIFAR-10 `5min`: two epochs over the whole training split (45,000 photos once the trainer
 * holds out its 5,000 validation images: 90,000 images, about three and a half minutes at the
 * browser's ~430 images/s with the guide's kernels, leaving room for loading and evaluations),
 * a one-cycle rate peaking at 0.02, and test-time flip.
 */
export const CIFAR_5MIN_RECIPE: TrainerSettings = {
  modelId: 'cifar-fast',
  epochs: 2,
  batchSize: 128,
  learningRate: 0.02,
  lrSchedule: 'onecycle',
  optimizer: 'adam',
  augment: true,
  labelSmoothing: 0,
  flipTest: true,
  evaluateEvery: 0,
  trainSubset: null,
  testSubset: null,
  backend: 'auto',
  seed: 1,
};

export interface PretrainedRecipe {
  /** The preset id of the trainer (`?mnist=preset:cnn`). */
  preset: string;
  dataset: DatasetName;
  settings: TrainerSettings;
}

/** What `npm run pretrain` trains; each lands in `src/data/pretrained/<settings.modelId>/`. */
export const PRETRAINED_RECIPES: readonly PretrainedRecipe[] = [
  { preset: 'cnn', dataset: 'mnist', settings: MNIST_CNN_RECIPE },
  { preset: '5min', dataset: 'cifar10', settings: CIFAR_5MIN_RECIPE },
];
