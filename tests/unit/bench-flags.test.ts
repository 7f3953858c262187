import { describe, expect, it } from 'vitest';
import { chromiumFlags } from '../../scripts/lib/bench-flags';

describe('the benchmark’s Chromium flags', () => {
  it('forces SwiftShader by default and offers WebGPU on it', () => {
    const flags = chromiumFlags(false);
    expect(flags).toContain('--use-angle=swiftshader');
    expect(flags).toContain('--enable-unsafe-webgpu');
  });

  it('with --gpu, drops every SwiftShader flag and asks for the GPU through Vulkan', () => {
    const flags = chromiumFlags(true);
    expect(flags.filter((f) => /swiftshader/i.test(f))).toEqual([]);
    expect(flags).toEqual(
      expect.arrayContaining([
        '--enable-unsafe-webgpu',
        '--enable-features=Vulkan',
        '--use-angle=vulkan',
        '--ignore-gpu-blocklist',
      ]),
    );
  });
});
