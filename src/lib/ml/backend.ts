/**
 * Backend choice: WebGPU, then WebGL, then wasm, then cpu, after a device check; the reader
 * may force one. The model code is the same on every backend; only where tensors live changes.
 * The device check and the GPU context's life are the browser's (`src/platform/device.ts`);
 * this module only takes their report, so it runs in Node too.
 */
import * as tf from '@tensorflow/tfjs';
import { type BackendSkipCode, vetoCode } from './backend-support';
import { BACKEND_ORDER, type BackendName, type BackendPreference } from './catalog';
import type { DeviceReport, MemoryInfo } from './protocol';
import { registerWasmTrainingKernels } from './wasm-kernels';

/**
 * Where the wasm backend finds its binaries: a folder URL ending in `/`, or a map from file
 * name (`tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm`,
 * `tfjs-backend-wasm-threaded-simd.wasm`) to URL. Always on our own origin.
 */
export type WasmPaths = string | Record<string, string>;

export interface BackendChoice {
  name: BackendName;
  device: DeviceReport;
  skipped: { name: BackendName; reason: string }[];
}

export interface ChooseBackendOptions {
  wasmPaths?: WasmPaths;
  /** What the device check found (`checkDevice` of a `DeviceAdapter`). */
  device: DeviceReport;
}

/**
 * Why the device check rules a backend out, or null when it may be tried, in words for logs and
 * the `backend` event (the page words it from `vetoCode`'s code). `explicit`: the reader chose
 * this backend, so a software GPU is allowed (it works, only slowly).
 */
export function deviceVeto(name: BackendName, device: DeviceReport, explicit = false): string | null {
  const code = vetoCode(name, device, explicit);
  return code ? VETO_WORDS[code](device) : null;
}

const VETO_WORDS: Record<BackendSkipCode, (device: DeviceReport) => string> = {
  'software-gpu': (d) => `software GPU (${d.gpuName ?? 'unknown renderer'}) is slower than wasm`,
  'no-webgpu': () => 'no WebGPU adapter in this context',
  'no-webgl2': () => 'no WebGL2 context in this context',
  'no-float-textures': () => 'WebGL2 cannot render to float32 textures (EXT_color_buffer_float missing)',
  'no-wasm': () => 'WebAssembly unavailable',
  failed: () => 'it did not start',
};

export interface WasmSetupOptions {
  /** Threaded wasm (needs cross-origin isolation). Default false: single-threaded SIMD. */
  threads?: boolean;
}

let wasmConfigured = false;

/**
 * Loads the wasm backend from our own URLs and adds the training kernels it lacks; once per
 * context (TF.js reads the paths only at the backend's first start). Shared by the trainer and
 * the benchmark, so both time and train on the same kernels.
 */
export async function setUpWasm(
  wasmPaths: WasmPaths | undefined,
  options: WasmSetupOptions = {},
): Promise<void> {
  if (wasmConfigured) return;
  if (!wasmPaths) throw new Error('wasm backend needs wasmPaths (our own URLs of the .wasm files)');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // The threaded build starts pthread workers from an inlined script that breaks once bundled
  // ("e is not defined"), so the single-threaded SIMD build is the default everywhere.
  if (!options.threads) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setWasmPaths(wasmPaths as Parameters<typeof wasm.setWasmPaths>[0]);
  registerWasmTrainingKernels();
  wasmConfigured = true;
}

async function registerBackend(name: BackendName, wasmPaths?: WasmPaths): Promise<void> {
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  else if (name === 'wasm') await setUpWasm(wasmPaths);
  // webgl and cpu come with @tensorflow/tfjs.
}

/** Runs one small op and reads it back, so a backend that initialises but cannot compute is caught. */
async function smokeTest(): Promise<void> {
  const t = tf.tidy(() => tf.matMul(tf.ones([2, 2]), tf.ones([2, 2])).sum());
  const value = (await t.data())[0];
  t.dispose();
  if (value !== 8) throw new Error(`smoke test computed ${value} instead of 8`);
}

/**
 * Activates the first backend that passes the device check and a smoke test, in the order
 * WebGPU → WebGL → wasm → cpu, or only `preference` (falling back along the same order after
 * it when it fails). Never throws: cpu always works.
 */
export async function chooseBackend(
  preference: BackendPreference,
  options: ChooseBackendOptions,
): Promise<BackendChoice> {
  const { device } = options;
  const start = preference === 'auto' ? 0 : BACKEND_ORDER.indexOf(preference);
  const skipped: BackendChoice['skipped'] = [];
  for (const name of BACKEND_ORDER.slice(Math.max(0, start))) {
    const veto = deviceVeto(name, device, name === preference);
    if (veto) {
      skipped.push({ name, reason: veto });
      continue;
    }
    try {
      await registerBackend(name, options.wasmPaths);
      if (!(await tf.setBackend(name))) throw new Error('tf.setBackend returned false');
      await tf.ready();
      await smokeTest();
      return { name, device, skipped };
    } catch (error) {
      skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  // Unreachable in practice (cpu passes), kept so the type is honest.
  await tf.setBackend('cpu');
  return { name: 'cpu', device, skipped };
}

/**
 * Replaces a backend whose GPU context was lost with a fresh instance of the same kind
 * (new context), falling back along the usual order if that fails.
 */
export async function reinitializeBackend(
  lost: BackendName,
  options: ChooseBackendOptions,
): Promise<BackendChoice> {
  const factory = tf.findBackendFactory(lost);
  try {
    tf.removeBackend(lost);
  } catch {
    // A dead backend may throw while disposing; it is being replaced anyway.
  }
  if (factory) tf.registerBackend(lost, factory);
  return chooseBackend(lost, options);
}

/** `tf.memory()` in the protocol's cloneable shape. */
export function memoryInfo(): MemoryInfo {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  return {
    numTensors: m.numTensors,
    numBytes: m.numBytes,
    ...(m.numBytesInGPU !== undefined ? { numBytesInGPU: m.numBytesInGPU } : {}),
    ...(m.unreliable ? { unreliable: true } : {}),
  };
}
