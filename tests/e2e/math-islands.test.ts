import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from './browser';

const rootUrl = inject('rootUrl');
const session = useBrowserSession();

async function open(path: string): Promise<Page> {
  const recorded = await session.newPage();
  await recorded.page.goto(`${rootUrl}${path}`);
  return recorded.page;
}

/** Waits until the island's script has run: each one fills its status line on start. */
async function ready(island: ReturnType<Page['locator']>): Promise<void> {
  await expect.poll(() => island.locator('[data-output]').textContent(), { timeout: 15_000 }).not.toBe('');
}

describe('the chapter 3 math islands', () => {
  it('multiply the chapter’s matrices and explain a cell, from the keyboard', async () => {
    const page = await open('en/guide/minimum-math/');
    const island = page.locator('ml-matrix-multiply');
    await expect
      .poll(() => island.locator('[data-output]').textContent(), { timeout: 15_000 })
      .toContain('[3×3]');
    const cells = await island.locator('[data-result] button').allTextContents();
    expect(cells).toEqual(['2', '4', '5', '11', '8', '3', '5', '1', '4']);
    await island.locator('[data-result] button').nth(3).focus();
    await page.keyboard.press('Enter');
    expect(await island.locator('[data-working]').textContent()).toBe(
      'Row 2, column 1 = row 2 of A times column 1 of B: 0×1 + 1×0 + 3×3 + 2×1 = 11',
    );
  });

  it('say in Japanese why a [3×4] matrix cannot multiply a [3×4] one', async () => {
    const page = await open('ja/guide/minimum-math/');
    const island = page.locator('ml-matrix-multiply');
    await ready(island);
    await island.locator('textarea[name="b"]').fill('1 2 0 1\n0 1 3 2\n2 0 1 0');
    await island.getByRole('button', { name: '掛ける' }).click();
    expect(await island.locator('[data-output]').textContent()).toBe(
      'Aは[3×4]、Bは[3×4]です。Aの列数（4）とBの行数（3）が一致しないので掛けられません。',
    );
    expect(await island.locator('[data-result]').isHidden()).toBe(true);
  });

  it('step gradient descent 0 → 0.6 → 1.08 and report divergence at a large rate', async () => {
    const page = await open('en/guide/minimum-math/');
    const island = page.locator('ml-gradient-descent');
    await ready(island);
    const step = island.getByRole('button', { name: 'Take 1 step' });
    await step.click();
    await step.click();
    expect(await island.locator('[data-output]').textContent()).toBe('Step 2: at (1.08), f = 3.6864.');
    const lastRow = await island.locator('[data-table] tbody tr').last().locator('td').allTextContents();
    // Formula and numeric gradients agree: 2(1.08 − 3) = −3.84.
    expect(lastRow).toEqual(['2', '(1.08)', '3.6864', '(-3.84)', '(-3.84)']);
    expect(await island.locator('[data-chart] circle').count()).toBe(3);
    await island.locator('input[name="rate"]').fill('1.5');
    await island.getByRole('button', { name: 'Take 10 steps' }).click();
    expect(await island.locator('[data-output]').textContent()).toMatch(
      /^Step 10: at \(-3,069\), f = 9,437,180\. f is growing instead of shrinking/,
    );
  });

  it('start the narrow bowl just under its stable rate and walk it downhill', async () => {
    const page = await open('ja/guide/minimum-math/');
    const island = page.locator('ml-gradient-descent');
    await ready(island);
    await island.locator('select').selectOption('bowl');
    expect(await island.locator('input[name="rate"]').inputValue()).toBe('0.09');
    expect(await island.locator('input[name="y"]').isVisible()).toBe(true);
    await island.getByRole('button', { name: '10歩進める' }).click();
    const values = await island.locator('[data-table] tbody tr td:nth-child(3)').allTextContents();
    const numbers = values.map((value) => Number(value.replaceAll(',', '')));
    expect(numbers.length).toBe(8);
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBeLessThan(numbers[i - 1] ?? 0);
    expect(await island.locator('[data-output]').textContent()).toMatch(
      /^10歩目：位置\(-0\.549792, 0\.161061\)、f = 0\.5\d+。$/,
    );
  });

  it('turn a 1% prior into a posterior of about 15% and count 10,000 people', async () => {
    const page = await open('ja/guide/minimum-math/');
    const island = page.locator('ml-bayes-posterior');
    await expect
      .poll(() => island.locator('[data-output]').textContent(), { timeout: 15_000 })
      .toContain('15.38%');
    expect(await island.locator('[data-cell="truePositive"]').textContent()).toBe('90');
    expect(await island.locator('[data-cell="falsePositive"]').textContent()).toBe('495');
    await island.locator('input[name="prior"]').fill('120');
    expect(await island.locator('[data-output]').textContent()).toContain('0から100まで');
  });

  it('load nothing from another origin', () => {
    for (const recorded of session.opened) {
      expect(recorded.foreignRequests(rootUrl)).toEqual([]);
    }
  });
});
