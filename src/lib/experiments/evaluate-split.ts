/**
 * The sweep's own evaluator: predicts a held-out split in batches and counts a confusion
 * matrix. Kept apart from `train.ts`'s evaluator on purpose: the sweep needs only the matrix,
 * and this small loop does not move when the trainers' evaluation path changes.
 */
import * as tf from '@tensorflow/tfjs';
import { buildBatch, type LabeledImages } from '../ml/batches';
import { addToConfusion } from '../ml/metrics';

export interface ConfusionOptions {
  inputShape: [number, number, number];
  /** Images per forward pass. Default 256. */
  batchSize?: number;
  signal?: AbortSignal;
}

/** `confusion[true][predicted]` of `model` over every image of `data`. */
export async function confusionOnSplit(
  model: tf.LayersModel,
  data: LabeledImages,
  options: ConfusionOptions,
): Promise<number[][]> {
  const { inputShape } = options;
  const batchSize = options.batchSize ?? 256;
  const matrix = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (let start = 0; start < data.count; start += batchSize) {
    options.signal?.throwIfAborted();
    const end = Math.min(data.count, start + batchSize);
    const indices = Uint32Array.from({ length: end - start }, (_, i) => start + i);
    const predicted = tf.tidy(() => {
      const xs = tf.tensor4d(buildBatch(data, indices, { inputShape, augment: false }), [
        indices.length,
        ...inputShape,
      ]);
      return (model.predict(xs) as tf.Tensor).argMax(-1);
    });
    try {
      addToConfusion(matrix, data.labels.subarray(start, end), await predicted.data());
    } finally {
      predicted.dispose();
    }
  }
  return matrix;
}
