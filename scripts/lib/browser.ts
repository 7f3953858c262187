/**
 * Headless Chromium for the scripts (`bench.ts`, `social-card.ts`) and the end-to-end tests
 * (`tests/e2e/browser.ts` adds the per-file session): one launcher, so all of them run the
 * same browser with the same flags.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

/**
 * The browser is `PLAYWRIGHT_CHROMIUM_EXECUTABLE`, else Debian's `/usr/bin/chromium`,
 * else Playwright's own (on a developer machine where it was installed).
 */
export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (fromEnv) return fromEnv;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
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
