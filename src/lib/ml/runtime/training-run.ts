/**
 * One training run: load the data, build (or restore) the model, train, and when the GPU
 * context is lost mid-run, re-create the backend and continue from the last checkpoint.
 */
import type * as tf from '@tensorflow/tfjs';
import { memoryInfo } from '../backend';
import { MODEL_INPUT_SHAPE, type ModelId } from '../catalog';
import type { CheckpointRecord } from '../checkpoint';
import { createModel } from '../models';
import type { CheckpointInfo, TrainerSettings } from '../protocol';
import { type BatchInfo, type EpochInfo, type EvaluationInfo, type TrainResult, train } from '../train';
import {
  disposeModel,
  ensureBackend,
  loadRecord,
  postSummary,
  type Run,
  type RuntimeContext,
  replaceLostBackend,
  saveCheckpoint,
} from './context';
import { messageOf, warningCode } from './errors';
import { loadRunData, type RunData } from './run-data';
import { modelFromArtifacts, optimizerWeights } from './serialise';
import { noteStep } from './test-score';

/** Where a run stands; the callbacks of a run on a lost context stop updating it. */
interface Position {
  /** Epoch the loop (re)starts from. */
  startEpoch: number;
  /** Steps done, as the last progress reported. */
  step: number;
  /** The checkpoint the loop (re)starts from: its step and optimizer state carry over. */
  from: CheckpointRecord | null;
}

export function finish(
  ctx: RuntimeContext,
  reason: 'completed' | 'stopped',
  epochsDone: number,
  step: number,
) {
  ctx.post({ type: 'finished', reason, epochsDone, step });
  ctx.post({ type: 'status', state: reason === 'completed' ? 'finished' : 'stopped' });
}

/** Trains `settings` to the end, a stop, or a failure (which it throws). */
export async function runTraining(
  ctx: RuntimeContext,
  settings: TrainerSettings,
  resume: boolean,
  current: Run,
): Promise<void> {
  const { signal } = current.abort;
  const id = settings.modelId;
  ctx.post({ type: 'status', state: 'loading-data' });
  await ensureBackend(ctx, settings.backend ?? 'auto');
  let data: RunData;
  try {
    data = await loadRunData(ctx, settings, signal);
  } catch (error) {
    // Reset, stop or leaving the page aborted the load: the run stopped, nothing failed.
    if (signal.aborted) return finish(ctx, 'stopped', 0, 0);
    throw error;
  }
  if (signal.aborted) return finish(ctx, 'stopped', 0, 0);

  disposeModel(ctx);
  const record = resume ? await loadRecord(ctx, id) : null;
  if (record) {
    ctx.model = await modelFromArtifacts(record);
    ctx.post({ type: 'checkpoint-restored', checkpoint: record.info, reason: 'resume' });
  } else {
    ctx.model = createModel(id, { seed: settings.seed, ...settings.model });
  }
  ctx.modelId = id;
  postSummary(ctx, id, ctx.model);

  const startEpoch = record?.info.epoch ?? 0;
  const position: Position = { startEpoch, step: 0, from: record };
  for (;;) {
    const result = await trainUntilContextLoss(ctx, settings, current, data, position);
    if (result) {
      return finish(ctx, result.stopped ? 'stopped' : 'completed', result.epochsDone, result.step);
    }
    position.from = await recoverFromContextLoss(ctx, settings);
    position.startEpoch = position.from?.info.epoch ?? 0;
    if (signal.aborted) return finish(ctx, 'stopped', position.startEpoch, position.step);
  }
}

