import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GPU_OPTION, gpuLaunchArgs, gpuModeFromArgs } from '../../scripts/lib/gpu-launch';

describe('the benchmark’s --gpu option', () => {
  it('asks for the real GPU only when given', () => {
    expect(gpuModeFromArgs(['--backends', 'webgpu,webgl', '--gpu'])).toBe('hardware');
    expect(gpuModeFromArgs(['--gpu', '--no-write'])).toBe('hardware');
    expect(gpuModeFromArgs(['--backends', 'webgpu,webgl'])).toBe('software');
    expect(gpuModeFromArgs([])).toBe('software');
  });

  it('parses beside the benchmark’s other options, as scripts/bench.ts spreads it', () => {
    const { values } = parseArgs({
      args: ['--backends', 'webgpu,webgl', '--gpu'],
      options: { backends: { type: 'string' }, ...GPU_OPTION },
    });
    expect(values).toEqual({ backends: 'webgpu,webgl', gpu: true });
  });
});

describe('gpuLaunchArgs', () => {
  it('forces SwiftShader by default, with WebGPU on, so every machine measures the same software GPU', () => {
    const args = gpuLaunchArgs('software', 'linux');
    expect(args).toContain('--use-angle=swiftshader');
    expect(args).toContain('--enable-unsafe-swiftshader');
    expect(args).toContain('--enable-unsafe-webgpu');
  });

  it('on Linux with --gpu, uses Vulkan through ANGLE without a window surface and never SwiftShader', () => {
    const args = gpuLaunchArgs('hardware', 'linux');
    expect(args).toEqual(
      expect.arrayContaining([
        '--use-angle=vulkan',
        '--enable-features=Vulkan',
        '--disable-vulkan-surface',
        '--ignore-gpu-blocklist',
        '--enable-unsafe-webgpu',
      ]),
    );
    expect(args.filter((a) => /swiftshader/i.test(a))).toEqual([]);
  });

  it('on macOS and Windows with --gpu, uses their native graphics APIs', () => {
    expect(gpuLaunchArgs('hardware', 'darwin')).toContain('--use-angle=metal');
    expect(gpuLaunchArgs('hardware', 'win32')).toContain('--use-angle=d3d11');
    for (const platform of ['darwin', 'win32'] as const) {
      const args = gpuLaunchArgs('hardware', platform);
      expect(args).toContain('--enable-unsafe-webgpu');
      expect(args.some((a) => /swiftshader|vulkan/i.test(a))).toBe(false);
    }
  });
});
