import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { chooseBackend, deviceVeto, memoryInfo } from '../../src/lib/ml/backend';
import { hasGpu } from '../../src/lib/ml/device';
import type { DeviceReport } from '../../src/lib/ml/protocol';

const noGpu: DeviceReport = {
  webgpu: false,
  webgl2: false,
  floatTextures: false,
  maxTextureSize: null,
  gpuName: null,
  softwareGpu: false,
  softwareBackends: [],
  deviceMemoryGiB: null,
  wasm: false,
  wasmThreads: false,
};

describe('backend choice', () => {
  it('explains why each backend is ruled out', () => {
    expect(deviceVeto('webgpu', noGpu)).toMatch(/no WebGPU adapter/);
    expect(deviceVeto('webgl', { ...noGpu, webgl2: true })).toMatch(/EXT_color_buffer_float missing/);
    expect(deviceVeto('webgl', { ...noGpu, webgl2: true, floatTextures: true })).toBeNull();
    expect(deviceVeto('wasm', noGpu)).toMatch(/WebAssembly unavailable/);
    expect(deviceVeto('cpu', noGpu)).toBeNull();
  });

  it('skips a software GPU unless the reader chose it', () => {
    const swiftshader: DeviceReport = {
      ...noGpu,
      webgpu: true,
      webgl2: true,
      floatTextures: true,
      gpuName: 'google swiftshader',
      softwareGpu: true,
      softwareBackends: ['webgpu', 'webgl'],
    };
    expect(deviceVeto('webgpu', swiftshader)).toMatch(
      /software GPU \(google swiftshader\) is slower than wasm/,
    );
    expect(deviceVeto('webgpu', swiftshader, true)).toBeNull();
    expect(hasGpu(swiftshader)).toBe(false);
    expect(hasGpu({ ...swiftshader, softwareGpu: false, softwareBackends: [] })).toBe(true);
  });

  it('falls through to cpu in order, listing what it skipped', async () => {
    const choice = await chooseBackend('auto', { device: noGpu });
    expect(choice.name).toBe('cpu');
    expect(choice.skipped.map((s) => s.name)).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(tf.getBackend()).toBe('cpu');
    expect(memoryInfo().numTensors).toBe(tf.memory().numTensors);
  });

  it('falls back from a forced backend that cannot start', async () => {
    const choice = await chooseBackend('webgl', { device: { ...noGpu, wasm: true } });
    // wasm has no paths here, so it fails to start and cpu takes over.
    expect(choice.skipped.map((s) => s.name)).toEqual(['webgl', 'wasm']);
    expect(choice.skipped[1]?.reason).toMatch(/needs wasmPaths/);
    expect(choice.name).toBe('cpu');
  });
});