/** Runs the loop once; resolves with its result, or null when the GPU context was lost. */
async function trainUntilContextLoss(
  ctx: RuntimeContext,
  settings: TrainerSettings,
  current: Run,
  data: RunData,
  position: Position,
): Promise<TrainResult | null> {
  const lossSignal = new AbortController();
  const stopWatching = ctx.device.watchContextLoss(() => lossSignal.abort());
  // A step in flight on a lost context may never settle (its readback waits on a dead GPU),
  // so recovery races it instead of waiting; callbacks of the dead run are ignored.
  const lost = new Promise<'lost'>((resolve) =>
    lossSignal.signal.addEventListener('abort', () => resolve('lost'), { once: true }),
  );
  const alive = () => !lossSignal.signal.aborted;
  ctx.post({ type: 'status', state: current.controller.paused ? 'paused' : 'training' });
  const optimizer = settings.optimizer ?? 'adam';
  const saved = position.from?.optimizer;
  try {
    const training = train(ctx.model as tf.LayersModel, data.train, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      lrSchedule: settings.lrSchedule ?? 'constant',
      optimizer,
      seed: settings.seed,
      inputShape: MODEL_INPUT_SHAPE[settings.modelId],
      augment: settings.augment ?? true,
      labelSmoothing: settings.labelSmoothing ?? 0,
      startEpoch: position.startEpoch,
      ...(position.from ? { startStep: position.from.info.step } : {}),
      // A checkpoint of another optimizer (or none kept) starts this one afresh.
      ...(saved && saved.name === optimizer ? { optimizerState: optimizerWeights(saved) } : {}),
      validationData: data.validation,
      flipTest: settings.flipTest ?? false,
      evaluateEvery: settings.evaluateEvery ?? 0,
      signal: AbortSignal.any([current.abort.signal, lossSignal.signal]),
      controller: current.controller,
      ...callbacks(ctx, settings, position, alive),
    });
    training.catch(() => {}); // if the race is lost, its late failure is expected
    const result = await Promise.race([training, lost]);
    return result === 'lost' || !alive() ? null : result;
  } catch (error) {
    if (alive() && !(await ctx.device.isContextLost())) throw error;
    return null;
  } finally {
    stopWatching();
  }
}

/** The loop's callbacks: progress, evaluations, and a checkpoint at every epoch's end. */
function callbacks(ctx: RuntimeContext, settings: TrainerSettings, position: Position, alive: () => boolean) {
  const id = settings.modelId;
  return {
    onBatchEnd: (b: BatchInfo) => {
      if (!alive()) return;
      position.step = b.step;
      noteStep(ctx, b.step, b.epoch);
      ctx.post({ type: 'progress', ...b, memory: memoryInfo() });
    },
    onEvaluation: (e: EvaluationInfo) => {
      if (alive()) ctx.post({ type: 'evaluation', modelId: id, split: 'validation', ...e });
    },
    onEpochEnd: async (e: EpochInfo) => {
      if (!alive()) return;
      const { step, validationAccuracy, ...summary } = e;
      ctx.post({ type: 'epoch-end', ...summary, memory: memoryInfo() });
      await checkpointEpoch(ctx, id, { epoch: e.epoch + 1, step, settings, validationAccuracy });
    },
  };
}

async function checkpointEpoch(
  ctx: RuntimeContext,
  id: ModelId,
  at: Omit<CheckpointInfo, 'modelId' | 'savedAt'>,
): Promise<void> {
  const info: CheckpointInfo = { modelId: id, ...at, savedAt: new Date().toISOString() };
  try {
    await saveCheckpoint(ctx, ctx.model as tf.LayersModel, info);
    ctx.post({ type: 'checkpoint-saved', checkpoint: info });
  } catch (error) {
    // Training goes on, and the checkpoint stays in memory for recovery; only persistence failed.
    ctx.post({
      type: 'warning',
      code: warningCode(error),
      message: `Checkpoint not saved: ${messageOf(error)}`,
    });
  }
}

/**
 * The GPU context is gone and the weights on it with it: re-create the backend (or fall back),
 * reload the last checkpoint (or a fresh model) and return the checkpoint to continue from.
 */
async function recoverFromContextLoss(
  ctx: RuntimeContext,
  settings: TrainerSettings,
): Promise<CheckpointRecord | null> {
  const id = settings.modelId;
  const lostBackend = ctx.backend?.name ?? 'webgl';
  ctx.post({ type: 'context-lost', backend: lostBackend });
  // Free what the engine still tracks for the dead run (its optimizer never reached its own
  // dispose, since the step it awaited never settled), so the tensor count stays flat.
  try {
    ctx.model?.optimizer?.dispose();
  } catch {
    // Already gone with the context.
  }
  disposeModel(ctx);
  await replaceLostBackend(ctx, lostBackend, settings.backend ?? 'auto');
  const saved = ctx.latest.get(id) ?? null;
  if (saved) {
    ctx.model = await modelFromArtifacts(saved);
    ctx.post({ type: 'checkpoint-restored', checkpoint: saved.info, reason: 'context-loss' });
  } else {
    ctx.model = createModel(id, { seed: settings.seed, ...settings.model });
  }
  ctx.modelId = id;
  const backend = ctx.backend?.name ?? lostBackend;
  ctx.post({ type: 'context-recovered', backend, fromEpoch: saved ? saved.info.epoch : null });
  return saved;
}
