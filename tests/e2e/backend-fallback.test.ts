import { describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from './browser';
import { waitForPhase } from './islands';

const rootUrl = inject('rootUrl');
// No --enable-unsafe-webgpu: this headless Chromium offers no WebGPU adapter, as many browsers do.
const session = useBrowserSession({ assertSameOrigin: true });

describe('a trainer whose chosen backend cannot run here', () => {
  it('says which backend the reader chose, why it cannot train here and where training runs instead', async () => {
    const { page } = await session.newPage();
    await page.goto(
      `${rootUrl}en/guide/first-model/?mnist=epochs:1,bs:100,n:300,test:200,evals:1,backend:webgpu`,
    );
    const mnist = page.locator('ml-trainer[data-dataset="mnist"]');
    await mnist.locator('button[data-action="start"]').click();
    await expect
      .poll(() => mnist.locator('[data-notice="backend"] p').textContent(), { timeout: 60_000 })
      .toBe(
        'You chose WebGPU, but this browser offers no WebGPU adapter here, so training runs on WebAssembly (CPU). WebGPU needs a recent browser that has it switched on and a GPU it supports.',
      );
    await waitForPhase(mnist, ['finished'], 120_000);
    expect(await mnist.locator('[data-readout="backend"]').textContent()).toContain('WebAssembly (CPU)');
  });
});
