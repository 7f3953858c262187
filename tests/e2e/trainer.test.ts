import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { DatasetName } from '../../src/lib/ml/catalog';
import { type RecordedPage, useBrowserSession } from './browser';
import { waitForPhase } from './islands';

const rootUrl = inject('rootUrl');
const baseUrl = inject('baseUrl');
const session = useBrowserSession({ assertSameOrigin: true });

async function open(url: string): Promise<RecordedPage> {
  const recorded = await session.newPage({ acceptDownloads: true });
  await recorded.page.goto(url);
  return recorded;
}

const trainer = (page: Page, dataset: DatasetName) => page.locator(`ml-trainer[data-dataset="${dataset}"]`);
const step = async (island: Locator) => Number((await island.getAttribute('data-step')) ?? 0);
const action = (island: Locator, name: string) => island.locator(`button[data-action="${name}"]`);

/**
 * Loses the MNIST trainer's GPU (WebGL context or WebGPU device, through the runtime's test
 * hook) as soon as its first checkpoint is saved, from inside the page, so no step is missed.
 */
async function loseGpuAtFirstCheckpoint(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      (document.querySelector('ml-trainer[data-dataset="mnist"]') as unknown as { trainerClient: unknown })
        .trainerClient,
  );
  await page.evaluate(() => {
    type Client = {
      on(type: string, listener: (event: { checkpoint: { epoch: number } }) => void): void;
      send(command: object): void;
    };
    const client = (
      document.querySelector('ml-trainer[data-dataset="mnist"]') as unknown as { trainerClient: Client }
    ).trainerClient;
    client.on('checkpoint-saved', (event) => {
      if (event.checkpoint.epoch === 1) client.send({ type: 'debug-lose-context' });
    });
  });
}

/**
 * Scripts and workers of the trainer: none may load before the reader starts it. (Its
 * stylesheet, `session.*.css`, is a file since every stylesheet is one, and may load.)
 */
const TRAINER_CODE = /\/_astro\/(worker|session|trainer-client|runtime)[.-][^/]*\.js$|tfjs|\.wasm/;

