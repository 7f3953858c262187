/**
 * Steps the end-to-end tests take on the islands themselves, shared so that every file
 * drives a trainer or the benchmark the same way.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Waits for a trainer's phase; fails early, with its notices, if the run ends in an error. */
export async function waitForPhase(island: Locator, wanted: string[], timeout: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const now = await island.getAttribute('data-phase');
        if (now === 'error')
          throw new Error(`trainer error: ${await island.locator('.trainer-notices').textContent()}`);
        return now;
      },
      { timeout, interval: 250 },
    )
    .toSatisfy((now: string | null) => wanted.includes(now ?? ''));
}

/** Starts the benchmark island on the quickest measurement: the MLP on wasm alone. */
export async function benchmarkMlpOnWasm(page: Page): Promise<void> {
  for (const box of await page.locator('ml-benchmark input[type="checkbox"]').all()) await box.uncheck();
  await page.locator('ml-benchmark input[value="mnist-mlp"]').check();
  await page.locator('ml-benchmark input[value="wasm"]').check();
  await page.locator('ml-benchmark button[data-run]').click();
}

/** The benchmark island's cell for the MLP on wasm, as the reader sees it. */
export function mlpOnWasmCell(page: Page): Promise<string | null> {
  return page
    .locator('ml-benchmark [data-yours-body] tr[data-model="mnist-mlp"] td[data-backend="wasm"]')
    .textContent();
}
