/**
 * Device check run before choosing a backend, in a worker or on the page. Feature detection
 * only: no TF.js import, no DOM lookups beyond creating a throwaway canvas.
 */
import type { DeviceReport } from './protocol';

interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<unknown | null> };
  deviceMemory?: number;
}

/** Creates a canvas in whichever way this context allows (OffscreenCanvas works in workers). */
function createCanvas(): OffscreenCanvas | HTMLCanvasElement | null {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1);
  if (typeof document !== 'undefined') return document.createElement('canvas');
  return null;
}

function probeWebgl(): Pick<DeviceReport, 'webgl2' | 'floatTextures' | 'maxTextureSize'> {
  const none = { webgl2: false, floatTextures: false, maxTextureSize: null };
  let canvas: OffscreenCanvas | HTMLCanvasElement | null = null;
  try {
    canvas = createCanvas();
  } catch {
    return none;
  }
  if (!canvas) return none;
  const gl = canvas.getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return none;
  const report = {
    webgl2: true,
    // Training on WebGL needs float32 render targets; without them TF.js falls back to float16.
    floatTextures: gl.getExtension('EXT_color_buffer_float') !== null,
    maxTextureSize: gl.getParameter(gl.MAX_TEXTURE_SIZE) as number,
  };
  // Free the probe context now: browsers cap live WebGL contexts (often at 16).
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return report;
}

async function probeWebgpu(): Promise<boolean> {
  const nav = (typeof navigator !== 'undefined' ? navigator : {}) as GpuNavigator;
  if (!nav.gpu) return false;
  try {
    return (await nav.gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}

/** What the current context (page or worker) can run TF.js on. */
export async function checkDevice(): Promise<DeviceReport> {
  const nav = (typeof navigator !== 'undefined' ? navigator : {}) as GpuNavigator;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return {
    webgpu: await probeWebgpu(),
    ...probeWebgl(),
    deviceMemoryGiB: typeof nav.deviceMemory === 'number' ? nav.deviceMemory : null,
    wasm: typeof WebAssembly === 'object',
    wasmThreads: isolated && typeof SharedArrayBuffer !== 'undefined',
  };
}

/** True when the context can train on a GPU backend. */
export function hasGpu(device: DeviceReport): boolean {
  return device.webgpu || (device.webgl2 && device.floatTextures);
}
