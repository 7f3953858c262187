/**
 * Which GPU headless Chromium draws with, for `npm run bench` (`--gpu`) and the e2e tests.
 *
 * - `software` (the default; machines without a GPU, like this project's): SwiftShader, the
 *   CPU standing in for a GPU, for WebGL and WebGPU alike, so the same numbers reproduce.
 * - `hardware` (`--gpu`): the machine's real GPU. Headless Chromium picks SwiftShader by
 *   itself on Linux, so it must be told to use the GPU: on Linux, Vulkan through ANGLE with no
 *   window surface (headless has no window), as Chrome's team advises for testing web AI on a
 *   GPU (developer.chrome.com/blog/supercharge-web-ai-testing); on macOS, Metal; on Windows,
 *   D3D11. Server GPUs and drivers are often on Chromium's blocklist, hence
 *   `--ignore-gpu-blocklist`. WebGPU is behind `--enable-unsafe-webgpu` in headless mode
 *   either way.
 */
import { parseArgs } from 'node:util';

export type GpuMode = 'software' | 'hardware';

/** The option `npm run bench` takes, in `node:util` `parseArgs` form. */
export const GPU_OPTION = { gpu: { type: 'boolean', default: false } } as const;

/** `--gpu` among other arguments → `hardware`; otherwise `software`. Unknown arguments are left to the caller. */
export function gpuModeFromArgs(args: readonly string[]): GpuMode {
  const { values } = parseArgs({ args: [...args], options: GPU_OPTION, strict: false });
  return values.gpu === true ? 'hardware' : 'software';
}

/** The Chromium flags for `mode` on `platform` (Node's `process.platform` names). */
export function gpuLaunchArgs(mode: GpuMode, platform: NodeJS.Platform = process.platform): string[] {
  const webgpu = '--enable-unsafe-webgpu';
  if (mode === 'software') {
    // SwiftShader for WebGL (ANGLE) and WebGPU (Dawn's Vulkan); without the flags headless
    // Chromium may offer no WebGL at all.
    return ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', webgpu];
  }
  const common = ['--ignore-gpu-blocklist', webgpu];
  if (platform === 'darwin') return ['--use-angle=metal', ...common];
  if (platform === 'win32') return ['--use-angle=d3d11', ...common];
  return ['--use-angle=vulkan', '--enable-features=Vulkan', '--disable-vulkan-surface', ...common];
}
