import { createHash } from 'node:crypto';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type RecordedPage, useBrowserSession } from './browser';
import { benchmarkMlpOnWasm, mlpOnWasmCell, waitForPhase } from './islands';

const rootUrl = inject('rootUrl');
const baseUrl = inject('baseUrl');
const session = useBrowserSession();

/** A page that records every content security policy violation and every request. */
interface WatchedPage extends RecordedPage {
  /**
   * Violations reported to the page's current document, and console messages that mention
   * the policy since the last call.
   */
  violations(): Promise<string[]>;
}

const watched: WatchedPage[] = [];

/** A watched page in a fresh context; it opens `url` unless that is null. */
async function openWatched(url: string | null, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  // With the service worker on, so that it is held to the policy as well.
  const recorded = await session.newPage({ serviceWorkers: 'allow', ...options });
  const { page } = recorded;
  const console: string[] = [];
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener(
      'securitypolicyviolation',
      (event) =>
        seen.push(
          `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber} (${event.sample})`,
        ),
      true,
    );
  });
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) console.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => {
    if (/content security policy/i.test(error.message)) console.push(`error: ${error.message}`);
  });
  if (url) await page.goto(url);
  const result: WatchedPage = {
    ...recorded,
    async violations() {
      const reported = await page
        .evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])
        .catch(() => []);
      return [...reported, ...console.splice(0)];
    },
  };
  watched.push(result);
  return result;
}

// Every page opened in a test must end with no violation and no request to another origin.
afterEach(async () => {
  for (const page of watched.splice(0)) {
    expect(await page.violations(), page.page.url()).toEqual([]);
    expect(page.foreignRequests(page.page.url())).toEqual([]);
  }
});

/** Of `urls`, those on another origin than the site's (data: and blob: URLs are local). */
function foreign(urls: string[]): string[] {
  return urls.filter((url) => !/^(data|blob):/.test(url) && new URL(url).origin !== new URL(rootUrl).origin);
}

/** Paths of every page in the sitemap, read from the served site. */
async function sitemapPaths(): Promise<string[]> {
  const index = await (await fetch(`${rootUrl}sitemap-index.xml`)).text();
  const paths: string[] = [];
  for (const [, sitemap] of index.matchAll(/<loc>([^<]+)<\/loc>/g)) {
    const xml = await (await fetch(new URL(new URL(sitemap as string).pathname, rootUrl))).text();
    for (const [, loc] of xml.matchAll(/<loc>([^<]+)<\/loc>/g)) paths.push(new URL(loc as string).pathname);
  }
  return paths;
}

/**
 * Inline `<script>` and `<style>` elements of a page's HTML whose SHA-256 its policy does not
 * list. Checked on the HTML itself, because a script placed before the policy's `<meta>` (as
 * Starlight's theme script is) runs unchecked by the browser.
 */
function unhashedInline(html: string): string[] {
  const policy = /<meta http-equiv="content-security-policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
  const missing: string[] = [];
  for (const [, tag, attributes, body] of html.matchAll(/<(script|style)\b([^>]*)>([\s\S]*?)<\/\1>/g)) {
    if (/\bsrc=/.test(attributes ?? '') || !body) continue;
    const hash = `sha256-${createHash('sha256').update(body).digest('base64')}`;
    if (!policy.includes(`'${hash}'`)) missing.push(`<${tag}${attributes}> ${body.trim().slice(0, 60)}…`);
  }
  return missing;
}

function policyOf(page: Page): Promise<string | null> {
  return page
    .locator('meta[http-equiv="content-security-policy"]')
    .getAttribute('content', { timeout: 5_000 });
}

