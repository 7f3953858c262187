/**
 * Our own URLs of TF.js's wasm binaries, emitted by Vite as hashed assets (`?url`), so the
 * wasm backend never fetches from a CDN. Browser-only (Vite resolves `?url`): imported by the
 * worker and by the client's main-thread fallback, never by code that runs in Node tests.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** Absolute URLs (resolved against the current script) keyed by the file names TF.js asks for. */
export function wasmPaths(): Record<string, string> {
  const absolute = (url: string) => new URL(url, import.meta.url).href;
  return {
    'tfjs-backend-wasm.wasm': absolute(wasmPlain),
    'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
    'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreadedSimd),
  };
}
