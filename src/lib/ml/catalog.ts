/**
 * The settings table: what a reader can train (datasets, models, backends) and the limits of
 * every setting. The island's form rules (`src/lib/trainer-view/settings.ts`), its markup
 * (`TrainerIsland.astro` min/max attributes), the runtime (`validateTrainerSettings`) and the
 * loop (`train()`) all read this one table, and all word a broken limit with `checkSetting`,
 * so a value the form refuses is refused by the runtime and the loop in the same words.
 *
 * Pure data and zod: no TF.js import, safe to load in any island and in Node scripts.
 */

import type { DatasetName } from '../data/manifest';
import { z } from '../schema.ts';

export type { DatasetName } from '../data/manifest';

export const MODEL_IDS = [
  'mnist-mlp',
  'mnist-cnn',
  'mnist-cnn-large',
  'cifar-tutorial',
  'cifar-modern',
  'cifar-fast',
] as const;
export type ModelId = (typeof MODEL_IDS)[number];

/** Which dataset each model trains on. */
export const MODEL_DATASET: Record<ModelId, DatasetName> = {
  'mnist-mlp': 'mnist',
  'mnist-cnn': 'mnist',
  'mnist-cnn-large': 'mnist',
  'cifar-tutorial': 'cifar10',
  'cifar-modern': 'cifar10',
  'cifar-fast': 'cifar10',
};

/** Model ids each dataset's trainer offers, in the order the form lists them. */
export const MODELS_BY_DATASET: Readonly<Record<DatasetName, readonly ModelId[]>> = {
  mnist: MODEL_IDS.filter((id) => MODEL_DATASET[id] === 'mnist'),
  cifar10: MODEL_IDS.filter((id) => MODEL_DATASET[id] === 'cifar10'),
};

/** Input shape [height, width, channels] the model expects (CIFAR models see 24×24 crops). */
export const MODEL_INPUT_SHAPE: Record<ModelId, [number, number, number]> = {
  'mnist-mlp': [28, 28, 1],
  'mnist-cnn': [28, 28, 1],
  'mnist-cnn-large': [28, 28, 1],
  'cifar-tutorial': [24, 24, 3],
  'cifar-modern': [24, 24, 3],
  'cifar-fast': [24, 24, 3],
};

/** Examples in each split: a subset can be at most the whole split. */
export const TRAIN_SIZE: Readonly<Record<DatasetName, number>> = { mnist: 60_000, cifar10: 50_000 };
export const TEST_SIZE: Readonly<Record<DatasetName, number>> = { mnist: 10_000, cifar10: 10_000 };

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/** `auto` tries WebGPU, then WebGL, then wasm, then cpu after a device check. */
export type BackendPreference = 'auto' | BackendName;
/** Order `auto` tries backends in. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/** What the form offers: `auto`, then every backend in `auto`'s order. */
export const BACKEND_CHOICES: readonly BackendPreference[] = ['auto', ...BACKEND_ORDER];

/** Where the training runtime runs: a module Web Worker, or the page as a fallback. */
export type RuntimeHost = 'worker' | 'main-thread';

export type Activation = 'relu' | 'prelu';
export type OptimizerName = 'adam' | 'sgd' | 'momentum';
/**
 * Learning-rate schedule over the whole run. `constant`: the base rate throughout;
 * `step`: multiply by 0.5 at every epoch boundary after the first;
 * `cosine`: cosine decay from the base rate to 1% of it at the last step;
 * `linear`: straight-line decay to 1% of the base rate; `onecycle`: warm up over the first
 * quarter, then decay to nearly 0 (`schedules.ts` has the formulas).
 */
export type LrScheduleName = 'constant' | 'step' | 'cosine' | 'linear' | 'onecycle';

/** Architecture knobs; every field is optional and falls back to the model's default. */
export interface ModelOptions {
  /** Seed for the weight initialisers. Same seed → same initial weights. Default: settings.seed. */
  seed?: number;
  /** Convolution filter counts per block (CNNs). E.g. `[32, 64]` for `mnist-cnn`. */
  filters?: number[];
  /** Hidden dense widths. E.g. `[128, 64]` for `mnist-mlp`, `[384, 192]` for `cifar-tutorial`. */
  units?: number[];
  /** Hidden activation. Default `relu`. */
  activation?: Activation;
  /** `cifar-fast` only: convolutions per block (1 to 3). Default 1. */
  convsPerBlock?: number;
}

/** Everything the reader can set for one run; the limits are `SETTING_LIMITS` below. */
export interface TrainerSettings {
  modelId: ModelId;
  /** Number of passes over the training subset. */
  epochs: number;
  /** Examples per step. */
  batchSize: number;
  /** Base learning rate (e.g. 0.001 for Adam). */
  learningRate: number;
  /** Default `constant`. */
  lrSchedule?: LrScheduleName;
  /** Default `adam`. */
  optimizer?: OptimizerName;
  /** Training examples to use (first N of the split); `null` or absent = the whole split. */
  trainSubset?: number | null;
  /** Test examples the evaluator uses; `null` or absent = the whole test split. */
  testSubset?: number | null;
  /** Backend override; default `auto`. */
  backend?: BackendPreference;
  /** Seeds weights, shuffling and augmentation. */
  seed: number;
  /** CIFAR only: random 24×24 crop + horizontal flip in training (centre crop always in eval). Default true. */
  augment?: boolean;
  /** Label smoothing ε, 0 up to 0.5 (0 = plain one-hot targets). Default 0. */
  labelSmoothing?: number;
  /**
   * Test-time flip: every evaluation (validation while training, the test score) averages the
   * predicted probabilities of each image's centre crop and its mirror image. Default false.
   */
  flipTest?: boolean;
  /**
   * Steps between live evaluations of the latest weights on the test split while training
   * continues; 0 = only at the end of each epoch. Default 0.
   */
  evaluateEvery?: number;
  /** Architecture knobs passed to the model factory. */
  model?: ModelOptions;
}

