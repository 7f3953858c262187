import type { Page } from 'playwright-core';

/**
 * Types `query` into Starlight's search dialog (opening it when closed) and returns the paths
 * of the results once Pagefind's list has settled.
 *
 * Pagefind first shows "Searching for …" with the query in it, then the list, in which each
 * result stays a placeholder until its own data has loaded. Reading the links as soon as the
 * first appears returns a partial list when the machine is busy (this once dropped chapter 8
 * from a full run), so this waits until every listed result has its link. Clearing the box
 * first makes Pagefind drop the previous query's list, so that list can never be read instead.
 */
export async function searchPaths(page: Page, query: string): Promise<string[]> {
  if ((await page.locator('dialog[open]').count()) === 0) {
    await page.locator('site-search button[data-open-modal]:not([disabled])').click();
  }
  const input = page
    .locator('dialog[open] input[type="search"], dialog[open] input.pagefind-ui__search-input')
    .first();
  await input.fill('');
  await page.waitForFunction(() => !document.querySelector('dialog[open] .pagefind-ui__results'));
  await input.fill(query);
  const settled = await page.waitForFunction(
    (term) => {
      const dialog = document.querySelector('dialog[open]');
      const message = dialog?.querySelector('.pagefind-ui__message')?.textContent ?? '';
      const items = [...(dialog?.querySelectorAll('.pagefind-ui__results > .pagefind-ui__result') ?? [])];
      const links = items.map((item) => item.querySelector<HTMLAnchorElement>('a.pagefind-ui__result-link'));
      if (!message.includes(term) || items.length === 0 || links.some((link) => !link)) return false;
      return links.map((link) => new URL(link?.href ?? '').pathname);
    },
    query,
    { timeout: 20_000 },
  );
  return (await settled.jsonValue()) as string[];
}
