import { describe, expect, it } from 'vitest';
import { describeMachine } from '../../src/lib/bench/results';

describe('describeMachine', () => {
  it('names SwiftShader as a software renderer, not by its Vulkan description', () => {
    expect(
      describeMachine({
        browser:
          'Headless Chromium 156.0.0.0, WebGL on ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      }),
    ).toEqual({
      browser: 'Headless Chromium 156.0.0.0',
      renderer: { kind: 'software', name: 'SwiftShader' },
    });
  });

  it('names a real GPU by its device, without ANGLE, the PCI id or the graphics API', () => {
    expect(
      describeMachine({
        browser:
          'Chrome 131.0.0.0, WebGL on ANGLE (NVIDIA, NVIDIA GeForce GTX 1080 (0x00001B80) Direct3D11 vs_5_0 ps_5_0, D3D11)',
      }),
    ).toEqual({ browser: 'Chrome 131.0.0.0', renderer: { kind: 'gpu', name: 'NVIDIA GeForce GTX 1080' } });
  });

  it('says nothing about a renderer when the report names none', () => {
    expect(describeMachine({ browser: 'Firefox 140.0' })).toEqual({
      browser: 'Firefox 140.0',
      renderer: null,
    });
  });
});
