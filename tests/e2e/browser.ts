/**
 * The browser session of one e2e test file, on the launcher the scripts share
 * (`scripts/lib/browser.ts`).
 */
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, openRecordedPage, type RecordedPage } from '../../scripts/lib/browser.ts';

export type { RecordedPage } from '../../scripts/lib/browser.ts';

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
