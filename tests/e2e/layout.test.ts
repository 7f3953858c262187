import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from './browser';
import { waitForPhase } from './islands';
import { ISLANDS, sitemapPaths } from './sitemap';

/**
 * Layout at the widths readers use: a 360-px phone, where no page may scroll sideways (wide
 * tables scroll in their own box instead), and a 1280-px desktop, where the trainer's tables
 * and charts stay inside the trainer's box.
 */
const rootUrl = inject('rootUrl');
const session = useBrowserSession();

const PATHS = sitemapPaths().filter((path) => path !== '/');

/** Opens `path` at `width` and waits until every island on it is defined (upgraded). */
async function openAt(path: string, width: number, height: number): Promise<Page> {
  const { page } = await session.newPage({ viewport: { width, height } });
  await page.goto(new URL(path.slice(1), rootUrl).href);
  await page.waitForFunction(
    (islands) =>
      document.readyState === 'complete' &&
      !document.querySelector(
        islands
          .split(', ')
          .map((selector) => `${selector}:not(:defined)`)
          .join(', '),
      ),
    ISLANDS,
  );
  return page;
}

describe('no page scrolls sideways on a 360-px phone', () => {
  it('checks every chapter in both languages', () => {
    expect(PATHS.filter((path) => path.startsWith('/ja/')).length).toBeGreaterThan(10);
    expect(PATHS.filter((path) => path.startsWith('/en/')).length).toBe(
      PATHS.filter((path) => path.startsWith('/ja/')).length,
    );
  });

  for (const path of PATHS) {
    it(`${path}: the page is no wider than the screen`, async () => {
      const page = await openAt(path, 360, 740);
      const { scrollWidth, innerWidth, widest } = await page.evaluate(() => {
        // Name the element that sticks out furthest, so a failure says where to look (leaving
        // out what a scroll box below <body> clips).
        const clipped = (element: Element) => {
          for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== 'visible') return true;
          }
          return false;
        };
        let widest = '';
        let right = window.innerWidth;
        for (const element of document.body.querySelectorAll('*')) {
          if (clipped(element)) continue;
          const box = element.getBoundingClientRect();
          if (box.width > 0 && box.right > right + 0.5) {
            right = box.right;
            widest = `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} (right edge ${Math.round(box.right)} px)`;
          }
        }
        return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, widest };
      });
      expect(scrollWidth, `widest element: ${widest}`).toBeLessThanOrEqual(innerWidth);
      await page.context().close();
    });
  }
});

describe('the trainer at 1280 px', () => {
  it('keeps its charts, tables and scroll boxes inside the island once a model has trained', async () => {
    // The MLP on 300 images for one epoch: quick, and it fills every chart and table.
    const page = await openAt('/en/guide/first-model/?mnist=n:300,bs:50,test:200,evals:1', 1280, 900);
    const trainer = page.locator('ml-trainer[data-dataset="mnist"]');
    await trainer.locator('button[data-action="start"]').click();
    await waitForPhase(trainer, ['finished'], 240_000);
    await trainer.locator('[data-summary-table] table').waitFor();
    await trainer.locator('[data-per-class] table').waitFor();
    for (const summary of await trainer.locator('details > summary').all()) await summary.click();

    const report = await trainer.evaluate((island) => {
      const outer = island.getBoundingClientRect();
      const parts = [...island.querySelectorAll<HTMLElement>('table, .uplot, canvas, .island-scroll')].filter(
        (element) => element.getClientRects().length > 0,
      );
      const describe = (element: Element) =>
        `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`;
      return {
        counts: {
          tables: parts.filter((element) => element.matches('table')).length,
          charts: parts.filter((element) => element.matches('.uplot')).length,
        },
        // A table may be wider than its scroll box (it scrolls there); the box must still fit.
        outside: parts
          .map((element) => element.closest('.island-scroll') ?? element)
          .filter((element) => {
            const box = element.getBoundingClientRect();
            return box.left < outer.left - 0.5 || box.right > outer.right + 0.5;
          })
          .map(describe),
        // At desktop width nothing in the trainer should need its scroll box.
        scrolling: [...island.querySelectorAll<HTMLElement>('.island-scroll')]
          .filter((box) => box.getClientRects().length > 0 && box.scrollWidth > box.clientWidth + 1)
          .map(describe),
      };
    });
    expect(report.counts.charts).toBe(2);
    // Two chart twins, the model summary, the confusion matrix and the per-class table.
    expect(report.counts.tables).toBeGreaterThanOrEqual(5);
    expect(report.outside).toEqual([]);
    expect(report.scrolling).toEqual([]);
    await page.context().close();
  }, 300_000);
});

describe('room for demos on a wide screen', () => {
  it('lets the trainer and the benchmark grow past the prose column, never under the table of contents', async () => {
    for (const [path, selector] of [
      ['/en/guide/first-model/', 'ml-trainer[data-dataset="mnist"]'],
      ['/ja/guide/hardware/', 'ml-benchmark'],
    ] as const) {
      const page = await openAt(path, 1920, 1000);
      const boxes = await page.evaluate((island) => {
        const box = (selector: string) => document.querySelector(selector)?.getBoundingClientRect();
        return {
          island: box(island),
          prose: box('.sl-markdown-content'),
          pane: box('.main-pane'),
          toc: box('.right-sidebar'),
        };
      }, selector);
      if (!boxes.island || !boxes.prose || !boxes.pane || !boxes.toc)
        throw new Error(`${path}: layout parts missing`);
      expect(boxes.island.width, path).toBeGreaterThan(boxes.prose.width + 100);
      expect(boxes.island.left, path).toBeGreaterThanOrEqual(boxes.pane.left);
      expect(boxes.island.right, path).toBeLessThanOrEqual(boxes.toc.left);
      await page.context().close();
    }
  });
});
