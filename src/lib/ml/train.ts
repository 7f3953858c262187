/**
 * The training loop and the evaluator. They report through callbacks and stop on an
 * AbortSignal; they never touch the page. Every tensor they create is freed: the loop's
 * tensor count is the same at the end of every epoch (a test checks this).
 */
import * as tf from '@tensorflow/tfjs';
import { buildBatch, buildOneHot, createRandom, type LabeledImages, shuffledIndices } from './batches';
import { assertSetting, SETTING_LIMITS } from './catalog';
import {
  accuracyFromConfusion,
  addToConfusion,
  argMax,
  countTopK,
  perClassMetrics,
  sumCrossEntropy,
  ThroughputMeter,
  topClasses,
} from './metrics';
import { createOptimizer } from './optimizers';
import type {
  EpochSummary,
  EvaluationResult,
  GalleryItem,
  LrScheduleName,
  OptimizerName,
  StepProgress,
} from './protocol';
import { learningRateAt } from './schedules';

export type { LabeledImages } from './batches';
export { ADAM_EPSILON, createOptimizer } from './optimizers';

/** Lets the event loop run (messages such as pause/stop arrive) without rAF, which stalls in hidden tabs. */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Pause, resume and single steps, shared between the loop and whoever drives it.
 * `step()` while paused lets exactly one more batch run.
 */
export class TrainingController {
  private pausedFlag = false;
  private grantedSteps = 0;
  private wake: (() => void) | null = null;

  get paused(): boolean {
    return this.pausedFlag;
  }
  pause(): void {
    this.pausedFlag = true;
  }
  resume(): void {
    this.pausedFlag = false;
    this.notify();
  }
  step(): void {
    this.grantedSteps++;
    this.notify();
  }

  /** Resolves when the next batch may run: not paused, a step was granted, or the signal aborted. */
  async waitForTurn(signal?: AbortSignal): Promise<void> {
    while (this.pausedFlag && this.grantedSteps === 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      this.wake = null;
    }
    if (this.pausedFlag && this.grantedSteps > 0) this.grantedSteps--;
  }

  private notify(): void {
    this.wake?.();
  }
}

export { learningRateAt } from './schedules';

function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  // SGD keeps -lr in a kept scalar, so it needs its setter; Adam reads the field on every step.
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.learningRate === lr) return;
  if (o.setLearningRate) o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** What `onBatchEnd` receives; the worker forwards it as a `progress` event. */
export type BatchInfo = StepProgress;

export interface EpochInfo extends EpochSummary {
  step: number;
  /** Accuracy on the validation split at the end of this epoch, when validation data was given. */
  validationAccuracy: number | null;
}

export interface EvaluationInfo {
  source: 'live' | 'epoch';
  step: number;
  epoch: number;
  result: EvaluationResult;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  lrSchedule?: LrScheduleName;
  optimizer?: OptimizerName;
  /** Seeds shuffling and augmentation. */
  seed: number;
  /** Model input [h, w, c]; CIFAR models take 24×24 crops of 32×32 images. */
  inputShape: [number, number, number];
  /** Random crop + flip on training batches (colour images only). Default false. */
  augment?: boolean;
  /** Share of each target spread over all classes (0 = plain one-hot). Default 0. */
  labelSmoothing?: number;
  /** Epochs already done (resume from a checkpoint). Default 0. */
  startEpoch?: number;
  /** Steps already done (a checkpoint's `step`), where the learning-rate schedule continues. Default `startEpoch` × batches per epoch. */
  startStep?: number;
  /** The optimizer's saved state (`getWeights()` order); `train` sets it on its optimizer and disposes the tensors. */
  optimizerState?: { name: string; tensor: tf.Tensor }[];
  /** Held-out data measured live and at each epoch's end: the validation split, never the test split. */
  validationData?: LabeledImages;
  /** Measure `validationData` with test-time flip (`EvaluateOptions.flip`). Default false. */
  flipTest?: boolean;
  /** Steps between live evaluations; 0 = only at epoch end. Default 0. */
  evaluateEvery?: number;
  /** Images in the evaluation gallery. Default 12. */
  gallerySize?: number;
  signal?: AbortSignal;
  controller?: TrainingController;
  onBatchEnd?: (info: BatchInfo) => void | Promise<void>;
  onEvaluation?: (info: EvaluationInfo) => void | Promise<void>;
  /** Awaited before the next epoch starts (save checkpoints here). */
  onEpochEnd?: (info: EpochInfo) => void | Promise<void>;
}

