/**
 * The training runtime: turns `TrainerCommand`s into training, evaluation and checkpoint work
 * and reports `TrainerEvent`s through `post`. It runs unchanged in the worker
 * (`src/islands/trainer/worker.ts`), on the main thread (fallback), and in Node tests, where
 * the data loader and checkpoint store are swapped for synthetic data and memory.
 *
 * This file dispatches; the work lives beside it: `context.ts` (state and shared chores),
 * `training-run.ts` (a run and its context-loss recovery), `run-data.ts` (its training and
 * validation images), `test-score.ts` (the test split, on request), `requests.ts` (export,
 * import, evaluate a checkpoint, predict), `model-files.ts` (pure file parsing), `errors.ts`, `queue.ts`.
 */
import { validateTrainerSettings } from '../catalog';
import { PROTOCOL_VERSION, type TrainerCommand, type TrainerSettings } from '../protocol';
import { TrainingController } from '../train';
import {
  createContext,
  disposeModel,
  type Run,
  type RuntimeContext,
  type TrainerRuntimeOptions,
} from './context';
import { errorEvent, messageOf } from './errors';
import { createCommandQueue } from './queue';
import { evaluateCheckpoint, exportModel, importModel, predict } from './requests';
import { scoreOnTestSet } from './test-score';
import { runTraining } from './training-run';

export type { LoadData, TrainerRuntimeOptions } from './context';
export { isOutOfMemory } from './errors';

export interface TrainerRuntime {
  /** Resolves when the command has been taken in (a training run continues in the background). */
  handle(command: TrainerCommand): Promise<void>;
  /** Resolves when the current run (if any) has ended. For tests and orderly shutdown. */
  idle(): Promise<void>;
}

function start(ctx: RuntimeContext, settings: TrainerSettings, resume: boolean): void {
  if (ctx.run) {
    const message = 'A run is in progress; stop it before starting another.';
    ctx.post({ type: 'error', code: 'busy', message, fatal: false });
    return;
  }
  try {
    validateTrainerSettings(settings);
  } catch (error) {
    ctx.post({ type: 'error', code: 'invalid-settings', message: messageOf(error), fatal: false });
    return;
  }
  const current: Run = {
    abort: new AbortController(),
    controller: new TrainingController(),
    done: Promise.resolve(),
    modelId: settings.modelId,
  };
  ctx.run = current;
  current.done = runTraining(ctx, settings, resume, current)
    .catch((error) => {
      ctx.post(errorEvent(error, { fatal: true, batchSize: settings.batchSize }));
      ctx.post({ type: 'status', state: 'error' });
    })
    .finally(() => {
      if (ctx.run === current) ctx.run = null;
    });
}

async function stopRun(ctx: RuntimeContext): Promise<void> {
  const current = ctx.run;
  if (!current) return;
  current.abort.abort();
  await current.done;
}

/** The run controls: pause, resume, one step. */
function control(ctx: RuntimeContext, command: 'pause' | 'resume' | 'step'): void {
  const run = ctx.run;
  if (!run) return;
  if (command === 'step') {
    run.controller.step();
    return;
  }
  if (command === 'pause') run.controller.pause();
  else run.controller.resume();
  ctx.post({ type: 'status', state: command === 'pause' ? 'paused' : 'training' });
}

async function dispatch(ctx: RuntimeContext, command: TrainerCommand): Promise<void> {
  switch (command.type) {
    case 'init':
      ctx.dataUrl = command.dataUrl;
      if (command.wasmPath && !ctx.options.wasmPaths) ctx.wasmPaths = command.wasmPath;
      if (command.wasmThreads !== undefined) ctx.wasmThreads = command.wasmThreads;
      if (command.hardwareConcurrency !== undefined) ctx.pageCores = command.hardwareConcurrency;
      ctx.post({
        type: 'ready',
        protocolVersion: PROTOCOL_VERSION,
        where: ctx.options.where,
        device: await ctx.device.checkDevice(),
      });
      return;
    case 'start':
      return start(ctx, command.settings, command.resume ?? false);
    case 'pause':
    case 'resume':
    case 'step':
      return control(ctx, command.type);
    case 'stop':
      return await stopRun(ctx);
    case 'reset':
      await stopRun(ctx);
      disposeModel(ctx);
      if (command.modelId) ctx.latest.delete(command.modelId);
      else ctx.latest.clear();
      await ctx.options.checkpoints.delete(command.modelId);
      ctx.post({ type: 'status', state: 'idle' });
      return;
    case 'evaluate-checkpoint':
      return await evaluateCheckpoint(
        ctx,
        command.requestId,
        command.modelId,
        command.testSubset,
        command.flip ?? false,
      );
    case 'evaluate-test':
      return await scoreOnTestSet(
        ctx,
        command.requestId,
        command.modelId,
        command.testSubset,
        command.flip ?? false,
      );
    case 'export':
      return await exportModel(ctx, command.requestId, command.modelId);
    case 'import':
      return await importModel(ctx, command.requestId, command.modelId, command.files);
    case 'predict':
      return await predict(ctx, command.requestId, command.modelId, command.pixels, command.shape);
    case 'debug-lose-context':
      ctx.device.loseContextForTest();
      return;
    case 'dispose':
      await stopRun(ctx);
      disposeModel(ctx);
      ctx.dataCache.clear();
      return;
    default: {
      const unknown: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unknown)}.`);
    }
  }
}

export function createTrainerRuntime(options: TrainerRuntimeOptions): TrainerRuntime {
  const ctx = createContext(options);
  const handle = async (command: TrainerCommand): Promise<void> => {
    try {
      await dispatch(ctx, command);
    } catch (error) {
      const requestId = 'requestId' in command ? command.requestId : undefined;
      ctx.post(errorEvent(error, { fatal: false, ...(requestId !== undefined ? { requestId } : {}) }));
    }
  };
  return {
    handle: createCommandQueue(handle),
    idle: async () => {
      await ctx.run?.done;
    },
  };
}