describe('the content security policy', () => {
  it('is on every page of the sitemap, allows no other origin and no unhashed inline script, and is never violated', async () => {
    const paths = await sitemapPaths();
    expect(paths.length).toBeGreaterThan(20);
    // One tab walks the whole site, as a reader does: the service worker installs and
    // precaches once, then serves the later pages under the same policy.
    const watchedTab = await openWatched(null, { locale: 'en-GB' });
    const { page, allRequests } = watchedTab;
    for (const path of [...paths, '/404.html']) {
      const html = await (await fetch(new URL(path, rootUrl))).text();
      expect(unhashedInline(html), path).toEqual([]);
      const before = allRequests.length;
      await page.goto(new URL(path, rootUrl).href);
      await page.waitForLoadState('networkidle');
      const policy = (await policyOf(page)) ?? '';
      expect(policy, path).toContain("default-src 'self'");
      const scriptSrc = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
      expect(scriptSrc, path).not.toMatch(/'unsafe-inline'|'unsafe-eval'|https?:|\*/);
      expect(/style-src ([^;]*)/.exec(policy)?.[1] ?? '', path).not.toContain("'unsafe-inline'");
      // The root page redirects by an inline script, which only runs when its hash is allowed.
      if (path === '/') await page.waitForURL(/\/en\/$/);
      expect(await watchedTab.violations(), path).toEqual([]);
      expect(foreign(allRequests.slice(before)), path).toEqual([]);
    }
  }, 300_000);

  it('holds under a base path too', async () => {
    const root = await openWatched(baseUrl, { locale: 'ja-JP' });
    await root.page.waitForURL(/\/guide\/ja\/$/);
    await openWatched(`${baseUrl}en/guide/first-model/`);
  });

  it('lets search run and find a page', async () => {
    const { page } = await openWatched(`${rootUrl}en/`);
    await page.locator('site-search button[data-open-modal]:not([disabled])').click();
    await page.locator('dialog[open] input.pagefind-ui__search-input').fill('plant');
    await page.locator('dialog[open] .pagefind-ui__result-link').first().waitFor({ timeout: 20_000 });
    // Pagefind's form has `action="javascript:…"`: submitting it must not trip form-action.
    await page.keyboard.press('Enter');
  });

  it('lets the math islands and the study plan run', async () => {
    const math = await openWatched(`${rootUrl}en/guide/minimum-math/`);
    const matrix = math.page.locator('ml-matrix-multiply');
    await expect
      .poll(() => matrix.locator('[data-output]').textContent(), { timeout: 15_000 })
      .toContain('[3×3]');
    await matrix.locator('[data-result] button').nth(3).click();
    await math.page
      .locator('ml-gradient-descent')
      .getByRole('button', { name: 'Take 10 steps' })
      .first()
      .click();
    await math.page.locator('ml-bayes-posterior input[name="prior"]').fill('120');

    const plan = await openWatched(`${rootUrl}en/guide/study-rhythm/`, { acceptDownloads: true });
    await plan.page.locator('ml-study-plan[data-ready]').waitFor();
    await plan.page.getByLabel('Monday: hours').fill('3');
    await plan.page.getByLabel('Monday: hours').press('Tab');
    await Promise.all([
      plan.page.waitForEvent('download'),
      plan.page.getByRole('button', { name: 'Download calendar (.ics)' }).click(),
    ]);
  });

  it('lets the dataset explorer load and draw both datasets', async () => {
    const { page } = await openWatched(`${rootUrl}en/guide/datasets/`);
    await page.waitForSelector('ml-dataset-explorer[data-ready="true"]', { state: 'attached' });
    await page.locator('ml-dataset-explorer [data-load]').click();
    await page.waitForSelector('ml-dataset-explorer[data-state="ready"]', { timeout: 60_000 });
    await page.locator('ml-dataset-explorer [role="tab"][data-dataset="cifar10"]').click();
    await page.locator('ml-dataset-explorer [data-load]').click();
    await page.waitForSelector('ml-dataset-explorer[data-state="ready"]', { timeout: 60_000 });
  });

  it("lets the benchmark compile TF.js's WebAssembly on the page", async () => {
    const { page } = await openWatched(`${rootUrl}en/guide/hardware/`);
    await benchmarkMlpOnWasm(page);
    await page
      .locator('ml-benchmark [data-status]')
      .filter({ hasText: 'Done: 1 measurement.' })
      .waitFor({ timeout: 120_000 });
    // A number, not a failure: TF.js compiled its WebAssembly under 'wasm-unsafe-eval'.
    const cell = await mlpOnWasmCell(page);
    expect(Number((cell ?? '').replace(/,/g, ''))).toBeGreaterThan(0);
  }, 180_000);

  it('lets both trainers run a tiny training to the end', async () => {
    const { page } = await openWatched(
      `${rootUrl}en/guide/first-model/?mnist=n:100,test:100,bs:50,evals:1&cifar=n:100,test:100,bs:50,evals:1`,
    );
    for (const dataset of ['mnist', 'cifar10']) {
      const island = page.locator(`ml-trainer[data-dataset="${dataset}"]`);
      await island.locator('button[data-action="start"]').click();
      await waitForPhase(island, ['finished'], 240_000);
    }
  }, 300_000);
});