describe('the trainers in chapter 8', () => {
  it('says before Start, with the command, when the site was built without CIFAR-10', async () => {
    const recorded = await session.newPage();
    await recorded.page.route('**/data/cifar10/manifest.json', (route) => route.fulfill({ status: 404 }));
    await recorded.page.goto(`${rootUrl}en/guide/first-model/`);
    await expect
      .poll(() => trainer(recorded.page, 'cifar10').locator('.trainer-notices').textContent())
      .toContain('CIFAR-10 was not built for this copy of the site');
    expect(await trainer(recorded.page, 'cifar10').locator('.trainer-notices').textContent()).toContain(
      'npm run data',
    );
    // MNIST is there, so its trainer stays quiet once its own check has answered.
    await recorded.page.waitForLoadState('networkidle');
    expect(await trainer(recorded.page, 'mnist').locator('.trainer-notices').textContent()).toBe('');
  });

  it('reads a shared setup from the address, flags bad values, and loads no TF.js before Start', async () => {
    const { page, requests } = await open(
      `${rootUrl}en/guide/first-model/?mnist=model:mnist-cnn,bs:0,lr:0.0005,subset:600`,
    );
    await page.waitForLoadState('networkidle');
    const mnist = trainer(page, 'mnist');
    expect(await mnist.locator('select[name="model"]').inputValue()).toBe('mnist-cnn');
    expect(await mnist.locator('input[name="learningRate"]').inputValue()).toBe('0.0005');
    expect(await mnist.locator('input[name="batchSize"]').inputValue()).toBe('32');
    expect(await mnist.locator('.trainer-issues').textContent()).toContain(
      'The address gave bs the value “0”, which was ignored: expected an integer from 1 to 1024.',
    );
    // A misspelt key (the subset is `n`) is named as such, with the keys there are.
    expect(await mnist.locator('.trainer-issues').textContent()).toContain(
      'The address has “subset:600”, but subset is not a setting of this trainer, so it was ignored: expected one of preset, model,',
    );
    // The hidden-units field belongs to the MLP only.
    expect(await mnist.locator('input[name="hidden"]').isVisible()).toBe(false);
    // Drawing before any model exists asks for one, and still loads no TF.js.
    const pad = mnist.locator('.trainer-draw-canvas');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    if (!box) throw new Error('the drawing pad is not visible');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 4);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + (box.height * 3) / 4, { steps: 5 });
    await page.mouse.up();
    await expect
      .poll(() => mnist.locator('[data-draw-result]').textContent())
      .toBe('Train a model (or restore a checkpoint) first, then draw again.');
    expect(requests.filter((url) => TRAINER_CODE.test(url))).toEqual([]);

    // Changing a setting rewrites this island's part of the address, and only that.
    await mnist.locator('input[name="epochs"]').fill('2');
    await expect
      .poll(() => new URL(page.url()).searchParams.get('mnist'))
      .toBe('model:mnist-cnn,epochs:2,lr:0.0005');

    const ja = (await open(`${rootUrl}ja/guide/first-model/`)).page;
    expect(await action(trainer(ja, 'mnist'), 'start').textContent()).toBe('学習を開始');
    expect(await trainer(ja, 'cifar10').locator('[data-readout="status"]').textContent()).toBe('待機中');
  });

  it('trains the MLP on 6,000 images less 600 held out for validation, for one epoch, past 90% on the 10,000 test images once asked, in a worker, with pause, step and resume', async () => {
    // 600 of the 6,000 images are held out for validation; batches of 8 make 675 steps: the MLP
    // trains so fast on wasm that a run of fewer, larger steps could end before the Pause click
    // lands on a quiet machine.
    const stepsPerEpoch = Math.ceil(5_400 / 8);
    const { page } = await open(`${rootUrl}en/guide/first-model/?mnist=evals:2,bs:8`);
    const mnist = trainer(page, 'mnist');
    await action(mnist, 'start').click();
    await expect.poll(() => step(mnist), { timeout: 90_000, interval: 50 }).toBeGreaterThanOrEqual(10);
    // The settings are locked while a run holds them.
    expect(await mnist.locator('input[name="epochs"]').isDisabled()).toBe(true);
    expect(await action(mnist, 'start').isDisabled()).toBe(true);

    // Pause first, while most of the epoch is still ahead.
    await action(mnist, 'pause').click();
    await waitForPhase(mnist, ['paused'], 30_000);
    const pausedAt = await step(mnist);
    // Record every step the island shows from here on. Paused, only Step may advance it, by
    // one; the worker answers the two Step clicks in order, so a run going on in the background
    // would show its steps among them (events, not a watch on the clock, decide).
    await mnist.evaluate((root: HTMLElement & { shownSteps?: string[] }) => {
      const shown: string[] = [];
      root.shownSteps = shown;
      new MutationObserver(() => shown.push(root.dataset.step ?? '')).observe(root, {
        attributeFilter: ['data-step'],
      });
    });
    await action(mnist, 'step').click();
    await expect.poll(() => step(mnist), { timeout: 15_000 }).toBe(pausedAt + 1);
    await waitForPhase(mnist, ['paused'], 15_000);
    await action(mnist, 'step').click();
    await expect.poll(() => step(mnist), { timeout: 15_000 }).toBe(pausedAt + 2);
    await waitForPhase(mnist, ['paused'], 15_000);
    const shown = await mnist.evaluate((root: HTMLElement & { shownSteps?: string[] }) => [
      ...new Set(root.shownSteps),
    ]);
    // Redraws while paused write the paused step again; any other value would be a step too many.
    expect(shown.filter((value) => value !== String(pausedAt))).toEqual([
      String(pausedAt + 1),
      String(pausedAt + 2),
    ]);
    await action(mnist, 'resume').click();
    await waitForPhase(mnist, ['training', 'evaluating', 'finished'], 15_000);

    // The page stays responsive while the worker trains: frames keep coming and a click lands at once.
    const frames = await page.evaluate(
      () =>
        new Promise<{ count: number; longestGap: number }>((resolve) => {
          let count = 0;
          let longestGap = 0;
          let last = performance.now();
          const end = last + 2000;
          const tick = (now: number) => {
            count += 1;
            longestGap = Math.max(longestGap, now - last);
            last = now;
            if (now < end) requestAnimationFrame(tick);
            else resolve({ count, longestGap });
          };
          requestAnimationFrame(tick);
        }),
    );
    console.log(
      `main thread while training: ${frames.count} frames in 2 s, longest gap ${frames.longestGap.toFixed(0)} ms`,
    );
    expect(frames.count).toBeGreaterThan(30);
    expect(frames.longestGap).toBeLessThan(500);
    const clickStarted = Date.now();
    await mnist.locator('[data-chart="training"] summary').click();
    expect(await mnist.locator('[data-chart="training"] details').getAttribute('open')).toBe('');
    expect(Date.now() - clickStarted).toBeLessThan(1500);
    expect(await mnist.locator('[data-readout="backend"]').textContent()).toContain('in a worker');
    // TF.js runs in the worker: the page itself never fetched the runtime or a backend.
    const pageScripts = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((entry) => entry.name),
    );
    expect(pageScripts.filter((url) => /\/_astro\/runtime\.|tfjs|\.wasm/.test(url))).toEqual([]);

    await waitForPhase(mnist, ['finished'], 180_000);

    // During training only the validation split was measured; the test split waits for the reader.
    const summary = mnist.locator('[data-eval-summary]');
    expect(await summary.getAttribute('data-split')).toBe('validation');
    expect(Number(await summary.getAttribute('data-count'))).toBe(600);
    expect(await mnist.locator('[data-readout="validation-accuracy"]').textContent()).toMatch(/^\d+\.\d%$/);
    expect(await mnist.locator('[data-readout="test-accuracy"]').textContent()).toBe('not scored yet');
    const evaluationRows = mnist.locator('[data-chart="evaluation"] table.trainer-table tbody tr');
    expect(
      await evaluationRows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-split'))),
    ).toEqual(['validation', 'validation']);
    await action(mnist, 'score-test').click();
    await expect.poll(() => summary.getAttribute('data-split'), { timeout: 60_000 }).toBe('test');
    const accuracy = Number(await summary.getAttribute('data-accuracy'));
    console.log(`MNIST MLP, 5,400 images, 1 epoch: ${(accuracy * 100).toFixed(2)}% on the test set`);
    expect(Number(await summary.getAttribute('data-count'))).toBe(10_000);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    expect(await mnist.locator('[data-readout="test-accuracy"]').textContent()).toMatch(/^9\d\.\d%$/);
    // The test score is a row (and a point) of its own after the validation ones.
    expect(await evaluationRows.last().getAttribute('data-split')).toBe('test');
    expect(await evaluationRows.last().locator('td').nth(1).textContent()).toBe('test');
    // Precision and recall per digit with their macro averages, and the confusions in words.
    expect(await mnist.locator('[data-per-class-table] tfoot th').textContent()).toBe('Macro average');
    expect(await mnist.locator('[data-most-confused]').textContent()).toMatch(
      /^Most confused: \d ↔ \d \(\d+ \+ \d+\), \d ↔ \d \(\d+ \+ \d+\),? and \d ↔ \d \(\d+ \+ \d+\)\.$/,
    );
    // 784·300 + 300 + 300·10 + 10 parameters.
    expect(await mnist.locator('[data-summary-total]').getAttribute('data-params')).toBe('238510');
    expect(await mnist.locator('[data-chart="training"] .uplot canvas').count()).toBeGreaterThan(0);
    expect(await mnist.locator('[data-confusion-table] tbody tr').count()).toBe(10);
    expect(await mnist.locator('[data-per-class-table] tbody tr').count()).toBe(10);
    expect(await mnist.locator('[data-gallery] li').count()).toBeGreaterThan(0);
    expect(await mnist.locator('[data-gallery] li[data-verdict="right"]').count()).toBeGreaterThan(0);
    expect(await mnist.locator('[data-checkpoint-status]').getAttribute('data-epoch')).toBe('1');

    // A digit drawn on the pad is classified by the model just trained: a vertical stroke is a 1.
    const pad = mnist.locator('.trainer-draw-canvas');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    if (!box) throw new Error('the drawing pad is not visible');
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++)
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + 0.07 * i));
    await page.mouse.up();
    const result = mnist.locator('[data-draw-result]');
    await expect.poll(() => result.getAttribute('data-digit'), { timeout: 15_000 }).toBe('1');
    expect(await mnist.locator('[data-draw-bars] li').count()).toBe(3);
    await mnist.locator('button[data-action="clear-drawing"]').click();
    await expect.poll(() => result.textContent()).toBe('Nothing drawn yet.');

    // After a reload the checkpoint is still there, and training continues from it.
    await page.reload();
    const again = trainer(page, 'mnist');
    await expect
      .poll(() => again.locator('[data-notice="found"]').textContent(), { timeout: 10_000 })
      .toContain(
        `The checkpoint from your last visit is still in this browser: MLP (dense layers), epoch 1 (step ${stepsPerEpoch})`,
      );
    await action(again, 'continue').click();
    await expect
      .poll(() => again.locator('[data-notice="checkpoint"]').textContent(), { timeout: 60_000 })
      .toContain(`Restored the checkpoint saved after epoch 1 (step ${stepsPerEpoch})`);
    await expect.poll(() => step(again), { timeout: 60_000 }).toBeGreaterThan(stepsPerEpoch);
    await action(again, 'reset').click();
    await expect.poll(() => again.locator('[data-checkpoint-status]').getAttribute('data-epoch')).toBeNull();
  }, 300_000);

  it('runs the CNN on WebGL and recovers from a lost GPU context, keeping the checkpoint', async () => {
    const { page } = await open(
      `${rootUrl}en/guide/first-model/?mnist=model:mnist-cnn,epochs:3,bs:90,n:300,test:300,evals:1,backend:webgl`,
    );
    const mnist = trainer(page, 'mnist');
    await action(mnist, 'start').click();
    await loseGpuAtFirstCheckpoint(page);
    await expect.poll(() => step(mnist), { timeout: 90_000 }).toBeGreaterThan(0);
    expect(await mnist.locator('[data-readout="backend"]').textContent()).toContain('WebGL');
    await expect
      .poll(() => mnist.locator('[data-notice="context"]').textContent(), { timeout: 120_000 })
      .toContain(
        'The GPU context was lost and training recovered: it continues on WebGL from the checkpoint of epoch 1.',
      );
    await waitForPhase(mnist, ['finished'], 180_000);
    expect(await mnist.locator('[data-checkpoint-status]').getAttribute('data-epoch')).toBe('3');
    const accuracy = Number(await mnist.locator('[data-eval-summary]').getAttribute('data-accuracy'));
    console.log(
      `MNIST CNN on WebGL, 300 images × 3 epochs with a context loss: ${(accuracy * 100).toFixed(1)}%`,
    );
    // Far better than the 10% of guessing, so the restored weights kept learning.
    expect(accuracy).toBeGreaterThan(0.3);
  }, 300_000);

  it('keeps training in the worker while the tab is hidden, and catches up when it is shown again', async () => {
    const { page } = await open(
      `${rootUrl}en/guide/first-model/?mnist=epochs:1,bs:20,n:2000,test:200,evals:1`,
    );
    const mnist = trainer(page, 'mnist');
    await action(mnist, 'start').click();
    await expect.poll(() => step(mnist), { timeout: 90_000, interval: 250 }).toBeGreaterThanOrEqual(1);
    // Count the steps the worker reports, straight from the client, beside what the page paints.
    await page.evaluate(() => {
      type Client = { on(type: string, listener: (event: { step: number }) => void): void };
      const client = (
        document.querySelector('ml-trainer[data-dataset="mnist"]') as unknown as { trainerClient: Client }
      ).trainerClient;
      const w = window as unknown as { workerStep: number };
      w.workerStep = 0;
      client.on('progress', (event) => {
        w.workerStep = event.step;
      });
    });
    // Hide the tab as a browser does: visibilityState turns hidden and animation frames stop
    // (held here until the tab is shown again).
    await page.evaluate(() => {
      const w = window as unknown as {
        held: FrameRequestCallback[];
        realFrame: typeof requestAnimationFrame;
      };
      w.held = [];
      w.realFrame = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (callback) => w.held.push(callback);
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    // A frame asked for before hiding still lands (within two real frames); after it, the page paints nothing.
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const w = window as unknown as { realFrame: typeof requestAnimationFrame };
          w.realFrame(() => w.realFrame(resolve));
        }),
    );
    const paintedWhenHidden = await step(mnist);
    await page.waitForFunction(
      (from) => (window as unknown as { workerStep: number }).workerStep >= from + 15,
      paintedWhenHidden,
      { timeout: 120_000, polling: 100 },
    );
    const workerWhenShown = await page.evaluate(
      () => (window as unknown as { workerStep: number }).workerStep,
    );
    expect(await step(mnist)).toBe(paintedWhenHidden);

    await page.evaluate(() => {
      const w = window as unknown as {
        held: FrameRequestCallback[];
        realFrame: typeof requestAnimationFrame;
      };
      delete (document as { visibilityState?: unknown }).visibilityState;
      delete (document as { hidden?: unknown }).hidden;
      window.requestAnimationFrame = w.realFrame;
      for (const callback of w.held.splice(0)) window.requestAnimationFrame(callback);
      document.dispatchEvent(new Event('visibilitychange'));
    });
    expect(await page.evaluate(() => document.visibilityState)).toBe('visible');
    // Shown again, the page draws every step the worker made meanwhile, without a restart.
    await expect.poll(() => step(mnist), { timeout: 10_000 }).toBeGreaterThanOrEqual(workerWhenShown);
    await waitForPhase(mnist, ['finished'], 180_000);
    // 1,800 of the 2,000 images train (200 validate): 90 steps of 20.
    expect(await step(mnist)).toBe(90);
    const lastRow = mnist.locator('[data-chart="training"] table.trainer-table tbody tr').last();
    expect(await lastRow.locator('td').first().textContent()).toBe('90');
    expect(await mnist.locator('[data-chart="evaluation"] table.trainer-table tbody tr').count()).toBe(1);
  }, 300_000);

  it('trains the CIFAR-10 tutorial CNN on a small subset under the base path, with charts, confusion matrix and gallery', async () => {
    const { page } = await open(`${baseUrl}en/guide/first-model/?cifar=n:100,bs:50,test:100,evals:1`);
    const cifar = trainer(page, 'cifar10');
    await action(cifar, 'start').click();
    await waitForPhase(cifar, ['finished'], 280_000);
    expect(await cifar.locator('[data-chart="training"] .uplot canvas').count()).toBeGreaterThan(0);
    expect(await cifar.locator('[data-chart="training"] table.trainer-table tbody tr').count()).toBe(2);
    expect(await cifar.locator('[data-chart="evaluation"] table.trainer-table tbody tr').count()).toBe(1);
    // The 10 validation images held out of the 100.
    expect(Number(await cifar.locator('[data-eval-summary]').getAttribute('data-count'))).toBe(10);
    const rows = cifar.locator('[data-confusion-table] tbody th');
    expect(await rows.allTextContents()).toEqual([
      'airplane',
      'automobile',
      'bird',
      'cat',
      'deer',
      'dog',
      'frog',
      'horse',
      'ship',
      'truck',
    ]);
    // Precision and recall per class, named, beside the matrix, and the confusions in words.
    expect(await cifar.locator('[data-per-class-table] tbody th').first().textContent()).toBe('airplane');
    expect(await cifar.locator('[data-per-class-table] tbody tr').count()).toBe(10);
    expect(await cifar.locator('[data-most-confused]').textContent()).toMatch(
      /^(Most confused: [a-z]+ ↔ [a-z]+ \(\d+ \+ \d+\)|No two classes were confused\.)/,
    );
    const gallery = cifar.locator('[data-gallery] li');
    expect(await gallery.count()).toBeGreaterThan(0);
    expect(await gallery.first().locator('.trainer-bars li').count()).toBe(3);
    expect(await gallery.first().locator('canvas').getAttribute('aria-label')).toMatch(
      /^Validation image \d+: true class \w+/,
    );
    expect(Number(await cifar.locator('[data-summary-total]').getAttribute('data-params'))).toBeGreaterThan(
      1_000_000,
    );
  }, 300_000);
});

