import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { type RecordedPage, useBrowserSession } from './browser';

const rootUrl = inject('rootUrl');
const baseUrl = inject('baseUrl');
const session = useBrowserSession();

async function open(
  url: string,
  setup?: (context: BrowserContext) => Promise<unknown>,
): Promise<RecordedPage> {
  const recorded = await session.newPage();
  await setup?.(recorded.page.context());
  await recorded.page.goto(url);
  // The island's module loads lazily; clicks before it mounts would go nowhere.
  await recorded.page.waitForSelector('ml-dataset-explorer[data-ready="true"]', { state: 'attached' });
  return recorded;
}

function explorer(page: Page) {
  return page.locator('ml-dataset-explorer');
}

/** Clicks "show samples" and waits until the current dataset is drawn. */
async function loadSamples(page: Page): Promise<void> {
  await explorer(page).locator('[data-load]').click();
  await page.waitForSelector('ml-dataset-explorer[data-state="ready"]', { timeout: 60_000 });
}

/** How many drawn canvases hold any non-black pixel. */
function paintedCanvases(page: Page): Promise<number> {
  return explorer(page)
    .locator('[data-grid] canvas')
    .evaluateAll(
      (canvases) =>
        (canvases as HTMLCanvasElement[]).filter((canvas) => {
          const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
          return Array.from(data).some((value, index) => index % 4 !== 3 && value > 0);
        }).length,
    );
}

const cases = [
  {
    lang: 'ja',
    url: `${rootUrl}ja/guide/datasets/`,
    digitCaption: '3：読み込んだテスト画像',
    cifarClass: '猫',
    firstCifarClass: '飛行機',
    total: '合計',
  },
  {
    lang: 'en',
    url: `${baseUrl}en/guide/datasets/`,
    digitCaption: '3: test images 1–24',
    cifarClass: 'cat',
    firstCifarClass: 'airplane',
    total: 'Total',
  },
] as const;

