/** Requests answered with one event: export, import, evaluate a checkpoint, predict. */
import * as tf from '@tensorflow/tfjs';
import { prepareFloatImage } from '../batches';
import { MODEL_DATASET, MODEL_INPUT_SHAPE, type ModelId } from '../catalog';
import type { CheckpointRecord } from '../checkpoint';
import { layerOutputs } from '../feature-maps';
import type { LayerOutput } from '../layer-output';
import { topClasses } from '../metrics';
import { evaluate } from '../train';
import {
  disposeModel,
  ensureBackend,
  getData,
  loadRecord,
  postMissing,
  type RuntimeContext,
} from './context';
import { messageOf } from './errors';
import {
  importedCheckpoint,
  ModelFileError,
  modelFiles,
  type NamedFile,
  readModelFiles,
  shapeMismatch,
} from './model-files';
import { artifactsOf, modelFromArtifacts } from './serialise';

/** The in-memory model for `id` if it matches, else one loaded from its checkpoint (disposed by the caller when `temporary`). */
export async function modelFor(
  ctx: RuntimeContext,
  id: ModelId,
): Promise<{ model: tf.LayersModel; temporary: boolean } | null> {
  if (ctx.model && ctx.modelId === id) return { model: ctx.model, temporary: false };
  const record = await loadRecord(ctx, id);
  if (!record) return null;
  if (!ctx.backend) await ensureBackend(ctx, 'auto');
  return { model: await modelFromArtifacts(record), temporary: true };
}

export async function exportModel(ctx: RuntimeContext, requestId: number, id: ModelId): Promise<void> {
  const inMemory = ctx.model && ctx.modelId === id ? ctx.model : null;
  const record = inMemory ? null : await loadRecord(ctx, id);
  if (!inMemory && !record) return postMissing(ctx, id, requestId);
  const artifacts = inMemory ? await artifactsOf(inMemory) : (record as CheckpointRecord);
  const info = record?.info ?? ctx.latest.get(id)?.info ?? null;
  const generatedBy = `TensorFlow.js tfjs-layers v${tf.version_layers}`;
  ctx.post({ type: 'exported', requestId, files: modelFiles(id, artifacts, info, generatedBy) });
}

/** Loads the files as a model for `id`; throws `ModelFileError` when they are not one. */
async function loadImported(ctx: RuntimeContext, id: ModelId, files: readonly NamedFile[]) {
  const { artifacts, checkpoint } = await readModelFiles(files);
  if (!ctx.backend) await ensureBackend(ctx, 'auto');
  let loaded: tf.LayersModel;
  try {
    loaded = await modelFromArtifacts(artifacts);
  } catch (error) {
    throw new ModelFileError(`The files do not load as a model: ${messageOf(error)}`);
  }
  const mismatch = shapeMismatch(id, loaded.inputs[0]?.shape ?? [], loaded.outputs[0]?.shape ?? []);
  if (mismatch) {
    loaded.dispose();
    throw new ModelFileError(mismatch);
  }
  return { loaded, artifacts, checkpoint };
}

export async function importModel(
  ctx: RuntimeContext,
  requestId: number,
  id: ModelId,
  files: readonly NamedFile[],
): Promise<void> {
  let imported: Awaited<ReturnType<typeof loadImported>>;
  try {
    imported = await loadImported(ctx, id, files);
  } catch (error) {
    if (!(error instanceof ModelFileError)) throw error;
    ctx.post({ type: 'error', code: 'checkpoint-invalid', message: error.message, requestId, fatal: false });
    return;
  }
  const info = importedCheckpoint(id, imported.checkpoint, new Date().toISOString());
  const full: CheckpointRecord = { info, ...imported.artifacts };
  ctx.latest.set(id, full);
  await ctx.options.checkpoints.save(full);
  if (!ctx.run) {
    disposeModel(ctx);
    ctx.model = imported.loaded;
    ctx.modelId = id;
  } else {
    imported.loaded.dispose();
  }
  ctx.post({ type: 'imported', requestId, checkpoint: info });
  ctx.post({ type: 'checkpoint-restored', checkpoint: info, reason: 'import' });
}

export async function evaluateCheckpoint(
  ctx: RuntimeContext,
  requestId: number,
  id: ModelId,
  testSubset: number | null | undefined,
  flip: boolean,
): Promise<void> {
  const record = await loadRecord(ctx, id);
  if (!record) return postMissing(ctx, id, requestId);
  if (!ctx.backend) await ensureBackend(ctx, 'auto');
  const model = await modelFromArtifacts(record);
  try {
    const testData = await getData(ctx, MODEL_DATASET[id], 'test', testSubset);
    const result = await evaluate(model, testData, { inputShape: MODEL_INPUT_SHAPE[id], flip });
    const { step, epoch } = record.info;
    ctx.post({
      type: 'evaluation',
      source: 'checkpoint',
      split: 'test',
      requestId,
      modelId: id,
      step,
      epoch,
      result,
    });
  } finally {
    model.dispose();
  }
}

export async function predict(
  ctx: RuntimeContext,
  requestId: number,
  id: ModelId,
  pixels: Float32Array,
  shape: [number, number, number],
): Promise<void> {
  const found = await modelFor(ctx, id);
  if (!found) return postMissing(ctx, id, requestId);
  try {
    const inputShape = MODEL_INPUT_SHAPE[id];
    const image = prepareFloatImage(pixels, shape, inputShape);
    // One pass gives the answer and every layer's output, for the drawing pad's feature maps.
    const layers = await layerOutputs(found.model, image, inputShape);
    const probabilities = Array.from((layers.at(-1) as LayerOutput).values);
    ctx.post({ type: 'prediction', requestId, probabilities, top3: topClasses(probabilities, 3), layers });
  } finally {
    if (found.temporary) found.model.dispose();
  }
}
