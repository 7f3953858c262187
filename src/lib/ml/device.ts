/**
 * What the runtime needs from the place it runs in: a device report and the GPU context's
 * life. The browser's version (`browserDevice` in `src/platform/device.ts`) probes canvases and
 * `navigator`; `headlessDevice` here serves Node and any context without a GPU, so `src/lib/`
 * never touches the DOM.
 */

/** What the device check found, before a backend was chosen. */
export interface DeviceReport {
  webgpu: boolean;
  webgl2: boolean;
  /** WebGL can render to float32 textures (needed for training on WebGL). */
  floatTextures: boolean;
  /** `navigator.deviceMemory` in GiB where the browser tells; otherwise null. */
  deviceMemoryGiB: number | null;
  /** WebGL `MAX_TEXTURE_SIZE`, or null. */
  maxTextureSize: number | null;
  /** GPU name as the browser reports it (WebGPU adapter or unmasked WebGL renderer), or null. */
  gpuName: string | null;
  /**
   * The only GPU is a software renderer (SwiftShader, llvmpipe, a WebGPU fallback adapter): it
   * runs on the CPU and is slower than wasm, so `auto` skips it (an explicit choice still uses it).
   */
  softwareGpu: boolean;
  /** GPU backends that would run on a software renderer here. */
  softwareBackends: ('webgpu' | 'webgl')[];
  wasm: boolean;
  /** SharedArrayBuffer + cross-origin isolation: wasm may use threads. */
  wasmThreads: boolean;
}

export interface DeviceAdapter {
  /** What the current context can run TF.js on. */
  checkDevice(): Promise<DeviceReport>;
  /** Calls `onLost` once if the active GPU backend loses its device; returns a function that stops watching. */
  watchContextLoss(onLost: () => void): () => void;
  /**
   * True when the active GPU backend's context is lost (asked after a step throws). A promise:
   * a WebGPU device fails calls before its `lost` promise settles, so the answer may wait for it.
   */
  isContextLost(): Promise<boolean>;
  /** Test hook: makes the GPU context lose itself. Returns false when the backend has none. */
  loseContextForTest(): boolean;
}

/** A context with no GPU (Node, tests): wasm if WebAssembly exists, and cpu. */
export const headlessDevice: DeviceAdapter = {
  checkDevice: async () => ({
    webgpu: false,
    webgl2: false,
    floatTextures: false,
    deviceMemoryGiB: null,
    maxTextureSize: null,
    gpuName: null,
    softwareGpu: false,
    softwareBackends: [],
    wasm: typeof WebAssembly === 'object',
    wasmThreads: false,
  }),
  watchContextLoss: () => () => {},
  isContextLost: async () => false,
  loseContextForTest: () => false,
};

/** True when the context can train on a hardware GPU backend. */
export function hasGpu(device: DeviceReport): boolean {
  return !device.softwareGpu && (device.webgpu || (device.webgl2 && device.floatTextures));
}
