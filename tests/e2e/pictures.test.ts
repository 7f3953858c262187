import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from './browser';
import { benchmarkMlpOnWasm, mlpOnWasmCell } from './islands';

const rootUrl = inject('rootUrl');
const baseUrl = inject('baseUrl');
const session = useBrowserSession({ assertSameOrigin: true });

async function open(url: string): Promise<Page> {
  const recorded = await session.newPage();
  await recorded.page.goto(url);
  return recorded.page;
}

/** Bars drawn in a chart's SVG, and rows in its table twin, for one group. */
async function counts(page: Page, chart: string, group: string): Promise<[number, number]> {
  const root = page.locator(chart);
  return [
    await root.locator(`svg g.bar-chart-bar[data-group="${group}"] rect`).count(),
    await root.locator(`table tr[data-group="${group}"]`).count(),
  ];
}

const HARDWARE = 'ml-bar-chart[data-listen="bench"]';
const LADDER = 'ml-bar-chart[data-listen="ladder"]';

describe('the pictures of the comparisons, each with its table twin', () => {
  for (const lang of ['ja', 'en']) {
    it(`draws the hardware chart: the article's five figures and the reference machine, on a log scale (${lang})`, async () => {
      const page = await open(`${rootUrl}${lang}/guide/hardware/`);
      expect(await counts(page, HARDWARE, 'article')).toEqual([5, 5]);
      const [bars, rows] = await counts(page, HARDWARE, 'reference');
      expect(bars).toBeGreaterThanOrEqual(4);
      expect(rows).toBe(bars);
      expect(await page.locator(HARDWARE).getAttribute('data-scale')).toContain('"kind":"log"');
      expect(await page.locator(`${HARDWARE} svg`).getAttribute('aria-hidden')).toBe('true');
      const table = (await page.locator(`${HARDWARE} table`).textContent()) ?? '';
      for (const figure of ['GTX 1080 Ti', '620', 'Intel Core i5', '19']) expect(table).toContain(figure);
      // The 1080 Ti's bar is about 25 times the i7's: 1.4 decades longer on the log track.
      const widths = await page
        .locator(`${HARDWARE} g[data-group="article"] rect`)
        .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('width'))));
      expect(widths).toEqual([...widths].sort((a, b) => a - b));
    });

    it(`draws the funnel beside the table of 100 programmers (${lang})`, async () => {
      const page = await open(`${rootUrl}${lang}/guide/decide/`);
      const funnel = page.locator('figure.funnel');
      expect(await funnel.locator('rect.funnel-band').count()).toBe(5);
      expect(await funnel.locator('svg').textContent()).toContain('2–3');
      // The chapter's own table, just above the picture, is its twin.
      const twin = page.locator('table:has(+ figure.funnel)');
      expect(await twin.locator('tbody tr').count()).toBe(4);
    });

    it(`draws the 86 → 93 → 97% ladder with its table twin (${lang})`, async () => {
      const page = await open(`${rootUrl}${lang}/guide/first-model/`);
      expect(await counts(page, LADDER, 'article')).toEqual([3, 3]);
      expect(await page.locator(`${LADDER} table`).textContent()).toMatch(/86\s?%.*93\s?%.*97\s?%/s);
    });

    it(`shows the plan as month tables beside the list (${lang})`, async () => {
      const page = await open(`${rootUrl}${lang}/guide/study-rhythm/`);
      await page.locator('ml-study-plan[data-ready]').waitFor();
      const months = page.locator('ml-study-plan table.study-plan-month');
      expect(await months.count()).toBeGreaterThanOrEqual(3);
      expect(await months.first().locator('thead th').count()).toBe(7);
      expect(await months.first().locator('caption').textContent()).not.toBe('');
    });
  }
});

