/// <reference lib="webworker" />
/**
 * Module worker entry: `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`.
 * Thin by design; the runtime in `src/lib/ml/runtime/` does the work and also runs on the
 * main thread when the worker cannot.
 */
import type { TrainerCommand } from '../../lib/ml/protocol';
import { createTrainerRuntime } from '../../lib/ml/runtime';
import { browserDevice } from '../../platform/browser-device';
import { createIdbCheckpointStore } from '../../platform/checkpoint-store';
import { browserWasmThreadHost } from '../../platform/wasm-threads';
import { wasmPaths } from '../../platform/wasm-urls';

declare const self: DedicatedWorkerGlobalScope;

const runtime = createTrainerRuntime({
  where: 'worker',
  device: browserDevice,
  checkpoints: createIdbCheckpointStore(),
  wasmPaths: wasmPaths(),
  wasmThreadHost: browserWasmThreadHost(),
  post: (event, transfer) => self.postMessage(event, transfer ?? []),
});

self.addEventListener('message', (message: MessageEvent<TrainerCommand>) => {
  const command = message.data;
  void runtime.handle(command).then(() => {
    if (command.type === 'dispose') self.close();
  });
});
