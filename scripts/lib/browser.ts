/**
 * Headless Chromium for the scripts (`bench.ts`, `social-card.ts`) and the end-to-end tests
 * (`tests/e2e/browser.ts` adds the per-file session): one launcher, so all of them run the
 * same browser with the same flags.
 */
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { findChromium } from './find-chromium.ts';

/**
 * The browser is `PLAYWRIGHT_CHROMIUM_EXECUTABLE`, else a system Chromium or Chrome, else
 * Playwright's own (see find-chromium.ts; the e2e global setup installs it when needed).
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
  /**
   * What the page and its workers asked for (served by the network or by the service
   * worker), without the service worker's own fetches: precaching the site is not the page
   * loading that code.
   */
  requests: string[];
  /** Every request of the context, the service worker's included. */
  allRequests: string[];
  /** Requests (service worker's included) whose origin is not `origin` (data: and blob: URLs are local and allowed). */
  foreignRequests(origin: string): string[];
  close(): Promise<void>;
}

export async function openRecordedPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<RecordedPage> {
  // The service worker is off unless a test asks for it (offline and CSP tests): tests that
  // route a request to fake a fault need it to reach the network, not the precache.
  const context = await browser.newContext({ serviceWorkers: 'block', ...options });
  const page = await context.newPage();
  const requests: string[] = [];
  const allRequests: string[] = [];
  context.on('request', (request) => {
    allRequests.push(request.url());
    if (!request.serviceWorker()) requests.push(request.url());
  });
  return {
    page,
    requests,
    allRequests,
    foreignRequests: (origin) =>
      allRequests.filter(
        (url) => !/^(data|blob):/.test(url) && new URL(url).origin !== new URL(origin).origin,
      ),
    close: () => context.close(),
  };
}
