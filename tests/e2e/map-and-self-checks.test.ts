import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { CHAPTER_SLUGS } from '../../src/lib/site/chapters';
import { useBrowserSession } from './browser';

const rootUrl = inject('rootUrl');
const baseUrl = inject('baseUrl');
const session = useBrowserSession({ assertSameOrigin: true });

/** WCAG contrast ratio of two computed `rgb(…)` colours. */
function contrast(foreground: string, background: string): number {
  const luminance = (colour: string) => {
    const [r = 0, g = 0, b = 0] = (colour.match(/[\d.]+/g) ?? []).map(Number).map((value) => {
      const channel = value / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

async function stageColours(page: Page): Promise<{ text: string; background: string }> {
  return page
    .locator('.roadmap-body')
    .first()
    .evaluate((body) => ({
      text: getComputedStyle(body.querySelector('.roadmap-title') as Element).color,
      background: getComputedStyle(body).backgroundColor,
    }));
}

describe('the roadmap on the landing pages', () => {
  for (const lang of ['ja', 'en']) {
    it(`draws the route in ${lang} as an ordered list of five stages with hours, through all nine chapters`, async () => {
      const { page } = await session.newPage();
      await page.goto(`${rootUrl}${lang}/`);
      const stages = page.locator('ol.roadmap-stages > li');
      expect(await stages.count()).toBe(5);
      expect(await stages.first().locator('h3').textContent()).toBeTruthy();
      // The first stage carries the article's figure, about 130 hours.
      expect(await stages.nth(1).locator('.roadmap-hours').textContent()).toMatch(/130/);
      const chapters = await page
        .locator('ol.roadmap-stages a')
        .evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
      expect(chapters).toEqual(CHAPTER_SLUGS.map((slug) => `/${lang}/guide/${slug}/`));
    });
  }

  it('fits a 360 px screen and stays readable in the light and the dark theme', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await session.newPage({ viewport: { width: 360, height: 740 }, colorScheme });
      await page.goto(`${rootUrl}en/`);
      expect(await page.getAttribute('html', 'data-theme')).toBe(colorScheme);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${colorScheme}: horizontal overflow`).toBeLessThanOrEqual(0);
      const { text, background } = await stageColours(page);
      expect(contrast(text, background), `${colorScheme}: ${text} on ${background}`).toBeGreaterThanOrEqual(
        4.5,
      );
    }
  });

  it('keeps its chapter links under the base path /guide/', async () => {
    const { page } = await session.newPage();
    await page.goto(`${baseUrl}ja/`);
    const first = await page.locator('ol.roadmap-stages a').first().getAttribute('href');
    expect(first).toBe('/guide/ja/guide/decide/');
  });
});

describe('the self-checks', () => {
  it('hide each answer until its question is opened, by keyboard too', async () => {
    const { page } = await session.newPage();
    await page.goto(`${rootUrl}en/guide/decide/`);
    const questions = page.locator('#self-check details');
    expect(await questions.count()).toBe(3);
    const answer = questions.first().locator('.self-check-answer');
    expect(await answer.isVisible()).toBe(false);
    await questions.first().locator('summary').focus();
    await page.keyboard.press('Enter');
    await answer.waitFor({ state: 'visible' });
    expect(await answer.textContent()).toMatch(/2–3/);
  });

  it('are linked from the study plan’s milestones, under the base path too', async () => {
    for (const [url, prefix] of [
      [`${rootUrl}en/guide/study-rhythm/`, '/en/'],
      [`${baseUrl}ja/guide/study-rhythm/`, '/guide/ja/'],
    ] as const) {
      const { page } = await session.newPage();
      await page.goto(url);
      await page.locator('ml-study-plan[data-ready]').waitFor();
      const links = page.locator('ml-study-plan [data-milestones] a.study-plan-self-check');
      expect(await links.count()).toBe(15);
      expect(await links.first().getAttribute('href')).toBe(`${prefix}guide/minimum-math/#self-check`);
      if (prefix === '/en/') {
        expect(await links.first().textContent()).toBe('Check yourself: Maths');
        await links.first().click();
        await page.waitForURL(/\/en\/guide\/minimum-math\/#self-check$/);
        expect(await page.locator('#self-check details').count()).toBeGreaterThanOrEqual(2);
      }
    }
  });
});

describe('the 2026 map and the runnable first model', () => {
  it('has the map page in both languages, with the side-by-side table', async () => {
    for (const lang of ['ja', 'en']) {
      const { page } = await session.newPage();
      await page.goto(`${rootUrl}${lang}/reference/map-2026/`);
      expect(await page.locator('main table tbody tr').count()).toBe(7);
      expect(await page.locator('main').textContent()).toContain('PyTorch');
    }
  });

  it('shows the Keras 3 and the PyTorch script in chapter 8, from the files in examples/python', async () => {
    const { page } = await session.newPage();
    await page.goto(`${rootUrl}en/guide/first-model/`);
    for (const title of ['examples/python/cifar10_keras.py', 'examples/python/cifar10_pytorch.py']) {
      const block = page.locator('.expressive-code', { hasText: title });
      expect(await block.count(), title).toBe(1);
      expect(await block.locator('pre').textContent(), title).toContain('VALIDATION_IMAGES = 5_000');
    }
  });
});
