/**
 * The images of one training run: the reader's training subset, split into the images the
 * model trains on and the validation images it is measured on while it trains. The test split
 * is not loaded here: it is scored only when the reader asks (`test-score.ts`).
 */
import type { LabeledImages } from '../batches';
import { MODEL_DATASET } from '../catalog';
import { holdOutValidation } from '../holdout';
import type { TrainerSettings } from '../protocol';
import { getData, type RuntimeContext } from './context';

export interface RunData {
  /** What `train()` steps through: the subset less the validation images. */
  train: LabeledImages;
  /** Held out of the subset (`holdout.ts` gives the rule); evaluated live and at epoch ends. */
  validation: LabeledImages;
}

/** The last split made per runtime: a second run on the same subset reuses it instead of copying again. */
const lastSplit = new WeakMap<RuntimeContext, { key: string; source: ArrayBufferLike; data: RunData }>();

export async function loadRunData(
  ctx: RuntimeContext,
  settings: TrainerSettings,
  signal: AbortSignal,
): Promise<RunData> {
  const dataset = MODEL_DATASET[settings.modelId];
  const subset = await getData(ctx, dataset, 'train', settings.trainSubset, signal);
  const key = `${dataset}/${subset.count}`;
  const kept = lastSplit.get(ctx);
  if (kept && kept.key === key && kept.source === subset.images.buffer) return kept.data;
  const { train, validation } = holdOutValidation(subset);
  const data = { train, validation };
  lastSplit.set(ctx, { key, source: subset.images.buffer, data });
  return data;
}
