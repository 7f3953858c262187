import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from './browser';
import { waitForPhase } from './islands';
import { type StaticServer, serveBuild } from './static-server';

/**
 * Threaded wasm in the training worker of the built site: with cross-origin isolation and a
 * machine that presents 8 cores (CDP device emulation), TF.js's default gives several
 * threads; served without the isolation headers, the worker falls back to one thread and
 * still trains. A tiny run (1,000 images, one epoch) on the wasm backend each time.
 */
const rootUrl = inject('rootUrl');
const session = useBrowserSession({ assertSameOrigin: true });
const RUN = 'en/guide/first-model/?mnist=backend:wasm,n:1000,test:500,evals:1';

let plain: StaticServer;
beforeAll(async () => {
  plain = await serveBuild(process.env.OUT_DIR || 'dist', undefined, { isolated: false });
});
afterAll(() => plain?.close());

/** Trains the MNIST trainer to the end and returns its backend readout. */
async function trainAndReadBackend(page: Page): Promise<string> {
  const mnist = page.locator('ml-trainer[data-dataset="mnist"]');
  await mnist.locator('button[data-action="start"]').click();
  await waitForPhase(mnist, ['finished'], 180_000);
  return (await mnist.locator('[data-readout="backend"]').textContent()) ?? '';
}

async function presentCores(page: Page, cores: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: cores });
}

describe('threaded wasm in the training worker', () => {
  it('trains with several threads on an isolated page of an 8-core machine', async () => {
    const { page } = await session.newPage();
    await presentCores(page, 8);
    await page.goto(`${rootUrl}${RUN}`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const backend = await trainAndReadBackend(page);
    // TF.js's default: half the logical cores.
    expect(backend).toBe('WebAssembly (CPU) · 4 threads · in a worker');
  });

  it('takes a forced thread count from the address', async () => {
    const { page } = await session.newPage();
    await page.goto(`${rootUrl}${RUN}&threads=2`);
    expect(await trainAndReadBackend(page)).toBe('WebAssembly (CPU) · 2 threads · in a worker');
  });

  it('falls back to one thread, and still trains, on a page that is not isolated', async () => {
    const { page } = await session.newPage();
    await presentCores(page, 8);
    await page.goto(`${plain.url}${RUN}&threads=4`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    expect(await trainAndReadBackend(page)).toBe('WebAssembly (CPU) · 1 thread · in a worker');
  });
});
