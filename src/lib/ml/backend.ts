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
import { planWasmThreads, type WasmThreadPlan } from './wasm-threads';

/**
 * Where the wasm backend finds its binaries: a folder URL ending in `/`, or a map from file
 * name (`tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm`,
 * `tfjs-backend-wasm-threaded-simd.wasm`) to URL. Always on our own origin.
 */
export type WasmPaths = string | Record<string, string>;

export interface BackendChoice {
  name: BackendName;
  /** wasm only: the threads it computes with (1 = single-threaded build). */
  threads?: number;
  device: DeviceReport;
  skipped: { name: BackendName; reason: string }[];
}

export interface ChooseBackendOptions {
  wasmPaths?: WasmPaths;
  /** Threads for the wasm backend: where they come from and a forced count. */
  wasmThreads?: Pick<WasmSetupOptions, 'threadHost' | 'threads'>;
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

/**
 * What a browser context lends the wasm backend for threads (`src/platform/wasm-threads.ts`):
 * the facts the plan needs and the set-up around the threaded module's start.
 */
export interface WasmThreadHost {
  /** `crossOriginIsolated` (threads need `SharedArrayBuffer`). */
  isolated: boolean;
  /** `navigator.hardwareConcurrency`. */
  hardwareConcurrency: number;
  /**
   * Called just before the threaded module starts; returns what undoes its changes, called
   * once the backend has started or failed.
   */
  prepare(plan: WasmThreadPlan): () => void;
}

export interface WasmSetupOptions {
  /**
   * Where threads come from; without one (Node, the main thread of a page) the
   * single-threaded SIMD build runs.
   */
  threadHost?: WasmThreadHost;
  /** Forced thread count (1 to 8); default: TF.js's own (half the logical cores). */
  threads?: number;
  /** How long the threaded build may take to start its workers before we fall back. Default 60 s. */
  threadStartTimeoutMs?: number;
}

let wasmConfigured = false;
let wasmThreads = 1;

/** Threads the wasm backend computes with, once set up (1 for the single-threaded build). */
export function wasmThreadCount(): number {
  return wasmThreads;
}

/**
 * Loads the wasm backend from our own URLs and adds the training kernels it lacks; once per
 * context (TF.js reads the paths and the thread count only at the backend's first start).
 * Shared by the trainer and the benchmark, so both time and train on the same kernels. When
 * the plan calls for threads it also starts the backend (and leaves it active), because the
 * thread host's set-up must surround the module's start; if the threaded build fails or
 * hangs, the single-threaded build takes its place.
 */
export async function setUpWasm(
  wasmPaths: WasmPaths | undefined,
  options: WasmSetupOptions = {},
): Promise<void> {
  if (wasmConfigured) return;
  if (!wasmPaths) throw new Error('wasm backend needs wasmPaths (our own URLs of the .wasm files)');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const host = options.threadHost;
  const plan = host
    ? planWasmThreads({
        isolated: host.isolated,
        hardwareConcurrency: host.hardwareConcurrency,
        forced: options.threads,
      })
    : null;
  wasm.setWasmPaths(wasmPaths as Parameters<typeof wasm.setWasmPaths>[0]);
  registerWasmTrainingKernels();
  wasmConfigured = true;
  if (!host || !plan?.threaded) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    wasmThreads = 1;
    return;
  }
  wasm.setThreadsCount(plan.threads);
  const undo = host.prepare(plan);
  try {
    await startWithin(options.threadStartTimeoutMs ?? 60_000);
    wasmThreads = wasm.getThreadsCount();
  } catch {
    await restartSingleThreaded();
    wasmThreads = 1;
  } finally {
    undo();
  }
}

async function startWithin(ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`threaded wasm did not start within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([
      (async () => {
        if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
        await tf.ready();
      })(),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Drops a failed threaded start and registers the same factory for the single-threaded build. */
async function restartSingleThreaded(): Promise<void> {
  const factory = tf.findBackendFactory('wasm');
  try {
    tf.removeBackend('wasm');
  } catch {
    // Never started: nothing to remove.
  }
  if (factory) tf.registerBackend('wasm', factory, 2);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

/**
 * Loads one backend's code, which registers it with TF.js. Each is a dynamic import, so the
 * site's bundler gives each backend a chunk of its own and a reader downloads only the one
 * that runs (the site builds against `./tf-without-backends.ts`; in Node, `@tensorflow/tfjs`
 * has already registered cpu and WebGL and these imports cost nothing).
 */
export async function loadBackendModule(name: BackendName): Promise<void> {
  switch (name) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      return;
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      return;
    case 'wasm':
      await import('@tensorflow/tfjs-backend-wasm');
      return;
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
  }
}

async function registerBackend(name: BackendName, options: ChooseBackendOptions): Promise<void> {
  if (name === 'wasm') await setUpWasm(options.wasmPaths, options.wasmThreads);
  else await loadBackendModule(name);
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
      await registerBackend(name, options);
      if (!(await tf.setBackend(name))) throw new Error('tf.setBackend returned false');
      await tf.ready();
      await smokeTest();
      return { name, ...(name === 'wasm' ? { threads: wasmThreadCount() } : {}), device, skipped };
    } catch (error) {
      skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  // Unreachable in practice (cpu passes), kept so the type is honest.
  await loadBackendModule('cpu');
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
