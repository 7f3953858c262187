import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from './browser';

const rootUrl = inject('rootUrl');
const baseUrl = inject('baseUrl');
const session = useBrowserSession();

function sweep(page: Page) {
  return page.locator('ml-kernel-sweep');
}

/** Waits for the sweep to finish; fails early with its error notice. */
async function waitForDone(page: Page, timeout: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const phase = await sweep(page).getAttribute('data-phase');
        if (phase === 'error')
          throw new Error(`sweep error: ${await sweep(page).locator('[data-error]').textContent()}`);
        return phase;
      },
      { timeout, interval: 250 },
    )
    .toBe('done');
}

describe('the fewer-kernels island', () => {
  it('shows the reference sweep at once, without loading TF.js (ja)', async () => {
    const { page, requests } = await session.newPage();
    await page.goto(`${rootUrl}ja/guide/first-model/`);
    await page.waitForSelector('ml-kernel-sweep[data-ready="true"]', { state: 'attached' });
    const root = sweep(page);
    expect(
      await root
        .locator('[data-chart] [data-series]')
        .evaluateAll((g) => g.map((e) => e.getAttribute('data-series'))),
    ).toEqual(['reference-relu', 'reference-prelu']);
    expect(await root.locator('[data-body] tr').count()).toBe(5);
    expect(await root.locator('[data-body] tr').first().locator('th').textContent()).toBe('2／4');
    expect(requests.filter((url) => url.endsWith('.wasm') || url.includes('sweep-worker'))).toEqual([]);
  });

  it('runs two points on a small subset and draws them in the chart and its table (en, base path)', async () => {
    const { page, foreignRequests } = await session.newPage();
    await page.goto(`${baseUrl}en/guide/first-model/`);
    await page.waitForSelector('ml-kernel-sweep[data-ready="true"]', { state: 'attached' });
    const root = sweep(page);
    await root.locator('[data-settings] summary').click();
    for (const f of ['8', '16', '32']) await root.locator(`input[name="filters"][value="${f}"]`).uncheck();
    await root.locator('input[name="trainImages"]').fill('400');
    await root.locator('input[name="validationImages"]').fill('200');
    // Keyboard: the Run button is reached and pressed like any button.
    await root.locator('[data-run]').focus();
    await page.keyboard.press('Enter');
    await waitForDone(page, 60_000);

    expect(await root.getAttribute('data-yours')).toBe('2');
    const yours = root.locator('[data-chart] [data-series="yours-relu"] circle');
    expect(await yours.count()).toBe(2);
    const rows = root.locator('[data-body] tr');
    const yoursColumn = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[3]?.textContent));
    expect(yoursColumn.slice(0, 2).every((cell) => /^\d+\.\d%$/.test(cell ?? ''))).toBe(true);
    expect(yoursColumn.slice(2)).toEqual(['–', '–', '–']);
    expect(await root.locator('[data-status]').textContent()).toMatch(/2 of your points .* (wasm|cpu)/);

    // The tabs move with the arrow keys; the per-digit view is a chart of ten lines and a ten-row table.
    await root.locator('[role="tab"]').first().focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await root.locator('[role="tab"][aria-selected="true"]').textContent()).toBe('Recall per digit');
    expect(await root.locator('[data-chart] [data-series^="class-"]').count()).toBe(10);
    expect(await root.locator('[data-body] tr').count()).toBe(10);
    expect(foreignRequests(new URL(baseUrl).origin)).toEqual([]);
  });
});