/** A closed range of numbers; `integer` also refuses fractions. */
export interface Limit {
  integer: boolean;
  min: number;
  max: number;
}

/**
 * The limits of every numeric setting. They are sized for a reader's browser: 50 epochs and a
 * batch of 1,024 are more than any chapter asks for and still fit a laptop's memory; a
 * learning rate above 1 only diverges; fewer than 100 examples teach ten classes nothing.
 */
export const SETTING_LIMITS = {
  epochs: { integer: true, min: 1, max: 50 },
  batchSize: { integer: true, min: 1, max: 1024 },
  learningRate: { integer: false, min: 1e-5, max: 1 },
  seed: { integer: true, min: 0, max: 2 ** 31 - 1 },
  /** Evaluations on the test set per epoch (the form's setting; the runtime gets `evaluateEvery`). */
  evalsPerEpoch: { integer: true, min: 1, max: 20 },
  /** Steps between live evaluations; 0 = only at the end of each epoch. */
  evaluateEvery: { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER },
  /** Units of the MLP's single hidden layer when the reader sets it (0 keeps the model's layers). */
  hiddenUnits: { integer: true, min: 10, max: 2048 },
  /** Label smoothing ε: above 0.5 the true class's target falls towards the others'. */
  labelSmoothing: { integer: false, min: 0, max: 0.5 },
} as const satisfies Record<string, Limit>;

/** Fewest examples a subset may have; the most is the split's size. */
export const MIN_SUBSET = 100;

/** The limit of `trainSubset` (split `train`) or `testSubset` (split `test`) for a dataset. */
export function subsetLimit(dataset: DatasetName, split: 'train' | 'test'): Limit {
  return { integer: true, min: MIN_SUBSET, max: (split === 'train' ? TRAIN_SIZE : TEST_SIZE)[dataset] };
}

/** `an integer from 1 to 50`, `a number from 0.00001 to 1`. */
export function describeLimit(limit: Limit): string {
  const max = limit.max === Number.MAX_SAFE_INTEGER ? 'up' : `to ${limit.max}`;
  return `${limit.integer ? 'an integer' : 'a number'} from ${limit.min} ${max}`;
}

export function withinLimit(value: unknown, limit: Limit): value is number {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= limit.min &&
    value <= limit.max &&
    (!limit.integer || Number.isInteger(value))
  );
}

/** The words of every refused setting: `batchSize must be an integer from 1 to 1024; got 2000.` */
export function settingMessage(name: string, expected: string, got: unknown): string {
  return `${name} must be ${expected}; got ${String(got)}.`;
}

/**
 * The one check of a setting against its limit: null when `value` fits, else the message every
 * layer shows, e.g. `batchSize must be an integer from 1 to 1024; got 2000.`
 */
export function checkSetting(name: string, value: unknown, limit: Limit): string | null {
  if (withinLimit(value, limit)) return null;
  return settingMessage(name, describeLimit(limit), value);
}

/** Throws an Error with `checkSetting`'s message when `value` breaks `limit`. */
export function assertSetting(name: string, value: unknown, limit: Limit): void {
  const problem = checkSetting(name, value, limit);
  if (problem) throw new Error(problem);
}

function limited(name: string, limit: Limit) {
  return z.custom<number>((value) => withinLimit(value, limit), {
    error: (issue) => checkSetting(name, issue.input, limit) ?? `${name} is invalid.`,
  });
}

/** The run settings' schema (`TrainerSettings` in the protocol), subsets checked per dataset below. */
export const TrainerSettingsSchema = z
  .object({
    modelId: z.enum(MODEL_IDS, {
      error: (issue) => settingMessage('modelId', `one of ${MODEL_IDS.join(', ')}`, issue.input),
    }),
    epochs: limited('epochs', SETTING_LIMITS.epochs),
    batchSize: limited('batchSize', SETTING_LIMITS.batchSize),
    learningRate: limited('learningRate', SETTING_LIMITS.learningRate),
    seed: limited('seed', SETTING_LIMITS.seed),
    evaluateEvery: limited('evaluateEvery', SETTING_LIMITS.evaluateEvery).optional(),
    labelSmoothing: limited('labelSmoothing', SETTING_LIMITS.labelSmoothing).optional(),
    flipTest: z.boolean().optional(),
    trainSubset: z.number().nullish(),
    testSubset: z.number().nullish(),
  })
  .superRefine((settings, context) => {
    const dataset = MODEL_DATASET[settings.modelId];
    for (const [key, split] of [
      ['trainSubset', 'train'],
      ['testSubset', 'test'],
    ] as const) {
      const value = settings[key];
      const problem = value == null ? null : checkSetting(key, value, subsetLimit(dataset, split));
      if (problem) context.addIssue({ code: 'custom', path: [key], message: problem });
    }
  });

/**
 * Checks a run's settings against the table; throws an Error whose message names the first bad
 * setting, its value and the accepted range (the same words the form and `train()` use).
 */
export function validateTrainerSettings(settings: unknown): void {
  const result = TrainerSettingsSchema.safeParse(settings);
  if (!result.success) throw new Error(result.error.issues[0]?.message ?? 'The settings are invalid.');
}
