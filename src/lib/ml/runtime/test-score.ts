/**
 * The reader's final score: the model as it stands (in memory, else its saved checkpoint)
 * measured on the test split. The only place a run's weights meet the test split, and only on
 * request, so no choice made while training has seen it.
 */
import type * as tf from '@tensorflow/tfjs';
import { MODEL_DATASET, MODEL_INPUT_SHAPE, type ModelId } from '../catalog';
import { evaluate } from '../train';
import { getData, loadRecord, postMissing, type RuntimeContext } from './context';
import { modelFor } from './requests';

/** The step and (0-based) epoch the model in memory has reached, per runtime, with the model it describes. */
const reached = new WeakMap<RuntimeContext, { model: tf.LayersModel; step: number; epoch: number }>();

/** Called after each training step, so a score taken while paused says which step it measured. */
export function noteStep(ctx: RuntimeContext, step: number, epoch: number): void {
  if (ctx.model) reached.set(ctx, { model: ctx.model, step, epoch });
}

export async function scoreOnTestSet(
  ctx: RuntimeContext,
  requestId: number,
  id: ModelId,
  testSubset: number | null | undefined,
  flip: boolean,
): Promise<void> {
  if (ctx.run && !ctx.run.controller.paused) {
    const message = 'Training is running; pause it (or let it finish) before scoring on the test set.';
    ctx.post({ type: 'error', code: 'busy', message, requestId, fatal: false });
    return;
  }
  const found = await modelFor(ctx, id);
  if (!found) return postMissing(ctx, id, requestId);
  try {
    // Where the weights stand: the running (paused) or finished run's last step, else the checkpoint's.
    const position = await positionOf(ctx, id, found.temporary);
    const testData = await getData(ctx, MODEL_DATASET[id], 'test', testSubset);
    const result = await evaluate(found.model, testData, { inputShape: MODEL_INPUT_SHAPE[id], flip });
    ctx.post({
      type: 'evaluation',
      source: 'test',
      split: 'test',
      requestId,
      modelId: id,
      ...position,
      result,
    });
  } finally {
    if (found.temporary) found.model.dispose();
  }
}

async function positionOf(
  ctx: RuntimeContext,
  id: ModelId,
  fromCheckpoint: boolean,
): Promise<{ step: number; epoch: number }> {
  const progress = reached.get(ctx);
  if (!fromCheckpoint && progress && progress.model === ctx.model && ctx.modelId === id) {
    return { step: progress.step, epoch: progress.epoch };
  }
  const info = (await loadRecord(ctx, id))?.info;
  return { step: info?.step ?? 0, epoch: Math.max(0, (info?.epoch ?? 1) - 1) };
}
