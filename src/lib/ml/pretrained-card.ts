/**
 * The card that travels with every pretrained model in `src/data/pretrained/<preset>/`
 * (beside `model.json` and its weights, TF.js layers format): what it was trained on, how,
 * and what it scored, so the page and the tests can check a model against its own claims.
 * Written by `npm run pretrain`; read by the trainers and by `tests/unit/pretrained.test.ts`.
 */

import { z } from '../schema.ts';
import { MODEL_IDS } from './catalog.ts';

export const PretrainedCardSchema = z.object({
  /** Dataset the model was trained on. */
  dataset: z.enum(['mnist', 'cifar10']),
  /** The model factory's id (`createModel`). */
  modelId: z.enum(MODEL_IDS),
  /** The trainer preset whose settings trained it, e.g. `cnn` or `5min`. */
  preset: z.string().min(1),
  /** The full run settings (`TrainerSettings`), so the run can be repeated in the trainer. */
  settings: z.record(z.string(), z.unknown()),
  seed: z.number().int().nonnegative(),
  epochs: z.number().int().positive(),
  /** Examples held out of the training split for validation (seeded by `seed`). */
  validationSize: z.number().int().nonnegative(),
  /** Accuracy on the validation split, 0..1. */
  validationAccuracy: z.number().min(0).max(1),
  /** Accuracy on the whole test split, 0..1, measured once after training. */
  testAccuracy: z.number().min(0).max(1),
  /** Trainable and non-trainable weights. */
  params: z.number().int().positive(),
  /** Seconds of training (data loading and evaluation excluded) on the machine below. */
  trainSeconds: z.number().positive(),
  /** Where it was trained, e.g. `Node 24, TF.js wasm (SIMD, 1 thread), AMD EPYC, 2 cores`. */
  machine: z.string().min(1),
  /** ISO date of the run. */
  date: z.string().min(10),
  /** The command that made it, e.g. `npm run pretrain -- --only cnn`. */
  command: z.string().min(1),
});

export type PretrainedCard = z.infer<typeof PretrainedCardSchema>;

/** Parses a card; throws naming the file and the first bad field. */
export function parsePretrainedCard(value: unknown, file = 'card.json'): PretrainedCard {
  const result = PretrainedCardSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') || 'card'} ${issue?.message ?? 'is invalid'}.`);
  }
  return result.data;
}
