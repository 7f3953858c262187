import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from './browser';

const rootUrl = inject('rootUrl');
const session = useBrowserSession({ assertSameOrigin: true });

async function open(path: string): Promise<Page> {
  return (await openRecorded(path)).page;
}

async function openRecorded(path: string) {
  const recorded = await session.newPage();
  await recorded.page.goto(`${rootUrl}${path}`);
  return recorded;
}

/** TF.js, the feature-map view and the pretrained model's files: none may load before the reader asks. */
const CNN_CODE = /\/_astro\/(cnn-view|model|weights)[.-]|tfjs|\.wasm/;

/** How many different grey levels a canvas shows: a drawn feature map has many, a blank one 1. */
function greyLevels(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    const levels = new Set<number>();
    for (let i = 0; i < data.length; i += 4) levels.add(data[i] as number);
    return levels.size;
  });
}

/** Draws a "1" and a bar across its top on `canvas` with the mouse. */
async function drawDigit(page: Page, canvas: Locator): Promise<void> {
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the drawing pad is not on screen');
  const at = (x: number, y: number) => [box.x + box.width * x, box.y + box.height * y] as const;
  await page.mouse.move(...at(0.35, 0.3));
  await page.mouse.down();
  await page.mouse.move(...at(0.55, 0.2), { steps: 5 });
  await page.mouse.move(...at(0.55, 0.8), { steps: 10 });
  await page.mouse.up();
}

describe('the convolution island of chapter 3', () => {
  it('convolves a real MNIST digit and gives a 14×14 map for stride 2 and padding 1, with the working from the keyboard', async () => {
    const page = await open('en/guide/minimum-math/');
    const island = page.locator('ml-convolution');
    await expect.poll(() => island.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    expect(await island.getAttribute('data-output-size')).toBe('26x26');
    expect(await island.locator('[data-status]').textContent()).toMatch(/^Test image 1 of 100: 7\.$/);

    await island.locator('input[name="stride"]').fill('2');
    await island.locator('input[name="padding"]').fill('1');
    await expect.poll(() => island.getAttribute('data-output-size')).toBe('14x14');
    expect(await island.locator('[data-formula]').textContent()).toBe(
      'Output side = ⌊(28 + 2×1 − 3) / 2⌋ + 1 = 14, so the feature map is 14×14.',
    );
    const map = island.locator('canvas[data-map]');
    expect(
      await map.evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]),
    ).toEqual([14, 14]);
    expect(await greyLevels(map)).toBeGreaterThan(5);
    expect(await island.locator('[data-map-table] tbody tr').count()).toBe(14);
    expect(await island.locator('[data-pooled-caption]').textContent()).toBe('Max pooling after ReLU, 7×7');

    await map.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    expect(await island.locator('[data-working]').textContent()).toMatch(/^Cell \(row 2, column 2\) = /);

    await island.locator('select[name="pooling"]').selectOption('average');
    await expect
      .poll(() => island.locator('[data-pooled-caption]').textContent())
      .toBe('Average pooling after ReLU, 7×7');
    await island.locator('textarea[name="weights"]').fill('1 2\n3 4\n5 6');
    await expect
      .poll(() => island.locator('[data-formula]').textContent())
      .toBe('A 3×3 kernel needs 9 numbers in a square, one row per line; it has 6 numbers.');
  });

  it('shows a drawn digit’s feature maps, layer by layer, and its probabilities from the pretrained CNN', async () => {
    const { page, requests } = await openRecorded('en/guide/minimum-math/');
    const island = page.locator('ml-convolution');
    await expect.poll(() => island.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    expect(requests.filter((url) => CNN_CODE.test(url))).toEqual([]);
    await island.getByLabel('Your own digit').check();
    await drawDigit(page, island.locator('.convolution-draw-canvas'));
    await expect.poll(() => island.locator('[data-input-caption]').textContent()).toContain('28×28');
    await island.getByRole('button', { name: 'Show it to the trained CNN' }).click();
    await expect.poll(() => island.getAttribute('data-cnn-state'), { timeout: 60_000 }).toBe('ready');
    expect(requests.some((url) => /\/_astro\/weights\.[^/]*\.bin$/.test(url))).toBe(true);
    const layers = island.locator('[data-layers] .layer-figure[data-layer]');
    expect(await layers.count()).toBeGreaterThanOrEqual(4);
    expect(await island.locator('[data-layer="Conv2D"]').first().locator('canvas').count()).toBe(8);
    const first = island.locator('[data-layer="Conv2D"] canvas').first();
    expect(await first.evaluate((c) => (c as HTMLCanvasElement).width)).toBe(24);
    expect(await island.locator('[data-probabilities] tbody tr').count()).toBe(10);
    expect(await island.locator('[data-cnn-status]').textContent()).toMatch(/reads this image as \d with/);
  });
});

