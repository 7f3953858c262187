import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { parseLadderReport } from '../../src/lib/bench/ladder';
import type { DatasetName } from '../../src/lib/ml/catalog';
import { PRESETS } from '../../src/lib/ml/presets';
import { READER_LADDER_KEY } from '../../src/lib/trainer-view/ladder-figures';
import { useBrowserSession } from './browser';

const rootUrl = inject('rootUrl');
const session = useBrowserSession({ assertSameOrigin: true });
const chapter = `${rootUrl}en/guide/first-model/`;
const PARAM: Record<DatasetName, string> = { mnist: 'mnist', cifar10: 'cifar' };
/** A page on a busy two-core machine may take seconds to load and mount its islands. */
const SLOW = { timeout: 30_000, interval: 100 };

const trainer = (page: Page, dataset: DatasetName) => page.locator(`ml-trainer[data-dataset="${dataset}"]`);
const checkedPreset = (page: Page, dataset: DatasetName) =>
  trainer(page, dataset).locator('[data-presets] input:checked').getAttribute('value');

async function open(url: string): Promise<Page> {
  const { page } = await session.newPage();
  await page.goto(url);
  return page;
}

describe('presets in the trainers', () => {
  for (const dataset of ['mnist', 'cifar10'] as const) {
    for (const preset of PRESETS[dataset]) {
      it(`starts the ${dataset} preset ${preset.id} from ?${PARAM[dataset]}=preset:${preset.id}`, async () => {
        const page = await open(`${chapter}?${PARAM[dataset]}=preset:${preset.id}`);
        const island = trainer(page, dataset);
        await expect.poll(() => checkedPreset(page, dataset), SLOW).toBe(preset.id);
        expect(await island.getAttribute('data-preset')).toBe(preset.id);
        // A preset needs no form: the full settings stay folded away, yet hold the preset.
        expect(await island.locator('.trainer-details').getAttribute('open')).toBeNull();
        expect(await island.locator('input[name="subset"]').inputValue()).toBe(
          String(preset.settings.subset),
        );
        // The preset's line says how many passes it makes when it makes more than one.
        const text = await island
          .locator(`[data-presets] input[value="${preset.id}"] ~ .trainer-preset-text`)
          .textContent();
        if (preset.settings.epochs > 1) expect(text).toContain(`${preset.settings.epochs} passes over`);
        else expect(text).not.toMatch(/\d passes over/);
        await island.locator('button[data-action="start"]').click();
        await expect
          .poll(
            async () => {
              if ((await island.getAttribute('data-phase')) === 'error')
                throw new Error(`trainer error: ${await island.locator('.trainer-notices').textContent()}`);
              return Number((await island.getAttribute('data-step')) ?? 0);
            },
            { timeout: 240_000, interval: 250 },
          )
          .toBeGreaterThanOrEqual(1);
        await page.close();
      }, 300_000);
    }
  }

  it('opens on the default preset with its expected time, and says where no GPU was measured', async () => {
    const page = await open(chapter);
    expect(await checkedPreset(page, 'mnist')).toBe('quick');
    expect(await checkedPreset(page, 'cifar10')).toBe('tutorial');
    const time = await trainer(page, 'mnist').locator('[data-time="cnn"]').textContent();
    expect(time).toMatch(/about \d+ s of training on a 2-core AMD EPYC \(wasm\)/);
    expect(time).toContain('no GPU measurement yet');
  });

  it('shows "custom" after an edit, keeps the preset in the address, and picks presets by keyboard', async () => {
    const page = await open(`${chapter}?mnist=preset:cnn`);
    const mnist = trainer(page, 'mnist');
    await expect.poll(() => checkedPreset(page, 'mnist'), SLOW).toBe('cnn');
    await mnist.locator('.trainer-details > summary').click();
    await mnist.locator('input[name="epochs"]').fill('3');
    await expect.poll(() => checkedPreset(page, 'mnist'), SLOW).toBe('custom');
    expect(await mnist.getAttribute('data-preset')).toBe('custom');
    expect(new URL(page.url()).searchParams.get('mnist')).toBe('preset:cnn,epochs:3');

    // Arrow keys move through the radio group, and each choice fills the form and the address.
    await mnist.locator('[data-presets] input[value="quick"]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => checkedPreset(page, 'mnist'), SLOW).toBe('lecun');
    expect(await mnist.locator('input[name="subset"]').inputValue()).toBe('60000');
    expect(await mnist.locator('input[name="epochs"]').inputValue()).toBe('1');
    expect(new URL(page.url()).searchParams.get('mnist')).toBe('preset:lecun');
  });

  it('names the valid presets when the address asks for an unknown one', async () => {
    const page = await open(`${chapter}?cifar=preset:fast`);
    await expect
      .poll(() => trainer(page, 'cifar10').locator('.trainer-issues').textContent(), SLOW)
      .toContain(
        'The address gave preset the value “fast”, which was ignored: expected one of tutorial, 5min,',
      );
    expect(await checkedPreset(page, 'cifar10')).toBe('tutorial');
  });
});

describe('the ladder in chapter 8', () => {
  const report = parseLadderReport(
    JSON.parse(readFileSync(join(import.meta.dirname, '../../src/data/ladder/ladder.json'), 'utf8')),
    'ladder.json',
  );
  const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

  it("shows the committed reference of every rung, then the reader's own figure after a reload", async () => {
    const page = await open(chapter);
    const ladder = page.locator('ml-ladder');
    for (const rung of report.rungs) {
      expect(await ladder.locator(`tr[data-rung="${rung.presetId}"] td[data-reference]`).textContent()).toBe(
        percent(rung.testAccuracy),
      );
    }
    const yours = ladder.locator('td[data-yours="ladder-augment"]');
    expect(await yours.textContent()).toBe('not run yet');
    await page.evaluate(
      ([key]) =>
        localStorage.setItem(
          key as string,
          JSON.stringify({ 'ladder-augment': { accuracy: 0.4125, savedAt: '2026-12-02T10:00:00.000Z' } }),
        ),
      [READER_LADDER_KEY],
    );
    await page.reload();
    await expect.poll(() => yours.textContent(), SLOW).toMatch(/^41\.3% \(/);
    expect(await ladder.locator('td[data-yours="ladder-modern"]').textContent()).toBe('not run yet');
  });

  it("opens the CIFAR-10 trainer on a rung's preset from its link", async () => {
    const page = await open(chapter);
    await page.locator('ml-ladder tr[data-rung="ladder-modern"] a').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('cifar'), SLOW).toBe('preset:ladder-modern');
    await expect.poll(() => checkedPreset(page, 'cifar10'), SLOW).toBe('ladder-modern');
  });
});
