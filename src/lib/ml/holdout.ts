/**
 * How the trainers hold out their validation split: the rule for its size and the fixed seed
 * of its shuffle. The split itself is `splitTrainValidation` (`splits.ts`).
 *
 * The rule: at most `DEFAULT_VALIDATION_SIZE` (5,000) images and at most a tenth of the
 * reader's training subset, rounded down. The full MNIST split (60,000) keeps 55,000 to train
 * on, CIFAR-10 (50,000) keeps 45,000, and a 2,000-image subset trains on 1,800 and validates
 * on 200. A tenth keeps a small run mostly training while leaving enough images for the
 * validation accuracy to mean something; the cap keeps a full run's evaluations quick.
 */
import type { LabeledImages } from './batches';
import { DEFAULT_VALIDATION_SIZE, splitTrainValidation, type TrainValidationSplit } from './splits';

/** The largest share of the training subset held out for validation. */
export const MAX_VALIDATION_SHARE = 0.1;

/**
 * Seed of the held-out shuffle, the same for every run whatever its training seed: runs that
 * differ only in their seed are then compared on the same validation images.
 */
export const VALIDATION_SEED = 2017;

/** Images held out of a training subset of `trainCount` images (0 below ten images). */
export function validationSizeFor(trainCount: number): number {
  if (!Number.isInteger(trainCount) || trainCount < 0) {
    throw new Error(
      `trainCount must be a non-negative integer (images in the training subset); got ${trainCount}.`,
    );
  }
  return Math.min(DEFAULT_VALIDATION_SIZE, Math.floor(trainCount * MAX_VALIDATION_SHARE));
}

/** Splits the reader's training subset by the rule above, with the fixed validation seed. */
export function holdOutValidation(data: LabeledImages): TrainValidationSplit {
  return splitTrainValidation(data, { validationSize: validationSizeFor(data.count), seed: VALIDATION_SEED });
}
