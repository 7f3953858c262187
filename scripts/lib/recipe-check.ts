/**
 * The browser half of `npm run recipe-check`: drives a trainer (MNIST or CIFAR-10, whichever
 * the address's query names) the way a reader does (Start, then wait), timing from the click,
 * and reads the test accuracy the page shows (on the test images the settings name: the whole
 * split unless a preset scores a subset). When the trainer only scores the
 * test split on request (a `test` action), it presses that once training has finished.
 */
import type { Page } from 'playwright-core';

export interface RecipeCheckOptions {
  url: string;
  /** Which trainer on the page to drive. */
  dataset: 'mnist' | 'cifar10';
  /** The promise: seconds from Start to the test score. The check waits a minute longer to report how late it was. */
  seconds: number;
  log: (line: string) => void;
}

export interface RecipeCheckResult {
  url: string;
  /** Test accuracy the page showed last, or null when none appeared. */
  testAccuracy: number | null;
  /** How many test images that accuracy was measured on. */
  testCount: number | null;
  /** Seconds from pressing Start to that accuracy on the page. */
  secondsToTest: number;
  /** Seconds from Start to the phase `finished` (NaN if it never finished). */
  secondsToFinished: number;
  steps: number;
  /** The trainer's readouts when the check ended: backend and images/s. */
  backend: string;
  speed: string;
}

export async function runRecipeCheck(page: Page, options: RecipeCheckOptions): Promise<RecipeCheckResult> {
  await page.goto(options.url);
  const island = page.locator(`ml-trainer[data-dataset="${options.dataset}"]`);
  const summary = island.locator('[data-eval-summary]');
  await island.locator('button[data-action="start"]').click();
  const started = Date.now();
  const elapsed = () => (Date.now() - started) / 1000;
  const deadline = options.seconds + 60;
  let finishedAt = Number.NaN;
  let testAt = Number.NaN;
  let accuracy: number | null = null;
  let count: number | null = null;
  let lastLog = -30;
  let pressedTest = false;
  while (elapsed() < deadline) {
    const phase = await island.getAttribute('data-phase');
    if (phase === 'error') {
      throw new Error(
        `The trainer stopped with an error: ${await island.locator('.trainer-notices').textContent()}`,
      );
    }
    const seen = Number((await summary.getAttribute('data-accuracy')) ?? Number.NaN);
    const seenCount = Number((await summary.getAttribute('data-count')) ?? 0);
    const isTest = (await summary.getAttribute('data-split')) === 'test';
    if (isTest && Number.isFinite(seen) && seen !== accuracy) {
      accuracy = seen;
      count = seenCount;
      testAt = elapsed();
      options.log(`${testAt.toFixed(0)} s: test accuracy ${(seen * 100).toFixed(2)}% on ${seenCount} images`);
    }
    if (phase === 'finished' && Number.isNaN(finishedAt)) {
      finishedAt = elapsed();
      options.log(`${finishedAt.toFixed(0)} s: training finished`);
      const test = island.locator('button[data-action="score-test"]');
      if ((await test.count()) > 0 && (await test.isEnabled())) {
        await test.click();
        pressedTest = true;
      } else break;
    }
    if (pressedTest && testAt > finishedAt) break;
    if (elapsed() - lastLog >= 30) {
      lastLog = elapsed();
      options.log(`${lastLog.toFixed(0)} s: ${phase}, step ${await island.getAttribute('data-step')}`);
    }
    await page.waitForTimeout(500);
  }
  return {
    url: options.url,
    testAccuracy: accuracy,
    testCount: count,
    secondsToTest: Number.isNaN(testAt) ? Number.POSITIVE_INFINITY : testAt,
    secondsToFinished: finishedAt,
    steps: Number((await island.getAttribute('data-step')) ?? 0),
    backend: ((await island.locator('[data-readout="backend"]').textContent()) ?? '').trim(),
    speed: ((await island.locator('[data-readout="speed"]').textContent()) ?? '').trim(),
  };
}
