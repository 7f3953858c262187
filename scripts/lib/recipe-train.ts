/**
 * The training half of `npm run pretrain` and `scripts/recipe-search.ts`, bundled by esbuild
 * and run in Node (the guide's model code uses TypeScript that Node's type stripping does not
 * run): trains one `TrainerSettings` with the guide's own `createModel` and `train()` on TF.js's
 * wasm backend (with the training kernels of src/lib/ml/wasm-kernels/, as in the browser),
 * holding out the seeded validation split, then measures validation and test accuracy.
 */
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { type LoadedSplit, loadSplit } from '../../src/lib/data/loader';
import { setUpWasm } from '../../src/lib/ml/backend';
import { type LabeledImages, takeSubset } from '../../src/lib/ml/batches';
import { MODEL_DATASET, MODEL_INPUT_SHAPE, type TrainerSettings } from '../../src/lib/ml/catalog';
import { validationSizeFor } from '../../src/lib/ml/holdout';
import { countParams, createModel } from '../../src/lib/ml/models';
import { splitTrainValidation } from '../../src/lib/ml/splits';
import { evaluate, train } from '../../src/lib/ml/train';

export type NodeBackend = 'wasm' | 'cpu';

let backendReady: NodeBackend | null = null;

/** Starts TF.js's wasm (with the guide's training kernels) or cpu backend, once. */
export async function useBackend(backend: NodeBackend): Promise<void> {
  if (backendReady === backend) return;
  if (backend === 'wasm') {
    const wasmFile = fileURLToPath(
      import.meta.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm'),
    );
    await setUpWasm(wasmFile.replace(/[^/]+$/, ''));
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js could not start its ${backend} backend.`);
  await tf.ready();
  backendReady = backend;
}

const splitCache = new Map<string, LoadedSplit>();

/** Loads (once per process) a whole split of a dataset from the static server at `dataUrl`. */
export async function cachedSplit(
  dataUrl: string,
  dataset: 'mnist' | 'cifar10',
  split: 'train' | 'test',
): Promise<LoadedSplit> {
  const key = `${dataset}/${split}`;
  let loaded = splitCache.get(key);
  if (!loaded) {
    loaded = await loadSplit(dataUrl, dataset, split);
    splitCache.set(key, loaded);
  }
  return loaded;
}

export interface RecipeRunOptions {
  /** URL of the folder holding `<dataset>/manifest.json` (the static server over public/data). */
  dataUrl: string;
  settings: TrainerSettings;
  /**
   * Examples held out of the training subset (seeded by `settings.seed`), at most a tenth of
   * the subset as in the trainer (`holdout.ts`).
   */
  validationSize: number;
  backend: NodeBackend;
  /** Also measure the whole test split (the search leaves it alone and ranks on validation). */
  measureTest: boolean;
  log: (line: string) => void;
}

export interface RecipeRunResult {
  model: tf.LayersModel;
  params: number;
  trainImages: number;
  /** Images held out of the subset for validation. */
  validationSize: number;
  /** Images seen in training (epochs × training images). */
  imagesSeen: number;
  trainSeconds: number;
  imagesPerSec: number;
  validationAccuracy: number;
  testAccuracy: number | null;
  /** The same two with test-time flip (`evaluate`'s `flip`); the two above are without, whatever `settings.flipTest` says. */
  validationAccuracyFlip: number;
  testAccuracyFlip: number | null;
  finalLoss: number;
}

/** Trains `settings` from scratch; the caller disposes `result.model`. */
export async function runRecipe(options: RecipeRunOptions): Promise<RecipeRunResult> {
  const { settings, log } = options;
  const dataset = MODEL_DATASET[settings.modelId];
  await useBackend(options.backend);
  // As the trainer does (runtime/run-data.ts): the subset first, then at most a tenth of it held out.
  const subset = takeSubset(await cachedSplit(options.dataUrl, dataset, 'train'), settings.trainSubset);
  const { train: trainData, validation } = splitTrainValidation(subset, {
    validationSize: Math.min(options.validationSize, validationSizeFor(subset.count)),
    seed: settings.seed,
  });
  const inputShape = MODEL_INPUT_SHAPE[settings.modelId];
  const model = createModel(settings.modelId, { seed: settings.seed, ...settings.model });
  let finalLoss = Number.NaN;
  const started = performance.now();
  try {
    await train(model, trainData, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      lrSchedule: settings.lrSchedule,
      optimizer: settings.optimizer,
      seed: settings.seed,
      inputShape,
      augment: settings.augment ?? true,
      labelSmoothing: settings.labelSmoothing,
      onBatchEnd: (info) => {
        finalLoss = info.loss;
        if (info.step % 200 === 0 || info.step === info.totalSteps) {
          log(
            `  step ${info.step}/${info.totalSteps}  loss ${info.loss.toFixed(3)}  lr ${info.learningRate.toExponential(2)}  ${Math.round(info.imagesPerSec)} images/s`,
          );
        }
      },
    });
    const trainSeconds = (performance.now() - started) / 1000;
    const imagesSeen = trainData.count * settings.epochs;
    log(`Trained in ${trainSeconds.toFixed(1)} s (${Math.round(imagesSeen / trainSeconds)} images/s).`);
    const score = async (data: LabeledImages, flip: boolean) =>
      (await evaluate(model, data, { inputShape, gallerySize: 0, flip })).accuracy;
    const validationAccuracy = await score(validation, false);
    const validationAccuracyFlip = await score(validation, true);
    let testAccuracy: number | null = null;
    let testAccuracyFlip: number | null = null;
    if (options.measureTest) {
      const test = await cachedSplit(options.dataUrl, dataset, 'test');
      testAccuracy = await score(test, false);
      testAccuracyFlip = await score(test, true);
    }
    return {
      model,
      params: countParams(model),
      trainImages: trainData.count,
      validationSize: validation.count,
      imagesSeen,
      trainSeconds,
      imagesPerSec: imagesSeen / trainSeconds,
      validationAccuracy,
      testAccuracy,
      validationAccuracyFlip,
      testAccuracyFlip,
      finalLoss,
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** The model's layers-format artifacts (topology, weight specs, weight bytes). */
export async function modelArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('TF.js saved no artifacts for the model.');
  return saved;
}

export const TFJS_VERSION = tf.version.tfjs;
