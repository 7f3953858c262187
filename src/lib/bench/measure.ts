/**
 * The benchmark's measurements, shared by `npm run bench` (headless Chromium) and the
 * reader's benchmark island, so both time exactly the same thing: the guide's own
 * training loop (`train()` from `src/lib/ml/train.ts`) on the guide's models.
 *
 * No DOM: runs in a page, a worker or Node. The backend comes in through `useBackend`.
 */
import * as tf from '@tensorflow/tfjs';
import {
  loadBackendModule,
  setUpWasm,
  type WasmPaths,
  type WasmSetupOptions,
  wasmThreadCount,
} from '../ml/backend';
import { takeSubset } from '../ml/batches';
import { MODEL_INPUT_SHAPE, type ModelId } from '../ml/catalog';
import { holdOutValidation } from '../ml/holdout';
import { createModel, MODEL_FACTORIES } from '../ml/models';
import type { TrainerSettings } from '../ml/protocol';
import { syntheticImages } from '../ml/synthetic';
import { evaluate, type LabeledImages, train } from '../ml/train';
import type { BenchBackend, EpochResult, ThroughputResult } from './results';

export interface BackendSetupOptions {
  /** Folder URL (ending in `/`) or file-name → URL map of TF.js's `.wasm` binaries. */
  wasmPaths: WasmPaths;
  /** Threads for wasm: where they come from and a forced count. Default: single-threaded SIMD. */
  wasmThreads?: Pick<WasmSetupOptions, 'threadHost' | 'threads'>;
}

/** Threads the active backend computes with: the wasm backend's pool, 1 elsewhere. */
function activeThreads(): number {
  return tf.getBackend() === 'wasm' ? wasmThreadCount() : 1;
}