describe('the reader joins the pictures', () => {
  it('adds the reader’s benchmark result to the hardware chart as a highlighted bar and a table row', async () => {
    const recorded = await session.newPage();
    const { page } = recorded;
    await page.goto(`${baseUrl}en/guide/hardware/`);
    expect(await counts(page, HARDWARE, 'yours')).toEqual([0, 0]);
    expect(await page.locator(`${HARDWARE} [data-hint]`).isVisible()).toBe(true);
    // Only the MLP on wasm: the quickest measurement.
    await benchmarkMlpOnWasm(page);
    await page.locator(`${HARDWARE}[data-yours="1"]`).waitFor({ timeout: 120_000 });
    expect(await counts(page, HARDWARE, 'yours')).toEqual([1, 1]);
    const row = page.locator(`${HARDWARE} table tr[data-group="yours"]`);
    expect(await row.locator('th').textContent()).toBe('MLP (dense layers) · wasm');
    const measured = await mlpOnWasmCell(page);
    expect(await row.locator('td').last().textContent()).toBe(measured);
    expect(Number((measured ?? '').replace(/,/g, ''))).toBeGreaterThan(0);
    expect(await page.locator(`${HARDWARE} [data-hint]`).isVisible()).toBe(false);
    // The SVG grew to hold the new row.
    const viewBox = (await page.locator(`${HARDWARE} svg`).getAttribute('viewBox')) ?? '';
    const rect = page.locator(`${HARDWARE} g[data-group="yours"] rect`);
    const bottom = Number(await rect.getAttribute('y')) + Number(await rect.getAttribute('height'));
    expect(Number(viewBox.split(' ')[3])).toBeGreaterThanOrEqual(bottom);
  });

  it('adds each CIFAR-10 model’s latest test accuracy to the ladder, and ignores MNIST', async () => {
    const page = await open(`${rootUrl}ja/guide/first-model/`);
    await page.locator(LADDER).waitFor();
    // The event the trainer's evaluation view dispatches (src/islands/trainer/ui/views/evaluation.ts).
    await page.evaluate(() => {
      const send = (detail: object) =>
        document
          .querySelector('ml-cifar-trainer, ml-trainer, body')
          ?.dispatchEvent(new CustomEvent('ml-test-accuracy', { bubbles: true, detail }));
      send({ dataset: 'mnist', modelId: 'mnist-cnn', accuracy: 0.99, step: 100 });
      send({ dataset: 'cifar10', modelId: 'cifar-tutorial', accuracy: 0.41, step: 50 });
      send({ dataset: 'cifar10', modelId: 'cifar-tutorial', accuracy: 0.523, step: 100 });
    });
    await page.locator(`${LADDER}[data-yours="1"]`).waitFor();
    expect(await counts(page, LADDER, 'yours')).toEqual([1, 1]);
    const row = page.locator(`${LADDER} table tr[data-group="yours"]`);
    expect(await row.locator('th').textContent()).toBe('TensorFlowチュートリアルのネットワーク、ステップ100');
    expect(await row.locator('td').last().textContent()).toBe('52.3%');
  });

  it('shows the plan’s first session on its date in the calendar', async () => {
    const page = await open(`${rootUrl}en/guide/study-rhythm/`);
    await page.locator('ml-study-plan[data-ready]').waitFor();
    // Tuesday 3 March 2026: the author's week has no Tuesday, so the first session is Wednesday the 4th.
    await page.getByLabel('Start date').fill('2026-03-03');
    const march = page.locator('ml-study-plan table.study-plan-month[data-month="2026-03"]');
    await march.waitFor();
    expect(
      await page.locator('ml-study-plan table.study-plan-month').first().getAttribute('data-month'),
    ).toBe('2026-03');
    expect(await march.locator('caption').textContent()).toBe('March 2026');
    const first = march.locator('td[data-date="2026-03-04"]');
    expect(await first.locator('.study-plan-session').textContent()).toBe(
      '19:00, 2 h: Lectures, videos, books',
    );
    // Third column: Wednesday, under its header.
    expect(await first.evaluate((cell) => (cell as HTMLTableCellElement).cellIndex)).toBe(2);
    expect(await march.locator('thead th').nth(2).locator('abbr').getAttribute('title')).toBe('Wednesday');
    expect(await march.locator('td[data-date="2026-03-02"] .study-plan-session').count()).toBe(0);
    expect(await march.locator('td[data-date="2026-03-02"]').getAttribute('class')).toContain('is-outside');
    expect(await march.locator('td.has-session').first().getAttribute('data-date')).toBe('2026-03-04');
  });
});
