import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { findChromium } from '../../scripts/lib/find-chromium';

/**
 * The browser is `PLAYWRIGHT_CHROMIUM_EXECUTABLE`, else a system Chromium or Chrome, else
 * Playwright's own (see scripts/lib/find-chromium.ts; the e2e global setup installs it when needed).
 */
export function chromiumExecutable(): string | undefined {
  return findChromium();
}

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable(),
    headless: true,
    args: [
      // Root in a container has no user namespace sandbox.
      '--no-sandbox',
      // Keep Chromium from calling home: the machine has no network and we assert on requests.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/** A page that remembers every request it made, to prove the site talks to no other origin. */
export interface RecordedPage {
  page: Page;
  requests: string[];
  /** Requests whose origin is not `origin` (data: and blob: URLs are local and allowed). */
  foreignRequests(origin: string): string[];
  close(): Promise<void>;
}

export async function openRecordedPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<RecordedPage> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  return {
    page,
    requests,
    foreignRequests: (origin) =>
      requests.filter((url) => !/^(data|blob):/.test(url) && new URL(url).origin !== new URL(origin).origin),
    close: () => context.close(),
  };
}

/** The browser of one test file and every page its tests opened. */
export interface BrowserSession {
  /** Pages opened through `newPage`, in order; all closed when the file ends. */
  readonly opened: readonly RecordedPage[];
  /** Opens a recording page in a fresh context; call it inside tests or hooks, not at import. */
  newPage(options?: BrowserContextOptions): Promise<RecordedPage>;
}

/**
 * Starts one Chromium for the calling test file (in `beforeAll`) and, in `afterAll`, checks
 * (with `assertSameOrigin`) that no page it opened requested another origin, then closes
 * every page and the browser, so no file leaves a browser behind when a test fails.
 */
export function useBrowserSession(options: { extraArgs?: string[]; assertSameOrigin?: boolean } = {}) {
  let browser: Browser | undefined;
  const opened: RecordedPage[] = [];
  beforeAll(async () => {
    browser = await launchBrowser(options.extraArgs);
  });
  afterAll(async () => {
    try {
      if (options.assertSameOrigin) {
        for (const recorded of opened) expect(recorded.foreignRequests(recorded.page.url())).toEqual([]);
      }
    } finally {
      for (const recorded of opened) await recorded.close().catch(() => undefined);
      await browser?.close();
    }
  });
  const session: BrowserSession = {
    opened,
    async newPage(contextOptions = {}) {
      if (!browser)
        throw new Error('The browser starts in beforeAll: open pages inside tests, not at import.');
      const recorded = await openRecordedPage(browser, contextOptions);
      opened.push(recorded);
      return recorded;
    },
  };
  return session;
}
