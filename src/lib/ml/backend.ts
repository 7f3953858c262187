/**
 * Backend choice: WebGPU, then WebGL, then wasm, then cpu, after a device check; the reader
 * may force one. The model code is the same on every backend; only where tensors live changes.
 * Also watches for lost GPU contexts so the runtime can recover from a checkpoint.
 */
import * as tf from '@tensorflow/tfjs';
import { checkDevice } from './device';
import { BACKEND_ORDER, type BackendName, type BackendPreference, type DeviceReport } from './protocol';
import { registerWasmTrainingKernels } from './wasm-training-kernels';

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
  /** Reuse a device report instead of probing again. */
  device?: DeviceReport;
}

/**
 * Why the device check rules a backend out, or null when it may be tried. `explicit`: the
 * reader chose this backend, so a software GPU is allowed (it works, only slowly).
 */
export function deviceVeto(name: BackendName, device: DeviceReport, explicit = false): string | null {
  if ((name === 'webgpu' || name === 'webgl') && device.softwareBackends.includes(name) && !explicit) {
    return `software GPU (${device.gpuName ?? 'unknown renderer'}) is slower than wasm`;
  }
  switch (name) {
    case 'webgpu':
      return device.webgpu ? null : 'no WebGPU adapter in this context';
    case 'webgl':
      if (!device.webgl2) return 'no WebGL2 context in this context';
      if (!device.floatTextures)
        return 'WebGL2 cannot render to float32 textures (EXT_color_buffer_float missing)';
      return null;
    case 'wasm':
      return device.wasm ? null : 'WebAssembly unavailable';
    case 'cpu':
      return null;
  }
}

let wasmPathsSet = false;

async function registerBackend(name: BackendName, wasmPaths?: WasmPaths): Promise<void> {
  if (name === 'webgpu') {
    await import('@tensorflow/tfjs-backend-webgpu');
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet) {
      if (!wasmPaths) throw new Error('wasm backend needs wasmPaths (our own URLs of the .wasm files)');
      // The threaded build starts pthread workers from an inlined script that breaks once bundled
      // ("e is not defined"), so use the single-threaded SIMD build everywhere.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      if (typeof wasmPaths === 'string') wasm.setWasmPaths(wasmPaths);
      else wasm.setWasmPaths(wasmPaths as Parameters<typeof wasm.setWasmPaths>[0]);
      wasmPathsSet = true;
    }
  }
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
  options: ChooseBackendOptions = {},
): Promise<BackendChoice> {
  const device = options.device ?? (await checkDevice());
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
      if (name === 'wasm') await registerWasmExtras();
      return { name, device, skipped };
    } catch (error) {
      skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  // Unreachable in practice (cpu passes), kept so the type is honest.
  await tf.setBackend('cpu');
  return { name: 'cpu', device, skipped };
}

/** Kernels the wasm backend lacks (or runs slowly) for training, from wasm-training-kernels.ts. */
async function registerWasmExtras(): Promise<void> {
  registerWasmTrainingKernels();
}

/**
 * Calls `onLost` once if the active GPU backend loses its device: `webglcontextlost` on
 * WebGL's canvas, `device.lost` on WebGPU. Returns a function that stops watching.
 */
export function watchContextLoss(onLost: () => void): () => void {
  const name = tf.getBackend();
  let active = true;
  const fire = () => {
    if (!active) return;
    active = false;
    onLost();
  };
  if (name === 'webgl') {
    const canvas = webglCanvas();
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
    if (!canvas || !gl) return () => {};
    const listener = () => fire();
    // HTML canvases fire `webglcontextlost`; OffscreenCanvas in a worker may fire `contextlost`
    // or nothing at all, so poll too (isContextLost() turns true at once).
    canvas.addEventListener('webglcontextlost', listener as EventListener);
    canvas.addEventListener('contextlost', listener as EventListener);
    const poll = setInterval(() => {
      if (gl.isContextLost()) fire();
    }, 250);
    return () => {
      active = false;
      clearInterval(poll);
      canvas.removeEventListener('webglcontextlost', listener as EventListener);
      canvas.removeEventListener('contextlost', listener as EventListener);
    };
  }
  if (name === 'webgpu') {
    const device = (tf.backend() as unknown as { device?: { lost?: Promise<unknown> } }).device;
    void device?.lost?.then(() => fire());
    return () => {
      active = false;
    };
  }
  return () => {};
}

function webglCanvas(): (OffscreenCanvas | HTMLCanvasElement) | null {
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
  return (backend.gpgpu?.gl?.canvas as OffscreenCanvas | HTMLCanvasElement | undefined) ?? null;
}

/** True when the active WebGL backend's context is lost (checked after a step throws). */
export function isContextLost(): boolean {
  if (tf.getBackend() !== 'webgl') return false;
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
  return backend.gpgpu?.gl?.isContextLost() ?? false;
}

/** Test hook: makes the WebGL context lose itself, as a driver reset would. Returns false when not on WebGL. */
export function loseWebglContextForTest(): boolean {
  if (tf.getBackend() !== 'webgl') return false;
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
  const extension = backend.gpgpu?.gl?.getExtension('WEBGL_lose_context');
  if (!extension) return false;
  extension.loseContext();
  return true;
}

/**
 * Replaces a backend whose GPU context was lost with a fresh instance of the same kind
 * (new context), falling back along the usual order if that fails.
 */
export async function reinitializeBackend(
  lost: BackendName,
  options: ChooseBackendOptions = {},
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
export function memoryInfo(): {
  numTensors: number;
  numBytes: number;
  numBytesInGPU?: number;
  unreliable?: boolean;
} {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  return {
    numTensors: m.numTensors,
    numBytes: m.numBytes,
    ...(m.numBytesInGPU !== undefined ? { numBytesInGPU: m.numBytesInGPU } : {}),
    ...(m.unreliable ? { unreliable: true } : {}),
  };
}
