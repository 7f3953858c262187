/// <reference lib="webworker" />
/**
 * Module worker of the kernel-sweep island: thin by design, the sweep runtime in
 * `src/lib/experiments/` does the work with our own URLs of the wasm binaries.
 */

import type { SweepCommand } from '../../lib/experiments/sweep-protocol';
import { createSweepRuntime } from '../../lib/experiments/sweep-runtime';
import { wasmPaths } from '../../platform/wasm-urls';

declare const self: DedicatedWorkerGlobalScope;

const runtime = createSweepRuntime({ wasmPaths: wasmPaths(), post: (event) => self.postMessage(event) });

self.addEventListener('message', (message: MessageEvent<SweepCommand>) => {
  void runtime.handle(message.data);
});
