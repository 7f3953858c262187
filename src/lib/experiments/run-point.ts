/**
 * Trains and measures one point of the kernel sweep with the guide's own code: `createModel`
 * and `train()` for the fitting, `confusionOnSplit` for the validation figures. The island's
 * worker and `npm run sweep` both call this, on whatever backend is already set.
 */
import * as tf from '@tensorflow/tfjs';
import type { LabeledImages } from '../ml/batches';
import { MODEL_INPUT_SHAPE } from '../ml/catalog';
import { createModel } from '../ml/models';
import type { TrainValidationSplit } from '../ml/splits';
import { train } from '../ml/train';
import { confusionOnSplit } from './evaluate-split';
import type { SweepBudget, SweepPoint } from './kernel-sweep';
import { type SweepPointResult, summariseConfusion } from './sweep-result';

export interface PointProgress {
  pointId: string;
  step: number;
  totalSteps: number;
  imagesPerSec: number;
}

export interface RunPointOptions {
  signal?: AbortSignal;
  onProgress?: (progress: PointProgress) => void;
}

/** The point's result, or null when `signal` stopped it before it finished. */
export async function runSweepPoint(
  point: SweepPoint,
  split: Pick<TrainValidationSplit, 'train' | 'validation'>,
  budget: SweepBudget,
  options: RunPointOptions = {},
): Promise<SweepPointResult | null> {
  const inputShape = MODEL_INPUT_SHAPE['mnist-cnn'];
  const model = createModel('mnist-cnn', {
    seed: budget.seed,
    filters: [...point.filters],
    activation: point.activation,
  });
  try {
    const started = performance.now();
    const trained = await train(model, split.train as LabeledImages, {
      epochs: budget.epochs,
      batchSize: budget.batchSize,
      learningRate: budget.learningRate,
      lrSchedule: 'cosine',
      seed: budget.seed,
      inputShape,
      signal: options.signal,
      onBatchEnd: (info) =>
        options.onProgress?.({
          pointId: point.id,
          step: info.step,
          totalSteps: info.totalSteps,
          imagesPerSec: info.imagesPerSec,
        }),
    });
    const trainSeconds = (performance.now() - started) / 1000;
    if (trained.stopped || options.signal?.aborted) return null;
    const matrix = await confusionOnSplit(model, split.validation, { inputShape, signal: options.signal });
    return {
      pointId: point.id,
      firstFilters: point.firstFilters,
      filters: point.filters,
      activation: point.activation,
      parameters: model.countParams(),
      ...summariseConfusion(matrix),
      imagesPerSec: (split.train.count * budget.epochs) / trainSeconds,
      trainSeconds,
      backend: tf.getBackend(),
    };
  } catch (error) {
    if (options.signal?.aborted) return null;
    throw error;
  } finally {
    model.dispose();
  }
}
