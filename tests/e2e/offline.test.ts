import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from './browser';
import { waitForPhase } from './islands';
import { type StaticServer, serveBuild } from './static-server';

const rootUrl = inject('rootUrl');
const baseUrl = inject('baseUrl');
const session = useBrowserSession({ assertSameOrigin: true });

/** Resolves once a service worker is active and controls the page, its precache complete. */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
  });
}

const mnist = (page: Page) => page.locator('ml-trainer[data-dataset="mnist"]');

/** Starts a trainer and waits for the run to finish; fails early, with its notices, on an error. */
async function trainToTheEnd(island: Locator): Promise<void> {
  await island.locator('button[data-action="start"]').click();
  await waitForPhase(island, ['finished'], 240_000);
}

const TINY_RUN = '?mnist=n:100,test:100,bs:50,evals:1';

describe('offline reading', () => {
  it('after one visit, reads another chapter and trains on MNIST offline, still cross-origin isolated', async () => {
    const { page, requests } = await session.newPage({ serviceWorkers: 'allow' });
    await page.goto(`${rootUrl}en/guide/first-model/${TINY_RUN}`);
    await waitForServiceWorker(page);
    // One run online: the loader keeps its verified shards, the service worker TF.js's files.
    await trainToTheEnd(mnist(page));

    await page.context().setOffline(true);
    const chapter = await page.goto(`${rootUrl}en/guide/hardware/`);
    expect(chapter?.fromServiceWorker()).toBe(true);
    expect(await page.locator('h1').first().textContent()).toBe('The machine you need');
    // The cached page kept the host's headers: still isolated, so wasm threads stay possible.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.locator('meta[http-equiv="content-security-policy"]').count()).toBe(1);
    // Search works from the precached Pagefind index.
    await page.locator('site-search button[data-open-modal]:not([disabled])').click();
    await page.locator('dialog[open] input.pagefind-ui__search-input').fill('plant');
    const hit = page.locator('dialog[open] .pagefind-ui__result-link').first();
    await hit.waitFor({ timeout: 20_000 });
    expect(new URL((await hit.getAttribute('href')) ?? '', rootUrl).pathname).toMatch(/^\/en\//);
    const japanese = await page.goto(`${rootUrl}ja/guide/decide/`);
    expect(japanese?.fromServiceWorker()).toBe(true);
    expect(await page.getAttribute('html', 'lang')).toBe('ja');

    const before = requests.length;
    const trainer = await page.goto(`${rootUrl}en/guide/first-model/${TINY_RUN}`);
    expect(trainer?.fromServiceWorker()).toBe(true);
    await trainToTheEnd(mnist(page));
    // The 10 validation images held out of the 100 (the test split is scored only on request).
    expect(Number(await mnist(page).locator('[data-eval-summary]').getAttribute('data-count'))).toBe(10);
    // Every shard came from the loader's cache: none was even asked of the network.
    expect(
      requests.slice(before).filter((url) => url.includes('/data/mnist/') && url.endsWith('.bin')),
    ).toEqual([]);
    await page.context().setOffline(false);
  }, 400_000);

  it('works under a base path, where the service worker is scoped to it', async () => {
    const { page } = await session.newPage({ serviceWorkers: 'allow' });
    await page.goto(`${baseUrl}en/guide/decide/`);
    await waitForServiceWorker(page);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(baseUrl);
    await page.context().setOffline(true);
    const other = await page.goto(`${baseUrl}ja/guide/datasets/`);
    expect(other?.fromServiceWorker()).toBe(true);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.context().setOffline(false);
  });
});

describe('a new version of the site', () => {
  let server: StaticServer | undefined;
  afterAll(async () => server?.close());

  it('waits behind a "new version — reload" prompt, and the reader’s reload switches to it', async () => {
    let version = 1;
    // A new deploy changes sw.js (its precache list); a comment is enough to make it new.
    server = await serveBuild(process.env.OUT_DIR || 'dist', (path, body) =>
      path === '/sw.js' ? Buffer.concat([body, Buffer.from(`\n// version ${version}\n`)]) : body,
    );
    const { page } = await session.newPage({ serviceWorkers: 'allow' });
    await page.goto(`${server.url}en/guide/decide/`);
    await waitForServiceWorker(page);
    const prompt = page.locator('[data-sw-update]');
    expect(await prompt.getAttribute('aria-live')).toBe('polite');
    // The first version takes the page without asking.
    expect(await prompt.getByRole('button').count()).toBe(0);

    version = 2;
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.ready).update();
    });
    const reload = prompt.getByRole('button', { name: 'Reload to update' });
    await reload.waitFor({ timeout: 60_000 });
    expect(await prompt.textContent()).toContain('A new version of this guide is ready.');
    // Until the reader answers, the old version keeps serving and the new one waits.
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.ready).waiting))).toBe(
      true,
    );

    await page.evaluate(() => {
      (window as unknown as { beforeReload: boolean }).beforeReload = true;
    });
    await reload.focus();
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await waitForServiceWorker(page);
    expect(await page.evaluate(() => 'beforeReload' in window)).toBe(false);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).waiting === null)).toBe(
      true,
    );
    expect(await prompt.getByRole('button').count()).toBe(0);

    // The Japanese page says the same in Japanese.
    version = 3;
    await page.goto(`${server.url}ja/guide/decide/`);
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.ready).update();
    });
    await prompt.getByRole('button', { name: '再読み込みして更新' }).waitFor({ timeout: 60_000 });
  }, 180_000);
});
