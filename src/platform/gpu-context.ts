/**
 * The GPU context's life in the browser: WebGL's canvas events and WebGPU's `device.lost`, so
 * the runtime can recover from a checkpoint when a driver resets. Browser-only.
 */
import * as tf from '@tensorflow/tfjs';

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
    const device = webgpuDevice();
    if (!device?.lost) return () => {};
    void device.lost.then(() => {
      lostDevices.add(device);
      fire();
    });
    return () => {
      active = false;
    };
  }
  return () => {};
}

/** The part of a `GPUDevice` used here (no `@webgpu/types` dependency for three members). */
interface GpuDeviceLike {
  lost?: Promise<unknown>;
  destroy?: () => void;
}

/** WebGPU devices whose `lost` promise has settled. */
const lostDevices = new WeakSet<GpuDeviceLike>();

function webgpuDevice(): GpuDeviceLike | null {
  if (tf.getBackend() !== 'webgpu') return null;
  return (tf.backend() as unknown as { device?: GpuDeviceLike }).device ?? null;
}

function webglCanvas(): (OffscreenCanvas | HTMLCanvasElement) | null {
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
  return (backend.gpgpu?.gl?.canvas as OffscreenCanvas | HTMLCanvasElement | undefined) ?? null;
}

/**
 * True when the active GPU backend's context (WebGL) or device (WebGPU) is lost; asked after a
 * step throws. A lost WebGPU device fails pending calls (`mapAsync`) before its `lost` promise
 * settles, so this waits up to `graceMs` for that promise before calling the error genuine.
 */
export async function isContextLost(graceMs = 1000): Promise<boolean> {
  const device = webgpuDevice();
  if (device?.lost) {
    if (lostDevices.has(device)) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const lost = await Promise.race([
      device.lost.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (lost) lostDevices.add(device);
    return lost;
  }
  if (tf.getBackend() !== 'webgl') return false;
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
  return backend.gpgpu?.gl?.isContextLost() ?? false;
}

/**
 * Test hook: makes the GPU lose itself, as a driver reset would: `WEBGL_lose_context` on WebGL,
 * `device.destroy()` on WebGPU (which settles `device.lost`). Returns false on other backends.
 */
export function loseGpuContextForTest(): boolean {
  const device = webgpuDevice();
  if (device?.destroy) {
    device.destroy();
    return true;
  }
  if (tf.getBackend() !== 'webgl') return false;
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
  const extension = backend.gpgpu?.gl?.getExtension('WEBGL_lose_context');
  if (!extension) return false;
  extension.loseContext();
  return true;
}
