/**
 * What the backend chooser knows about where each backend can train, as codes the trainer can
 * put into words in either language (`trainer.notice.backendFallback.<code>`). The device
 * check decides most of it; the GPU oracle test (tests/e2e/gpu-oracle.test.ts) proves every
 * model's gradients and one Adam step on WebGL and WebGPU against cpu, so no model is ruled
 * out of a backend that starts. What it found wrong is worked around where it lives: TF.js's
 * WebGL backend gives Adam float16's ε (1e-4) even in float32, so the optimiser fixes ε
 * (`ADAM_EPSILON` in train.ts); a WebGL without float32 render targets would train in
 * float16, so it is refused here (`no-float-textures`).
 */
import type { BackendName } from './catalog';
import type { DeviceReport } from './device';

/** Why a backend was not used. */
export type BackendSkipCode =
  /** The only GPU is a software renderer (skipped by `auto` only: slower than wasm). */
  | 'software-gpu'
  | 'no-webgpu'
  | 'no-webgl2'
  /** WebGL2 without EXT_color_buffer_float: training would run in float16 and go wrong. */
  | 'no-float-textures'
  | 'no-wasm'
  /** The device check allowed it, but it did not start or failed its smoke test. */
  | 'failed';

/**
 * Why the device check rules `name` out, or null when it may be tried. `explicit`: the reader
 * chose this backend, so a software GPU is allowed (it works, only slowly).
 */
export function vetoCode(name: BackendName, device: DeviceReport, explicit = false): BackendSkipCode | null {
  if ((name === 'webgpu' || name === 'webgl') && device.softwareBackends.includes(name) && !explicit)
    return 'software-gpu';
  switch (name) {
    case 'webgpu':
      return device.webgpu ? null : 'no-webgpu';
    case 'webgl':
      if (!device.webgl2) return 'no-webgl2';
      return device.floatTextures ? null : 'no-float-textures';
    case 'wasm':
      return device.wasm ? null : 'no-wasm';
    case 'cpu':
      return null;
  }
}

/** A backend the reader asked for that could not run, and the one training uses instead. */
export interface BackendFallback {
  requested: BackendName;
  chosen: BackendName;
  /** Never `software-gpu`: a backend the reader chose explicitly may run on a software GPU. */
  code: Exclude<BackendSkipCode, 'software-gpu'>;
}

/**
 * The fallback to tell the reader about when they chose a backend (not `auto`) and training
 * runs on another; null when they got what they asked for. `auto` skipping a backend is the
 * chooser doing its job, not news.
 */
export function backendFallback(event: {
  requested: BackendName | 'auto';
  name: BackendName;
  device: DeviceReport;
}): BackendFallback | null {
  const { requested, name, device } = event;
  if (requested === 'auto' || requested === name) return null;
  const code = vetoCode(requested, device, true) as BackendFallback['code'] | null;
  return { requested, chosen: name, code: code ?? 'failed' };
}
