/**
 * The kernel-sweep worker's body, free of worker globals so that it is the same code wherever
 * it runs: it starts the backend (wasm, falling back to cpu), loads and splits the training
 * digits once per budget, then runs the requested points one after another, posting each
 * result as it lands. `stop` aborts the point in training; its partial result is dropped.
 */
import * as tf from '@tensorflow/tfjs';
import { loadSplit } from '../data/loader';
import { setUpWasm, type WasmPaths } from '../ml/backend';
import type { LabeledImages } from '../ml/batches';
import type { TrainValidationSplit } from '../ml/splits';
import { type SweepBudget, splitForSweep } from './kernel-sweep';
import { runSweepPoint } from './run-point';
import type { SweepBackend, SweepCommand, SweepEvent } from './sweep-protocol';

export interface SweepRuntimeOptions {
  wasmPaths: WasmPaths;
  post: (event: SweepEvent) => void;
}

export interface SweepRuntime {
  handle(command: SweepCommand): Promise<void>;
}

async function startBackend(wanted: SweepBackend, wasmPaths: WasmPaths): Promise<string | undefined> {
  if (wanted === 'wasm') {
    try {
      await setUpWasm(wasmPaths);
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return undefined;
      }
      return 'TF.js could not start its wasm backend';
    } catch (error) {
      return (error as Error).message;
    }
  }
  return undefined;
}

export function createSweepRuntime(options: SweepRuntimeOptions): SweepRuntime {
  const { post } = options;
  let controller: AbortController | null = null;
  let cached: { key: string; split: TrainValidationSplit } | null = null;

  const dataFor = async (dataUrl: string, budget: SweepBudget) => {
    const key = `${dataUrl}|${budget.trainImages}|${budget.validationImages}|${budget.seed}`;
    if (cached?.key !== key) {
      cached = null;
      const needed = budget.trainImages + budget.validationImages;
      const data: LabeledImages = await loadSplit(dataUrl, 'mnist', 'train', { limit: needed });
      cached = { key, split: splitForSweep(data, budget) };
    }
    return cached.split;
  };

  const run = async (command: Extract<SweepCommand, { type: 'run' }>) => {
    controller?.abort();
    const own = new AbortController();
    controller = own;
    post({ type: 'loading' });
    const fallbackReason = await startBackend(command.backend, options.wasmPaths);
    if (command.backend === 'cpu' || fallbackReason !== undefined) {
      await tf.setBackend('cpu');
      await tf.ready();
    }
    post({ type: 'backend', name: tf.getBackend(), fallbackReason });
    const split = await dataFor(command.dataUrl, command.budget);
    for (const point of command.points) {
      if (own.signal.aborted) break;
      const result = await runSweepPoint(point, split, command.budget, {
        signal: own.signal,
        onProgress: (progress) => post({ type: 'progress', ...progress }),
      });
      if (result) post({ type: 'result', result });
    }
    post({ type: 'done', stopped: own.signal.aborted });
    if (controller === own) controller = null;
  };

  return {
    async handle(command) {
      if (command.type === 'stop') {
        controller?.abort();
        return;
      }
      try {
        await run(command);
      } catch (error) {
        post({ type: 'error', message: (error as Error).message ?? String(error) });
      }
    },
  };
}
