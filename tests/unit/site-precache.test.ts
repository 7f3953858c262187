import { describe, expect, it } from 'vitest';
import { isTrainingRuntimeAsset, precacheUrl } from '../../src/lib/site/precache';

describe('what the service worker precaches', () => {
  it('asks for pages by their folder, as links and readers do', () => {
    expect(precacheUrl('index.html')).toBe('./');
    expect(precacheUrl('en/guide/decide/index.html')).toBe('en/guide/decide/');
    expect(precacheUrl('404.html')).toBe('404.html');
    expect(precacheUrl('_astro/page.abc.js')).toBe('_astro/page.abc.js');
  });

  it('leaves TF.js (wasm binaries and chunks that define kernels) to the runtime cache', () => {
    const never = () => {
      throw new Error('a wasm file is not read');
    };
    expect(isTrainingRuntimeAsset('_astro/tfjs-backend-wasm.x1.wasm', never)).toBe(true);
    expect(isTrainingRuntimeAsset('_astro/dist.x2.js', () => 'var a={kernelName:Ke,backendName:"cpu"}')).toBe(
      true,
    );
    expect(isTrainingRuntimeAsset('_astro/page.x3.js', () => 'document.querySelector("x")')).toBe(false);
    expect(isTrainingRuntimeAsset('en/index.html', () => 'kernelName: in prose')).toBe(false);
  });
});
