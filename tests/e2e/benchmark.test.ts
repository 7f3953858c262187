import { describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from './browser';
import { benchmarkMlpOnWasm, mlpOnWasmCell } from './islands';

const rootUrl = inject('rootUrl');
const baseUrl = inject('baseUrl');
const session = useBrowserSession();

describe('the hardware chapter benchmark', () => {
  it('shows the committed reference table, saying which command generated it', async () => {
    const recorded = await session.newPage();
    try {
      await recorded.page.goto(`${rootUrl}ja/guide/hardware/`);
      const reference = recorded.page.locator('ml-benchmark .benchmark-table figure').first();
      await expect(reference.locator('figcaption').textContent()).resolves.toContain('npm run bench');
      await expect(reference.locator('tbody tr').count()).resolves.toBeGreaterThanOrEqual(4);
      await expect(recorded.page.locator('ml-benchmark button[data-run]').textContent()).resolves.toBe(
        'ベンチマークを実行',
      );
    } finally {
      await recorded.close();
    }
  });

  it('measures the MLP on wasm in the reader’s browser under a base path, with no request elsewhere', async () => {
    const recorded = await session.newPage();
    try {
      const { page } = recorded;
      await page.goto(`${baseUrl}en/guide/hardware/`);
      // Only the MLP on wasm: the quickest measurement.
      await benchmarkMlpOnWasm(page);
      await page
        .locator('ml-benchmark [data-status]')
        .filter({ hasText: 'Done: 1 measurement.' })
        .waitFor({ timeout: 120_000 });
      const cell = await mlpOnWasmCell(page);
      expect(Number((cell ?? '').replace(/,/g, ''))).toBeGreaterThan(0);
      expect(recorded.foreignRequests(baseUrl)).toEqual([]);
    } finally {
      await recorded.close();
    }
  });
});