export interface TrainResult {
  /** Epochs fully completed, counting `startEpoch`. */
  epochsDone: number;
  step: number;
  stopped: boolean;
}

function validate(options: TrainOptions, data: LabeledImages): void {
  assertSetting('epochs', options.epochs, SETTING_LIMITS.epochs);
  assertSetting('batchSize', options.batchSize, SETTING_LIMITS.batchSize);
  assertSetting('learningRate', options.learningRate, SETTING_LIMITS.learningRate);
  if (data.count < 1) throw new Error('The training set is empty; load at least one example.');
  if (data.labels.length < data.count) {
    throw new Error(`The training set claims ${data.count} examples but has ${data.labels.length} labels.`);
  }
}

/**
 * Trains `model` in place. Compiles it with a fresh optimizer, which is disposed before this
 * resolves. Resolves (does not throw) when `signal` aborts, with `stopped: true`.
 */
export async function train(
  model: tf.LayersModel,
  data: LabeledImages,
  options: TrainOptions,
): Promise<TrainResult> {
  validate(options, data);
  const { epochs, batchSize, seed, inputShape, signal, controller } = options;
  const schedule = options.lrSchedule ?? 'constant';
  const augment = (options.augment ?? false) && inputShape[2] === 3;
  const batchesPerEpoch = Math.ceil(data.count / batchSize);
  const totalSteps = batchesPerEpoch * epochs;
  const startEpoch = options.startEpoch ?? 0;
  let step = options.startStep ?? startEpoch * batchesPerEpoch;
  const optimizer = createOptimizer(options.optimizer ?? 'adam', options.learningRate);
  const saved = options.optimizerState;
  if (saved) await optimizer.setWeights(saved).finally(() => tf.dispose(saved.map((w) => w.tensor)));
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const meter = new ThroughputMeter();
  const evaluateEvery = options.evaluateEvery ?? 0;
  let epochsDone = startEpoch;

  const runEvaluation = async (source: 'live' | 'epoch', epoch: number) => {
    if (!options.validationData) return null;
    const result = await evaluate(model, options.validationData, {
      inputShape,
      signal,
      gallerySize: options.gallerySize,
      flip: options.flipTest ?? false,
    });
    await options.onEvaluation?.({ source, step, epoch, result });
    return result;
  };

  try {
    for (let epoch = startEpoch; epoch < epochs; epoch++) {
      const order = shuffledIndices(data.count, seed, epoch);
      const random = createRandom(seed * 31 + epoch);
      const epochStart = performance.now();
      let lossSum = 0;
      let accSum = 0;
      let seen = 0;
      for (let batch = 0; batch < batchesPerEpoch; batch++) {
        await controller?.waitForTurn(signal);
        if (signal?.aborted) return { epochsDone, step, stopped: true };
        const indices = order.subarray(batch * batchSize, Math.min(data.count, (batch + 1) * batchSize));
        const lr = learningRateAt(schedule, options.learningRate, step, batchesPerEpoch, totalSteps);
        setLearningRate(optimizer, lr);
        const started = performance.now();
        const xs = tf.tensor4d(buildBatch(data, indices, { inputShape, augment, random }), [
          indices.length,
          ...inputShape,
        ]);
        const ys = tf.tensor2d(buildOneHot(data.labels, indices, 10, options.labelSmoothing ?? 0), [
          indices.length,
          10,
        ]);
        let loss: number;
        let accuracy: number;
        try {
          const out = (await model.trainOnBatch(xs, ys)) as number[];
          loss = out[0] as number;
          accuracy = out[1] as number;
        } finally {
          xs.dispose();
          ys.dispose();
        }
        const ms = performance.now() - started;
        meter.record(ms, indices.length);
        step++;
        lossSum += loss * indices.length;
        accSum += accuracy * indices.length;
        seen += indices.length;
        await options.onBatchEnd?.({
          epoch,
          epochs,
          batch,
          batchesPerEpoch,
          step,
          totalSteps,
          loss,
          accuracy,
          learningRate: lr,
          msPerStep: ms,
          imagesPerSec: meter.imagesPerSec,
          etaSeconds: meter.etaSeconds(totalSteps - step),
        });
        if (evaluateEvery > 0 && step % evaluateEvery === 0 && batch < batchesPerEpoch - 1) {
          await runEvaluation('live', epoch);
        }
        await yieldToEventLoop();
      }
      const durationMs = performance.now() - epochStart;
      const evaluation = await runEvaluation('epoch', epoch);
      epochsDone = epoch + 1;
      await options.onEpochEnd?.({
        epoch,
        epochs,
        loss: lossSum / seen,
        accuracy: accSum / seen,
        durationMs,
        imagesPerSec: (seen * 1000) / durationMs,
        step,
        validationAccuracy: evaluation?.accuracy ?? null,
      });
    }
    return { epochsDone, step, stopped: false };
  } catch (error) {
    if (signal?.aborted && isAbortError(error)) return { epochsDone, step, stopped: true };
    throw error;
  } finally {
    optimizer.dispose();
  }
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export interface EvaluateOptions {
  inputShape: [number, number, number];
  /** Default 256. */
  batchSize?: number;
  /** Default 12 images, spread evenly over the split so the same ones appear every time. */
  gallerySize?: number;
  /** Default [1, 3, 5]. */
  topK?: number[];
  /**
   * Test-time flip: score each image as the mean of the predicted probabilities of its centre
   * crop and the crop's mirror image (left-right). Default false.
   */
  flip?: boolean;
  signal?: AbortSignal;
}

/** Fixed gallery indices: evenly spaced over the split. */
export function galleryIndices(count: number, size: number): number[] {
  const n = Math.min(size, count);
  return Array.from({ length: n }, (_, i) => Math.floor((i * count) / n));
}

/**
 * Measures `model` on labelled data (centre crops, no augmentation): loss, accuracy, top-k,
 * per-class precision/recall, confusion matrix and a gallery. Throws the signal's reason
 * (an `AbortError`) when aborted between batches.
 */
export async function evaluate(
  model: tf.LayersModel,
  data: LabeledImages,
  options: EvaluateOptions,
): Promise<EvaluationResult> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 256;
  const ks = options.topK ?? [1, 3, 5];
  const classes = 10;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const topHits = ks.map(() => 0);
  let lossSum = 0;
  const wanted = new Set(galleryIndices(data.count, options.gallerySize ?? 12));
  const gallery: GalleryItem[] = [];
  const [h, w, c] = data.shape;

  for (let start = 0; start < data.count; start += batchSize) {
    options.signal?.throwIfAborted();
    const indices = Array.from({ length: Math.min(batchSize, data.count - start) }, (_, i) => start + i);
    const xs = tf.tensor4d(buildBatch(data, indices, { inputShape: options.inputShape, augment: false }), [
      indices.length,
      ...options.inputShape,
    ]);
    let probs: Float32Array;
    try {
      const out = options.flip
        ? tf.tidy(() => {
            const plain = model.predict(xs) as tf.Tensor;
            const mirrored = model.predict(tf.reverse(xs, 2)) as tf.Tensor;
            return tf.mul(tf.add(plain, mirrored), 0.5);
          })
        : (model.predict(xs) as tf.Tensor);
      probs = (await out.data()) as Float32Array;
      out.dispose();
    } finally {
      xs.dispose();
    }
    const labels = data.labels.subarray(start, start + indices.length);
    const predicted = indices.map((_, r) => argMax(probs, r * classes, classes));
    addToConfusion(confusion, labels, predicted);
    ks.forEach((k, i) => {
      topHits[i] = (topHits[i] as number) + countTopK(probs, labels, classes, k);
    });
    lossSum += sumCrossEntropy(probs, labels, classes);
    indices.forEach((index, r) => {
      if (!wanted.has(index)) return;
      const row = probs.subarray(r * classes, (r + 1) * classes);
      gallery.push({
        index,
        label: labels[r] as number,
        predicted: predicted[r] as number,
        top3: topClasses(row, 3),
        pixels: data.images.slice(index * h * w * c, (index + 1) * h * w * c),
        shape: [h, w, c],
      });
    });
    await yieldToEventLoop();
  }
  options.signal?.throwIfAborted();
  return {
    count: data.count,
    loss: data.count === 0 ? 0 : lossSum / data.count,
    accuracy: accuracyFromConfusion(confusion),
    topK: ks.map((k, i) => ({ k, accuracy: data.count === 0 ? 0 : (topHits[i] as number) / data.count })),
    perClass: perClassMetrics(confusion),
    confusion,
    gallery,
    durationMs: performance.now() - started,
  };
}