/** Activates `backend`; for wasm, loads it from our own URLs and adds the training kernels (as the trainer does). */
export async function useBackend(backend: BenchBackend, options: BackendSetupOptions): Promise<void> {
  if (backend === 'wasm') await setUpWasm(options.wasmPaths, options.wasmThreads);
  else await loadBackendModule(backend);
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js could not start the ${backend} backend here.`);
  await tf.ready();
}

export interface ThroughputOptions {
  model: ModelId;
  backend: BenchBackend;
  batchSize?: number;
  /** Steps run before the clock starts (kernel compilation, XNNPACK packing). Default 2. */
  warmupSteps?: number;
  /**
   * Batch of the warm-up steps; default `batchSize`. The cpu backend compiles nothing per
   * shape, so a small warm-up batch warms its JavaScript as well and saves a long step.
   */
  warmupBatchSize?: number;
  /** Timed steps at most. Default 20. */
  maxSteps?: number;
  /** Stop timing after this many seconds (at least one timed step runs). Default 6. */
  maxSeconds?: number;
  /**
   * When the first warm-up step at the timed batch takes longer than this many seconds, it
   * becomes the measurement (one step, its compiling included): on a software GPU a large CNN
   * takes minutes per step, and compiling is a small part of that. Default: never.
   */
  singleStepAbove?: number;
  signal?: AbortSignal;
}

/**
 * Training images per second of `model` on the active backend: a fixed number of steps
 * of the guide's training loop (Adam) after warm-up, on synthetic images of the model's
 * input size (speed does not depend on pixel values).
 */
export async function measureThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const batchSize = options.batchSize ?? 64;
  const warmup = options.warmupSteps ?? 2;
  const warmupBatch = options.warmupBatchSize ?? batchSize;
  const model = MODEL_FACTORIES[options.model]({ seed: 1 });
  try {
    if (warmup > 0 && warmupBatch !== batchSize) {
      await timeTrainingSteps(model, { ...options, batchSize: warmupBatch, warmup, maxSteps: 0 });
    }
    const sameBatchWarmup = warmupBatch === batchSize ? warmup : 0;
    const { steps, seconds } = await timeTrainingSteps(model, {
      ...options,
      batchSize,
      warmup: sameBatchWarmup,
    });
    options.signal?.throwIfAborted();
    return resultOf(options, 'train', batchSize, steps, seconds);
  } finally {
    model.dispose();
  }
}

/**
 * Runs `warmup` untimed steps then up to `maxSteps` timed ones (at least one when `maxSteps`
 * is above 0, stopping once `maxSeconds` have passed) of `train()` at `batchSize`.
 */
async function timeTrainingSteps(
  model: tf.LayersModel,
  options: ThroughputOptions & { batchSize: number; warmup: number },
): Promise<{ steps: number; seconds: number }> {
  const { batchSize, warmup } = options;
  const maxSteps = options.maxSteps ?? 20;
  const maxMs = (options.maxSeconds ?? 6) * 1000;
  const inputShape = MODEL_INPUT_SHAPE[options.model];
  const data = syntheticImages(batchSize * (warmup + Math.max(1, maxSteps)), inputShape);
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort);
  const callStart = performance.now();
  const singleStepMs = (options.singleStepAbove ?? Number.POSITIVE_INFINITY) * 1000;
  let clockStart = callStart;
  let timedSteps = 0;
  let lastEnd = clockStart;
  try {
    await train(model, data, {
      epochs: 1,
      batchSize,
      learningRate: 0.001,
      seed: 1,
      inputShape,
      signal: stop.signal,
      onBatchEnd: ({ step }) => {
        const now = performance.now();
        if (step === 1 && warmup > 0 && maxSteps > 0 && now - callStart > singleStepMs) {
          [clockStart, lastEnd, timedSteps] = [callStart, now, 1];
          stop.abort();
        } else if (step === warmup) {
          clockStart = now;
          if (maxSteps === 0) stop.abort();
        } else if (step > warmup) {
          timedSteps = step - warmup;
          lastEnd = now;
          if (now - clockStart >= maxMs || timedSteps >= maxSteps) stop.abort();
        }
      },
    });
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
  return { steps: timedSteps, seconds: (lastEnd - clockStart) / 1000 };
}

/**
 * Prediction images per second (what evaluation costs): `model.predict` on a batch and a
 * read-back of the result, after warm-up, timed like `measureThroughput`.
 */
export async function measureForward(options: ThroughputOptions): Promise<ThroughputResult> {
  const batchSize = options.batchSize ?? 64;
  const warmup = options.warmupSteps ?? 2;
  const warmupBatch = options.warmupBatchSize ?? batchSize;
  const maxSteps = Math.max(1, options.maxSteps ?? 20);
  const maxMs = (options.maxSeconds ?? 6) * 1000;
  const inputShape = MODEL_INPUT_SHAPE[options.model];
  const model = MODEL_FACTORIES[options.model]({ seed: 1 });
  const predictOnce = async (size: number) => {
    const x = tf.zeros([size, ...inputShape]);
    const y = model.predict(x) as tf.Tensor;
    await y.data();
    tf.dispose([x, y]);
  };
  try {
    const singleStepMs = (options.singleStepAbove ?? Number.POSITIVE_INFINITY) * 1000;
    for (let i = 0; i < warmup; i++) {
      const first = performance.now();
      await predictOnce(warmupBatch);
      const ms = performance.now() - first;
      if (i === 0 && warmupBatch === batchSize && ms > singleStepMs) {
        return resultOf(options, 'forward', batchSize, 1, ms / 1000);
      }
    }
    const started = performance.now();
    let steps = 0;
    let elapsed = 0;
    while (steps < maxSteps && elapsed < maxMs) {
      options.signal?.throwIfAborted();
      await predictOnce(batchSize);
      steps++;
      elapsed = performance.now() - started;
    }
    return resultOf(options, 'forward', batchSize, steps, elapsed / 1000);
  } finally {
    model.dispose();
  }
}

function resultOf(
  options: ThroughputOptions,
  mode: ThroughputResult['mode'],
  batchSize: number,
  steps: number,
  seconds: number,
): ThroughputResult {
  return {
    model: options.model,
    backend: options.backend,
    mode,
    threads: activeThreads(),
    batchSize,
    steps,
    seconds: round(seconds, 3),
    imagesPerSecond: steps > 0 && seconds > 0 ? round((steps * batchSize) / seconds, 1) : 0,
  };
}

export interface PresetRunOptions {
  /** The preset's id (`src/lib/ml/presets.ts`), recorded with the result. */
  preset: string;
  /** The preset's run settings (`toRunSettings`), exactly what the trainer would send its worker. */
  settings: TrainerSettings;
  backend: BenchBackend;
  /** The whole training split; the run takes the preset's subset and holds out its validation images. */
  train: LabeledImages;
  /** The whole test split, scored once after training. */
  test: LabeledImages;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * One preset trained start to finish as the trainer trains it: the same subset, the same
 * validation images held out (`holdOutValidation`), the same model options, schedule,
 * augmentation and label smoothing; then validation and whole-test-split accuracy. The clock
 * covers training only (the trainer's live evaluations are not run, so the time is the
 * training a reader waits for, not the charts).
 */
export async function measurePresetRun(options: PresetRunOptions): Promise<EpochResult> {
  const { settings } = options;
  const { train: trainPart, validation } = holdOutValidation(takeSubset(options.train, settings.trainSubset));
  const inputShape = MODEL_INPUT_SHAPE[settings.modelId];
  const model = createModel(settings.modelId, { seed: settings.seed, ...settings.model });
  try {
    const started = performance.now();
    const result = await train(model, trainPart, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      lrSchedule: settings.lrSchedule ?? 'constant',
      optimizer: settings.optimizer ?? 'adam',
      seed: settings.seed,
      inputShape,
      augment: settings.augment ?? true,
      labelSmoothing: settings.labelSmoothing ?? 0,
      signal: options.signal,
      onBatchEnd: ({ step, totalSteps }) => options.onProgress?.(step, totalSteps),
    });
    const trainSeconds = (performance.now() - started) / 1000;
    options.signal?.throwIfAborted();
    if (result.stopped) throw new Error(`The ${options.preset} run was stopped before it finished.`);
    const scored = async (data: LabeledImages) =>
      (await evaluate(model, data, { inputShape, signal: options.signal, gallerySize: 0 })).accuracy;
    const validationAccuracy = validation.count > 0 ? await scored(validation) : null;
    const testAccuracy = await scored(options.test);
    return {
      model: settings.modelId,
      preset: options.preset,
      backend: options.backend,
      threads: activeThreads(),
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      lrSchedule: settings.lrSchedule ?? 'constant',
      ...(settings.labelSmoothing ? { labelSmoothing: settings.labelSmoothing } : {}),
      trainImages: trainPart.count,
      testImages: options.test.count,
      trainSeconds: round(trainSeconds, 2),
      imagesPerSecond: round((trainPart.count * settings.epochs) / trainSeconds, 1),
      ...(validationAccuracy === null
        ? {}
        : { validationImages: validation.count, validationAccuracy: round(validationAccuracy, 4) }),
      testAccuracy: round(testAccuracy, 4),
    };
  } finally {
    model.dispose();
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