describe('the dataset explorer', () => {
  it.each(cases)('shows MNIST and CIFAR-10 samples with their class names ($lang)', async (example) => {
    const { page, foreignRequests } = await open(example.url);
    const root = explorer(page);
    const counts = root.locator('[data-counts]');
    await counts.waitFor();
    await expect
      .poll(() => counts.locator('tfoot').textContent())
      .toMatch(new RegExp(`${example.total}60,00010,000`));

    await loadSamples(page);
    const digitTabs = root.locator('[data-classes] [role="tab"]');
    expect(await digitTabs.allTextContents()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    await digitTabs.nth(3).click();
    expect(await root.locator('[data-caption]').textContent()).toContain(example.digitCaption);
    expect(await root.locator('[data-grid] canvas').count()).toBe(24);
    expect(await paintedCanvases(page)).toBe(24);
    expect(await root.locator('[data-grid] canvas').first().getAttribute('aria-label')).toMatch(/^3/);

    // Keyboard: from the MNIST tab, the right arrow selects CIFAR-10.
    await root.locator('[role="tab"][data-dataset="mnist"]').focus();
    await page.keyboard.press('ArrowRight');
    const cifarTab = root.locator('[role="tab"][data-dataset="cifar10"]');
    expect(await cifarTab.getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.dataset)).toBe(
      'cifar10',
    );
    await expect
      .poll(() => root.locator('[data-counts-body] tr').first().textContent())
      .toBe(`${example.firstCifarClass}5,0001,000`);
    await loadSamples(page);
    const classTabs = root.locator('[data-classes] [role="tab"]');
    expect(await classTabs.count()).toBe(10);
    expect(await classTabs.first().textContent()).toBe(example.firstCifarClass);
    // Arrow keys walk the class tabs too: airplane → … → cat is three steps right.
    await classTabs.first().focus();
    for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowRight');
    expect(await classTabs.nth(3).getAttribute('aria-selected')).toBe('true');
    expect(await classTabs.nth(3).textContent()).toBe(example.cifarClass);
    expect(await root.locator('[data-caption]').textContent()).toContain(example.cifarClass);
    expect(await paintedCanvases(page)).toBe(24);
    expect(await root.locator('[data-grid] canvas').first().getAttribute('aria-label')).toContain(
      example.cifarClass,
    );
    await root.locator('[data-next]').click();
    expect(await root.locator('[data-page]').textContent()).toMatch(/2/);

    // Time from asking to the first verified batch on screen, cold cache, for the report.
    const timing = await root.evaluate((element) => ({ ...(element as HTMLElement).dataset }));
    console.log(
      `[explorer ${example.lang}] first verified test shard: mnist ${timing.mnistMs} ms, cifar10 ${timing.cifar10Ms} ms`,
    );
    expect(foreignRequests(example.url)).toEqual([]);
  });

  it('fetches no shard twice across a reload (Cache Storage)', async () => {
    const { page, requests } = await open(`${rootUrl}en/guide/datasets/`);
    const shardRequests = () => requests.filter((url) => url.endsWith('.bin'));
    // Reading the page downloads no shard: only the reader's click does.
    await explorer(page).locator('[data-counts]').waitFor();
    expect(shardRequests()).toEqual([]);
    await loadSamples(page);
    expect(shardRequests()).toEqual([`${rootUrl}data/mnist/test-000.bin`]);
    await page.reload();
    await loadSamples(page);
    expect(await paintedCanvases(page)).toBe(24);
    expect(shardRequests()).toEqual([`${rootUrl}data/mnist/test-000.bin`]);
  });

  it('refuses a tampered shard with a clear error and draws nothing from it', async () => {
    const { page } = await open(`${rootUrl}en/guide/datasets/`, (context) =>
      context.route('**/data/mnist/test-000.bin', async (route) => {
        const response = await route.fetch();
        const body = await response.body();
        body[body.length >> 1] = (body[body.length >> 1] as number) ^ 0x55;
        await route.fulfill({ response, body });
      }),
    );
    const root = explorer(page);
    await root.locator('[data-load]').click();
    await page.waitForSelector('ml-dataset-explorer[data-state="error"]', { timeout: 60_000 });
    const error = await root.locator('[data-error]').textContent();
    expect(error).toMatch(
      /mnist\/test-000\.bin failed its integrity check \(expected SHA-256 [0-9a-f]{64}, got [0-9a-f]{64}\)/,
    );
    expect(error).toContain('None of its data was used');
    expect(await root.locator('[data-grid] canvas').count()).toBe(0);
    expect(await root.locator('[data-browser]').isHidden()).toBe(true);
    expect(await root.getAttribute('data-mnist-ms')).toBeNull();
  });

  it('says when its worker fails, and Try again loads the samples on a fresh worker', async () => {
    let failWorker = true;
    const { page } = await open(`${rootUrl}en/guide/datasets/`, (context) =>
      context.route(/explorer-worker[^/]*\.js(\?.*)?$/, (route) =>
        failWorker
          ? route.fulfill({
              status: 200,
              contentType: 'text/javascript',
              body: "throw new Error('explorer worker crashed on purpose');",
            })
          : route.continue(),
      ),
    );
    const root = explorer(page);
    await root.locator('[data-load]').click();
    await page.waitForSelector('ml-dataset-explorer[data-state="error"]', { timeout: 60_000 });
    const error = root.locator('[data-error]');
    expect(await error.textContent()).toContain("the page's background worker failed");
    expect(await root.locator('[data-load]').isDisabled()).toBe(false);

    failWorker = false;
    await error.getByRole('button', { name: 'Try again' }).click();
    await page.waitForSelector('ml-dataset-explorer[data-state="ready"]', { timeout: 60_000 });
    expect(await error.isHidden()).toBe(true);
    expect(await paintedCanvases(page)).toBe(24);
  });

  it('says how to build CIFAR-10 when it is missing', async () => {
    const { page } = await open(`${rootUrl}ja/guide/datasets/`, (context) =>
      context.route('**/data/cifar10/manifest.json', (route) => route.fulfill({ status: 404 })),
    );
    const root = explorer(page);
    await root.locator('[role="tab"][data-dataset="cifar10"]').click();
    await page.waitForSelector('ml-dataset-explorer[data-state="missing"]');
    const notice = await root.locator('[data-missing]').textContent();
    expect(notice).toContain('CIFAR-10がまだ作られていません');
    expect(notice).toContain('npm run data -- --cifar10-source');
    expect(await root.locator('[data-load]').isHidden()).toBe(true);
  });
});