describe('the classic-results table in chapter 9', () => {
  it('states the published figures in both languages and loads no TF.js until a row is trained', async () => {
    const { page, requests } = await open(`${rootUrl}en/guide/beyond/`);
    await page.waitForLoadState('networkidle');
    const published = await page.locator('ml-reproduce tbody tr td:nth-child(2)').allTextContents();
    expect(published.map((text) => text.split(/(?<=error|accuracy)/)[0])).toEqual([
      '4.70% test error',
      '1.60% test error',
      '0.95% test error',
      '86% test accuracy',
    ]);
    expect(await page.locator('ml-reproduce').textContent()).toContain(
      'Browser runs are much shorter than the published training',
    );
    expect(requests.filter((url) => TRAINER_CODE.test(url))).toEqual([]);
    const ja = (await open(`${rootUrl}ja/guide/beyond/`)).page;
    expect(await ja.locator('ml-reproduce tbody tr').first().locator('td').first().textContent()).toContain(
      'テスト誤差4.70%',
    );
  });
});

describe('the MNIST trainer on WebGPU', () => {
  // WebGPU is behind a flag in headless Chromium; here it runs on SwiftShader, chosen in the address.
  const gpuSession = useBrowserSession({ extraArgs: ['--enable-unsafe-webgpu'], assertSameOrigin: true });

  it('recovers from a lost WebGPU device (device.destroy()) from the last checkpoint, like a lost WebGL context', async () => {
    const { page } = await gpuSession.newPage();
    await page.goto(
      `${rootUrl}en/guide/first-model/?mnist=epochs:2,bs:100,n:300,test:200,evals:1,backend:webgpu`,
    );
    const mnist = trainer(page, 'mnist');
    await action(mnist, 'start').click();
    // The runtime's test hook calls device.destroy() on WebGPU.
    await loseGpuAtFirstCheckpoint(page);
    await expect.poll(() => step(mnist), { timeout: 120_000 }).toBeGreaterThan(0);
    expect(await mnist.locator('[data-readout="backend"]').textContent()).toContain('WebGPU');
    await expect
      .poll(() => mnist.locator('[data-notice="context"]').textContent(), { timeout: 120_000 })
      .toContain(
        'The GPU context was lost and training recovered: it continues on WebGPU from the checkpoint of epoch 1.',
      );
    await waitForPhase(mnist, ['finished'], 180_000);
    expect(await mnist.locator('[data-checkpoint-status]').getAttribute('data-epoch')).toBe('2');
    expect(await step(mnist)).toBe(6);
  }, 300_000);
});
