import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from './browser';
import { searchPaths as search } from './search-dialog';

const rootUrl = inject('rootUrl');
const baseUrl = inject('baseUrl');
const session = useBrowserSession();

async function open(url: string, options: BrowserContextOptions = {}): Promise<Page> {
  const recorded = await session.newPage(options);
  await recorded.page.goto(url);
  return recorded.page;
}

describe('the built site', () => {
  it('serves /ja/ in Japanese and /en/ in English', async () => {
    const ja = await open(`${rootUrl}ja/`);
    expect(await ja.getAttribute('html', 'lang')).toBe('ja');
    expect(await ja.locator('h1').first().textContent()).toContain('機械学習への道');
    const en = await open(`${rootUrl}en/`);
    expect(await en.getAttribute('html', 'lang')).toBe('en');
    expect(await en.locator('h1').first().textContent()).toContain('The Path into Machine Learning');
  });

  it('sends the root to the language the browser prefers, Japanese when unknown', async () => {
    const english = await open(rootUrl, { locale: 'en-GB' });
    await english.waitForURL(/\/en\/$/);
    const japanese = await open(rootUrl, { locale: 'ja-JP' });
    await japanese.waitForURL(/\/ja\/$/);
    const other = await open(rootUrl, { locale: 'fr-FR' });
    await other.waitForURL(/\/ja\/$/);
  });

  it('offers plain links to both languages at the root without JavaScript', async () => {
    const page = await open(rootUrl, { javaScriptEnabled: false });
    const hrefs = await page
      .locator('a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs).toEqual(['/ja/', '/en/']);
  });

  it('moves between language twins with the language picker', async () => {
    const page = await open(`${rootUrl}ja/reference/about/`);
    await page.locator('starlight-lang-select select').first().selectOption({ label: 'English' });
    await page.waitForURL(/\/en\/reference\/about\/$/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
  });

  it('lists the nine chapters in order in the sidebar, with no empty group, in both languages', async () => {
    for (const lang of ['ja', 'en']) {
      const page = await open(`${rootUrl}${lang}/reference/about/`);
      const groups = page.locator('#starlight__sidebar details');
      const linkCounts = await groups.evaluateAll((all) =>
        all.map((group) => group.querySelectorAll('a').length),
      );
      expect(linkCounts.length, `${lang} sidebar groups`).toBeGreaterThanOrEqual(2);
      expect(
        linkCounts.every((count) => count > 0),
        `${lang} empty sidebar group`,
      ).toBe(true);
      const chapters = await groups
        .first()
        .locator('a')
        .evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
      expect(chapters).toEqual(
        [
          'decide',
          'study-rhythm',
          'minimum-math',
          'first-course',
          'language-and-framework',
          'datasets',
          'hardware',
          'first-model',
          'beyond',
        ].map((slug) => `/${lang}/guide/${slug}/`),
      );
    }
  });

  it('highlights code blocks and gives them a copy button', async () => {
    const page = await open(`${rootUrl}en/reference/about/`);
    for (const title of ['mlp.ts', 'mlp.py']) {
      const block = page.locator('.expressive-code', { hasText: title });
      // Shiki colours tokens with inline styles: several distinct colours means real highlighting.
      const colours = await block
        .locator('pre code span[style]')
        .evaluateAll((spans) => new Set(spans.map((span) => getComputedStyle(span).color)).size);
      expect(colours, `${title} token colours`).toBeGreaterThanOrEqual(3);
      expect(await block.locator('button[data-code]').count()).toBe(1);
    }
  });

  it('finds a Japanese word from inside an unspaced sentence, with the dialog in Japanese', async () => {
    const page = await open(`${rootUrl}ja/`);
    // 「識別」 occurs only mid-sentence, in 「植物を識別するアプリ」 on the about page.
    const paths = await search(page, '識別');
    expect(paths).toContain('/ja/reference/about/');
    expect(paths.every((path) => path.startsWith('/ja/'))).toBe(true);
    await expect
      .poll(() => page.locator('dialog[open] .pagefind-ui__message').textContent())
      .toMatch(/識別の検索結果：\d+件/);
  });

  it('finds an English word from /en/ on the English page only', async () => {
    const page = await open(`${rootUrl}en/`);
    const paths = await search(page, 'plant');
    expect(paths).toContain('/en/reference/about/');
    expect(paths.every((path) => path.startsWith('/en/'))).toBe(true);
  });

  it('searches the same way when built under the base path /guide/', async () => {
    const page = await open(`${baseUrl}ja/`);
    const paths = await search(page, '識別');
    expect(paths).toContain('/guide/ja/reference/about/');
    const root = await open(baseUrl, { locale: 'en-US' });
    await root.waitForURL(/\/guide\/en\/$/);
  });

  it('keeps a text-only page light: no TensorFlow.js, little JavaScript', async () => {
    const recorded = await session.newPage();
    const scriptSizes: Promise<number>[] = [];
    recorded.page.on('requestfinished', (request) => {
      if (request.resourceType() === 'script') {
        scriptSizes.push(request.response().then(async (response) => (await response?.body())?.length ?? 0));
      }
    });
    await recorded.page.goto(`${rootUrl}en/reference/about/`, { waitUntil: 'networkidle' });
    // Starlight loads Pagefind's UI when the browser is idle: wait until it has rendered into
    // the search dialog, then read every body before the page can close.
    await recorded.page.locator('#starlight__search .pagefind-ui').waitFor({ state: 'attached' });
    const scriptBytes = (await Promise.all(scriptSizes)).reduce((sum, size) => sum + size, 0);
    console.log(`JS bytes on a text-only page (uncompressed): ${scriptBytes}`);
    expect(recorded.requests.some((url) => /tfjs|tensorflow/i.test(url))).toBe(false);
    // About 94 kB of this is Pagefind's UI, which Starlight loads when the browser is idle.
    expect(scriptBytes).toBeLessThan(120_000);
  });

  // Runs last: every page opened above must have stayed on its own origin.
  it('requests nothing from any other origin', () => {
    expect(session.opened.length).toBeGreaterThan(5);
    for (const recorded of session.opened) {
      const origin = recorded.requests[0] ?? rootUrl;
      expect(recorded.foreignRequests(origin)).toEqual([]);
    }
  });
});
