import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../src/lib/i18n/strings';
import { deviceVeto } from '../../src/lib/ml/backend';
import { backendFallback, vetoCode } from '../../src/lib/ml/backend-support';
import type { BackendEvent, DeviceReport } from '../../src/lib/ml/protocol';
import { ADAM_EPSILON, createOptimizer } from '../../src/lib/ml/train';
import { applyEvent, createViewModel } from '../../src/lib/trainer-view/view-model';

const GPU: DeviceReport = {
  webgpu: true,
  webgl2: true,
  floatTextures: true,
  deviceMemoryGiB: 8,
  maxTextureSize: 16384,
  gpuName: 'Example GPU',
  softwareGpu: false,
  softwareBackends: [],
  wasm: true,
  wasmThreads: false,
};
const NO_WEBGPU: DeviceReport = { ...GPU, webgpu: false };
const HALF_FLOAT_WEBGL: DeviceReport = { ...GPU, webgpu: false, floatTextures: false };

const dictionary = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../src/content/i18n/${lang}.json`, import.meta.url), 'utf8')) as Record<
    string,
    string
  >;

function backendEvent(
  requested: BackendEvent['requested'],
  name: BackendEvent['name'],
  device: DeviceReport,
) {
  return { type: 'backend', requested, name, device, where: 'worker', skipped: [] } satisfies BackendEvent;
}

describe('vetoCode', () => {
  it('names what the device lacks for each backend', () => {
    expect(vetoCode('webgpu', NO_WEBGPU)).toBe('no-webgpu');
    expect(vetoCode('webgl', { ...GPU, webgl2: false })).toBe('no-webgl2');
    expect(vetoCode('webgl', HALF_FLOAT_WEBGL)).toBe('no-float-textures');
    expect(vetoCode('wasm', { ...GPU, wasm: false })).toBe('no-wasm');
    expect(vetoCode('cpu', { ...GPU, wasm: false, webgl2: false, webgpu: false })).toBeNull();
  });

  it('lets `auto` skip a software GPU but not a reader who chose it', () => {
    const software = { ...GPU, softwareGpu: true, softwareBackends: ['webgl' as const] };
    expect(vetoCode('webgl', software)).toBe('software-gpu');
    expect(vetoCode('webgl', software, true)).toBeNull();
  });

  it('is what deviceVeto words for logs', () => {
    expect(deviceVeto('webgl', HALF_FLOAT_WEBGL)).toMatch(/float32 textures/);
    expect(deviceVeto('webgpu', GPU)).toBeNull();
  });
});

describe('backendFallback', () => {
  it('is null for `auto` and for the backend the reader chose', () => {
    expect(backendFallback(backendEvent('auto', 'wasm', NO_WEBGPU))).toBeNull();
    expect(backendFallback(backendEvent('webgl', 'webgl', GPU))).toBeNull();
  });

  it('says why a chosen backend gave way: the device, or a failed start', () => {
    expect(backendFallback(backendEvent('webgpu', 'webgl', NO_WEBGPU))).toEqual({
      requested: 'webgpu',
      chosen: 'webgl',
      code: 'no-webgpu',
    });
    expect(backendFallback(backendEvent('webgl', 'wasm', HALF_FLOAT_WEBGL))?.code).toBe('no-float-textures');
    expect(backendFallback(backendEvent('webgpu', 'webgl', GPU))?.code).toBe('failed');
  });
});

describe('the trainer’s notice when the chosen backend cannot train here', () => {
  it('tells the reader in both languages which backend they chose, why it cannot train, and where training runs', () => {
    const vm = createViewModel('mnist');
    expect(applyEvent(vm, backendEvent('webgl', 'wasm', HALF_FLOAT_WEBGL)).has('notices')).toBe(true);
    const notice = vm.notices.find((n) => n.id === 'backend');
    expect(notice).toMatchObject({
      tone: 'warning',
      key: 'trainer.notice.backendFallback.no-float-textures',
    });
    const text = (lang: string) => {
      const t = createTranslate(dictionary(lang), lang, (key) => `missing ${key}`, { strict: true });
      const values = notice?.values ?? {};
      return t(notice?.key ?? '', {
        requested: t(`trainer.backend.${values.requested}`),
        backend: t(`trainer.backend.${values.backend}`),
      });
    };
    expect(text('en')).toBe(
      'You chose WebGL, but this GPU cannot render to 32-bit float textures, and training in 16-bit floats computes wrong gradients, so training runs on WebAssembly (CPU).',
    );
    expect(text('ja')).toContain('WebGLを選びましたが');
    expect(text('ja')).toContain('WebAssembly（CPU）で学習します');
  });

  it('has words for every reason, in both languages', () => {
    for (const lang of ['en', 'ja']) {
      const strings = dictionary(lang);
      for (const code of ['no-webgpu', 'no-webgl2', 'no-float-textures', 'no-wasm', 'failed'])
        expect(strings[`trainer.notice.backendFallback.${code}`], `${lang} ${code}`).toMatch(
          /\{\{requested\}\}.*\{\{backend\}\}/,
        );
    }
  });

  it('goes away once training runs on the chosen backend', () => {
    const vm = createViewModel('mnist');
    applyEvent(vm, backendEvent('webgpu', 'webgl', NO_WEBGPU));
    expect(vm.notices.map((n) => n.id)).toContain('backend');
    applyEvent(vm, backendEvent('webgpu', 'webgpu', GPU));
    expect(vm.notices.map((n) => n.id)).not.toContain('backend');
  });
});

describe('Adam on every backend', () => {
  it('uses ε = 1e-7, not the backend’s own (WebGL gives float16’s 1e-4 even in float32)', () => {
    const adam = createOptimizer('adam', 0.001);
    expect(ADAM_EPSILON).toBe(1e-7);
    expect(adam.getConfig().epsilon).toBe(ADAM_EPSILON);
    // The cpu backend's own ε is 1e-7 too: only the fixed value protects WebGL.
    expect(tf.backend().epsilon()).toBe(1e-7);
    adam.dispose();
  });
});
