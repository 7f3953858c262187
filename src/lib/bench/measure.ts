/**
 * The benchmark's measurements, shared by `npm run bench` (headless Chromium) and the
 * reader's benchmark island, so both time exactly the same thing: the guide's own
 * training loop (`train()` from `src/lib/ml/train.ts`) on the guide's models.
 *
 * No DOM: runs in a page, a worker or Node. The backend comes in through `useBackend`.
 */
import * as tf from '@tensorflow/tfjs';
import { setUpWasm, type WasmPaths } from '../ml/backend';
import { MODEL_INPUT_SHAPE, type ModelId } from '../ml/catalog';
import { MODEL_FACTORIES } from '../ml/models';
import type { LrScheduleName } from '../ml/protocol';
import { syntheticImages } from '../ml/synthetic';
import { evaluate, type LabeledImages, train } from '../ml/train';
import type { BenchBackend, EpochResult, ThroughputResult } from './results';

export interface BackendSetupOptions {
  /** Folder URL (ending in `/`) or file-name → URL map of TF.js's `.wasm` binaries. */
  wasmPaths: WasmPaths;
  /** Threaded wasm (needs cross-origin isolation). Default false: single-threaded SIMD. */
  wasmThreads?: boolean;
}

/** Activates `backend`; for wasm, loads it from our own URLs and adds the training kernels (as the trainer does). */
export async function useBackend(backend: BenchBackend, options: BackendSetupOptions): Promise<void> {
  if (backend === 'wasm') await setUpWasm(options.wasmPaths, { threads: options.wasmThreads ?? false });
  // WebGPU is not part of @tensorflow/tfjs: its backend registers itself when imported.
  if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js could not start the ${backend} backend here.`);
  await tf.ready();
}

export interface ThroughputOptions {
  model: ModelId;
  backend: BenchBackend;
  batchSize?: number;
  /** Steps run before the clock starts (kernel compilation, XNNPACK packing). Default 2. */
  warmupSteps?: number;
  /** Timed steps at most. Default 20. */
  maxSteps?: number;
  /** Stop timing after this many seconds (at least one timed step runs). Default 6. */
  maxSeconds?: number;
  signal?: AbortSignal;
}

/**
 * Training images per second of `model` on the active backend: a fixed number of steps
 * of the guide's training loop (Adam, batch 64) after warm-up, on synthetic images of
 * the model's input size (speed does not depend on pixel values).
 */
export async function measureThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const batchSize = options.batchSize ?? 64;
  const warmup = options.warmupSteps ?? 2;
  const maxSteps = options.maxSteps ?? 20;
  const maxMs = (options.maxSeconds ?? 6) * 1000;
  const inputShape = MODEL_INPUT_SHAPE[options.model];
  const data = syntheticImages(batchSize * (warmup + maxSteps), inputShape);
  const model = MODEL_FACTORIES[options.model]({ seed: 1 });
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort);
  let clockStart = 0;
  let timedSteps = 0;
  let lastEnd = 0;
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
        if (step === warmup) clockStart = now;
        else if (step > warmup) {
          timedSteps = step - warmup;
          lastEnd = now;
          if (now - clockStart >= maxMs) stop.abort();
        }
      },
    });
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
    model.dispose();
  }
  options.signal?.throwIfAborted();
  const seconds = (lastEnd - clockStart) / 1000;
  return {
    model: options.model,
    backend: options.backend,
    batchSize,
    steps: timedSteps,
    seconds: round(seconds, 3),
    imagesPerSecond: timedSteps > 0 ? round((timedSteps * batchSize) / seconds, 1) : 0,
  };
}

export interface EpochOptions {
  model: ModelId;
  backend: BenchBackend;
  train: LabeledImages;
  test: LabeledImages;
  batchSize?: number;
  learningRate?: number;
  /** Default `constant`; `cosine` decays to 1% of the rate by the epoch's end. */
  lrSchedule?: LrScheduleName;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** One epoch over `train` with the guide's loop, then accuracy on `test`. */
export async function measureEpoch(options: EpochOptions): Promise<EpochResult> {
  const batchSize = options.batchSize ?? 64;
  const learningRate = options.learningRate ?? 0.001;
  const lrSchedule = options.lrSchedule ?? 'constant';
  const inputShape = MODEL_INPUT_SHAPE[options.model];
  const model = MODEL_FACTORIES[options.model]({ seed: 1 });
  try {
    const started = performance.now();
    const result = await train(model, options.train, {
      epochs: 1,
      batchSize,
      learningRate,
      lrSchedule,
      seed: 1,
      inputShape,
      signal: options.signal,
      onBatchEnd: ({ batch, batchesPerEpoch }) => options.onProgress?.(batch + 1, batchesPerEpoch),
    });
    const trainSeconds = (performance.now() - started) / 1000;
    options.signal?.throwIfAborted();
    if (result.stopped) throw new Error('The epoch was stopped before it finished.');
    const evaluation = await evaluate(model, options.test, {
      inputShape,
      signal: options.signal,
      gallerySize: 0,
    });
    return {
      model: options.model,
      backend: options.backend,
      batchSize,
      learningRate,
      lrSchedule,
      trainImages: options.train.count,
      testImages: options.test.count,
      trainSeconds: round(trainSeconds, 2),
      imagesPerSecond: round(options.train.count / trainSeconds, 1),
      testAccuracy: round(evaluation.accuracy, 4),
    };
  } finally {
    model.dispose();
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
