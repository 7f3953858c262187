/**
 * Device check run before choosing a backend, in a worker or on the page. Feature detection
 * only: no TF.js import, no DOM lookups beyond creating a throwaway canvas.
 */
import type { DeviceReport } from '../lib/ml/protocol';

interface GpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<{ info?: GpuAdapterInfo; isFallbackAdapter?: boolean } | null> };
  deviceMemory?: number;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|lavapipe/i;

/** Creates a canvas in whichever way this context allows (OffscreenCanvas works in workers). */
function createCanvas(): OffscreenCanvas | HTMLCanvasElement | null {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1);
  if (typeof document !== 'undefined') return document.createElement('canvas');
  return null;
}

interface WebglProbe {
  webgl2: boolean;
  floatTextures: boolean;
  maxTextureSize: number | null;
  renderer: string | null;
}

function probeWebgl(): WebglProbe {
  const none = { webgl2: false, floatTextures: false, maxTextureSize: null, renderer: null };
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
    renderer: webglRenderer(gl),
  };
  // Free the probe context now: browsers cap live WebGL contexts (often at 16).
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return report;
}

function webglRenderer(gl: WebGL2RenderingContext): string | null {
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const name = debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return typeof name === 'string' ? name : null;
}

async function probeWebgpu(): Promise<{ available: boolean; name: string | null; software: boolean }> {
  const nav = (typeof navigator !== 'undefined' ? navigator : {}) as GpuNavigator;
  const none = { available: false, name: null, software: false };
  if (!nav.gpu) return none;
  try {
    const adapter = await nav.gpu.requestAdapter();
    if (!adapter) return none;
    const info = adapter.info ?? {};
    const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || null;
    const software =
      Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) || SOFTWARE_RENDERER.test(name ?? '');
    return { available: true, name, software };
  } catch {
    return none;
  }
}

/** What the current context (page or worker) can run TF.js on. */
export async function checkDevice(): Promise<DeviceReport> {
  const nav = (typeof navigator !== 'undefined' ? navigator : {}) as GpuNavigator;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const webgpu = await probeWebgpu();
  const { renderer, ...webgl } = probeWebgl();
  const webglSoftware = renderer !== null && SOFTWARE_RENDERER.test(renderer);
  return {
    webgpu: webgpu.available,
    ...webgl,
    gpuName: webgpu.name ?? renderer,
    // Software only when no GPU path is hardware.
    softwareGpu:
      (webgpu.available || webgl.webgl2) &&
      (!webgpu.available || webgpu.software) &&
      (!webgl.webgl2 || webglSoftware),
    softwareBackends: [
      ...(webgpu.software ? ['webgpu' as const] : []),
      ...(webglSoftware ? ['webgl' as const] : []),
    ],
    deviceMemoryGiB: typeof nav.deviceMemory === 'number' ? nav.deviceMemory : null,
    wasm: typeof WebAssembly === 'object',
    wasmThreads: isolated && typeof SharedArrayBuffer !== 'undefined',
  };
}
