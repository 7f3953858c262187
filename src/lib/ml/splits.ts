/**
 * The validation split: examples held out of the training split, chosen by a seeded shuffle,
 * so that settings are tuned on data the model never trains on and the test split is touched
 * only for the final score. Same (count, size, seed) → same split, on every machine.
 */
import { type LabeledImages, shuffledIndices } from './batches.ts';

/** Held out of the training split unless a run says otherwise (both datasets). */
export const DEFAULT_VALIDATION_SIZE = 5_000;

export interface TrainValidationSplit {
  /** The examples left to train on, in their original order. */
  train: LabeledImages;
  /** The held-out examples, in their original order. */
  validation: LabeledImages;
  /** Indices into the original training split of each validation example (ascending). */
  validationIndices: Uint32Array;
}

/**
 * Splits `data` into disjoint training and validation sets; copies the pixels (the views of
 * `takeSubset` cannot express a scattered selection). `validationSize` 0 returns `data` as the
 * training set and an empty validation set.
 */
export function splitTrainValidation(
  data: LabeledImages,
  options: { validationSize: number; seed: number },
): TrainValidationSplit {
  const { validationSize, seed } = options;
  if (!Number.isInteger(validationSize) || validationSize < 0 || validationSize >= data.count) {
    throw new Error(
      `validationSize must be an integer from 0 to ${data.count - 1} (fewer than the ${data.count} training examples); got ${validationSize}.`,
    );
  }
  // Epoch -1 keeps this shuffle apart from every epoch's training order for the same seed.
  const held = shuffledIndices(data.count, seed, -1).subarray(0, validationSize).slice().sort();
  const isHeld = new Uint8Array(data.count);
  for (const i of held) isHeld[i] = 1;
  const keep = new Uint32Array(data.count - validationSize);
  let k = 0;
  for (let i = 0; i < data.count; i++) if (!isHeld[i]) keep[k++] = i;
  return { train: gather(data, keep), validation: gather(data, held), validationIndices: held };
}

/** The examples at `indices`, copied into new arrays. */
export function gather(data: LabeledImages, indices: ArrayLike<number>): LabeledImages {
  const [h, w, c] = data.shape;
  const size = h * w * c;
  const images = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j] as number;
    images.set(data.images.subarray(i * size, (i + 1) * size), j * size);
    labels[j] = data.labels[i] as number;
  }
  return { images, labels, count: indices.length, shape: data.shape };
}
