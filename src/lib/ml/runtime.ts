/**
 * The training runtime: turns `TrainerCommand`s into training, evaluation and checkpoint work
 * and reports `TrainerEvent`s through `post`. It runs unchanged in the worker
 * (`src/islands/trainer/worker.ts`) and on the main thread (fallback), and in Node tests.
 */
import type { CheckpointStore } from './checkpoint';
import type { TrainerCommand, TrainerEvent } from './protocol';

export interface TrainerRuntimeOptions {
  where: 'worker' | 'main-thread';
  post: (event: TrainerEvent, transfer?: Transferable[]) => void;
  checkpoints: CheckpointStore;
}

export interface TrainerRuntime {
  /** Resolves when the command has been taken in (long runs continue in the background). */
  handle(command: TrainerCommand): Promise<void>;
}

export function createTrainerRuntime(_options: TrainerRuntimeOptions): TrainerRuntime {
  throw new Error('createTrainerRuntime: not implemented yet.');
}