describe('the convolution island and the reader’s own network', () => {
  it('looks inside the CNN the reader trained in chapter 8, from its checkpoint in this browser', async () => {
    const { page } = await session.newPage();
    // A one-epoch run of the cnn preset on 600 digits: enough for a checkpoint, in seconds.
    await page.goto(`${rootUrl}en/guide/first-model/?mnist=preset:cnn,epochs:1,n:600`);
    const trainer = page.locator('ml-trainer[data-dataset="mnist"]');
    await trainer.locator('button[data-action="start"]').click();
    await expect
      .poll(() => trainer.locator('[data-checkpoint-status]').getAttribute('data-epoch'), {
        timeout: 120_000,
        interval: 250,
      })
      .toBe('1');

    await page.goto(`${rootUrl}en/guide/minimum-math/`);
    const island = page.locator('ml-convolution');
    await expect.poll(() => island.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    await island.getByRole('button', { name: 'Show it to the trained CNN' }).click();
    await expect.poll(() => island.getAttribute('data-cnn-state'), { timeout: 60_000 }).toBe('ready');
    // The pretrained model comes first; the reader's checkpoint is the second choice.
    const choice = island.getByLabel('Network');
    const options = await choice.locator('option').allTextContents();
    expect(options).toHaveLength(2);
    expect(options[0]).toMatch(/^The guide's pretrained mnist-cnn \(\d+(\.\d)?% on the test set\)$/);
    expect(options[1]).toMatch(/^Your mnist-cnn, saved after epoch 1 \(/);
    expect(await island.getAttribute('data-cnn-source')).toBe('pretrained');

    await choice.selectOption({ index: 1 });
    await expect.poll(() => island.getAttribute('data-cnn-source'), { timeout: 30_000 }).toBe('saved');
    await expect.poll(() => island.getAttribute('data-cnn-state')).toBe('ready');
    expect(await island.locator('[data-cnn-status]').textContent()).toMatch(
      /^Your mnist-cnn from chapter 8 \(saved after epoch 1, \d+(\.\d)?% on its validation images\) reads this image as \d with/,
    );
    expect(await island.locator('[data-layer="Conv2D"]').first().locator('canvas').count()).toBe(8);
    expect(await island.locator('[data-probabilities] tbody tr').count()).toBe(10);
  }, 240_000);
});

describe('the MNIST trainer’s pretrained model', () => {
  it('scores its card’s accuracy on the whole test set in the page, and then reads a drawn digit', async () => {
    const page = await open('en/guide/first-model/');
    const island = page.locator('ml-trainer[data-dataset="mnist"]');
    const card = Number(await island.locator('[data-card-accuracy]').getAttribute('data-card-accuracy'));
    expect(card).toBeGreaterThan(0.9);
    await island.getByRole('button', { name: 'Use the pretrained model' }).click();
    await expect
      .poll(() => island.getAttribute('data-pretrained-accuracy'), { timeout: 180_000 })
      .not.toBeNull();
    const measured = Number(await island.getAttribute('data-pretrained-accuracy'));
    // Within 0.1 percentage point of the card.
    expect(Math.abs(measured - card)).toBeLessThanOrEqual(0.001);
    expect(await island.locator('[data-pretrained-status]').textContent()).toContain('on 10,000 test images');
    expect(await island.locator('[data-gallery] li').count()).toBeGreaterThan(0);
    expect(await island.locator('[data-confusion] table').count()).toBe(1);
    await drawDigit(page, island.locator('.trainer-draw-canvas'));
    await expect
      .poll(() => island.locator('[data-draw-bars] li').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    // Beside the answer, the drawing as each layer of the CNN passes it on.
    const conv = island.locator('[data-draw-layers] [data-layer="Conv2D"]').first();
    expect(await conv.locator('canvas').count()).toBe(8);
    expect(await greyLevels(conv.locator('canvas').first())).toBeGreaterThan(5);
    expect(await island.locator('[data-draw-layers] [data-layer="MaxPooling2D"]').count()).toBe(2);
    expect(await island.locator('[data-draw-layers] [data-layer="Dense"]').textContent()).toMatch(
      /^Dense layer, output 64Most active units: #\d+/,
    );
    // The figures are made after load, so the page-by-page axe walk never sees them: check them here.
    const axe = await new AxeBuilder({ page }).setLegacyMode().include('[data-draw-layers]').analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await island.getByRole('button', { name: 'Clear the drawing' }).click();
    await expect.poll(() => island.locator('[data-draw-layers] [data-layer]').count()).toBe(0);
  });
});
