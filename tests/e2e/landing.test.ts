import { describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from './browser';

const rootUrl = inject('rootUrl');
const baseUrl = inject('baseUrl');
const session = useBrowserSession({ assertSameOrigin: true });

describe('the landing page', () => {
  for (const lang of ['en', 'ja']) {
    it(`shows a trained model's predictions as static pictures, without TF.js (${lang})`, async () => {
      const recorded = await session.newPage();
      await recorded.page.goto(`${rootUrl}${lang}/`, { waitUntil: 'load' });
      const digits = recorded.page.locator('.hero-digits > li');
      expect(await digits.count()).toBe(16);
      const sources = await digits.locator('img').evaluateAll((images) =>
        images.map((image) => ({
          src: (image as HTMLImageElement).src.slice(0, 22),
          width: (image as HTMLImageElement).naturalWidth,
          alt: (image as HTMLImageElement).alt,
        })),
      );
      expect(new Set(sources.map((source) => source.src))).toEqual(new Set(['data:image/png;base64,']));
      expect(sources.every((source) => source.width === 28 && source.alt.length > 0)).toBe(true);
      expect(await recorded.page.locator('.hero-digit.is-wrong').count()).toBeGreaterThan(0);
      expect(await recorded.page.locator('.hero-digit.is-right').count()).toBeGreaterThan(0);
      expect(await digits.first().locator('.hero-guess').count()).toBe(3);
      expect(recorded.requests.some((url) => /tfjs|tensorflow/i.test(url))).toBe(false);
    });
  }

  it('links its two headline numbers to the first-model chapter and the benchmark, under a base path too', async () => {
    for (const [site, lang] of [
      [rootUrl, 'en'],
      [baseUrl, 'ja'],
    ] as const) {
      const recorded = await session.newPage();
      await recorded.page.goto(`${site}${lang}/`);
      const links = recorded.page.locator('.hero-number a');
      const hrefs = await links.evaluateAll((all) => all.map((link) => (link as HTMLAnchorElement).href));
      expect(hrefs).toHaveLength(2);
      expect(new URL(hrefs[0] as string).pathname).toBe(
        new URL(`${site}${lang}/guide/first-model/`).pathname,
      );
      await links.nth(1).click();
      await recorded.page.waitForURL(/\/guide\/hardware\/#/);
      const anchor = decodeURIComponent(new URL(recorded.page.url()).hash.slice(1));
      expect(await recorded.page.locator(`[id="${anchor}"]`).count(), `${lang} #${anchor}`).toBe(1);
      // The benchmark island sits right under that heading.
      expect(await recorded.page.locator('ml-benchmark').count()).toBeGreaterThan(0);
    }
  });
});
