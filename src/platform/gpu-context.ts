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
