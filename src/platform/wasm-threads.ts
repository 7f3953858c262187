/**
 * Threads for TF.js's wasm backend in the training worker: the unbundled Emscripten script
 * of the threaded build, emitted as an asset on our own origin (`?url`), handed to the
 * pthread workers (see `src/lib/ml/wasm-thread-host.ts` for why).
 */
import threadedScript from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';
import type { WasmThreadHost } from '../lib/ml/backend';
import { createWasmThreadHost, type ThreadScope } from '../lib/ml/wasm-thread-host';

/**
 * The thread host of this context, or undefined on a page's main thread: its policy allows
 * no blob workers (TF.js's pthread bootstrap is one), and a page must not block on threads.
 */
export function browserWasmThreadHost(): WasmThreadHost | undefined {
  const inWorker = typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope;
  if (!inWorker) return undefined;
  return createWasmThreadHost(
    globalThis as unknown as ThreadScope,
    new URL(threadedScript, import.meta.url).href,
  );
}
