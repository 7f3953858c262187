import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Result } from 'axe-core';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from './browser';
import { ISLANDS, OUT_DIR, sitemapPaths } from './sitemap';

/**
 * The accessibility gate: axe over every page of the built sitemap, in both languages and
 * both colour themes, and a keyboard walk through every island. Each page loads once: light
 * first (every axe rule, then the keyboard walk), then the reader's scheme turns dark on the
 * same page, as Starlight follows it live (every colour here hangs on `data-theme`: the
 * site's and islands' CSS, and the charts, which watch it), for the contrast check.
 */
const rootUrl = inject('rootUrl');
const session = useBrowserSession();

const PATHS = sitemapPaths();

/**
 * Moderate and minor findings accepted, by axe rule id, each with the reason. Serious and
 * critical ones are never accepted. Empty: every finding so far was fixed (Starlight's search
 * button name, repeated aside titles, scrolling code blocks, empty table headers, contrast).
 */
const ACCEPTED: Record<string, string> = {};

function describeViolations(violations: Result[]): string[] {
  return violations.map(
    (v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

/**
 * axe over `page`, run by `axe.run` in the page itself (legacy mode). The default mode runs
 * axe in each frame and then finishes in a blank page it opens for every check, which made
 * each check several times slower; it differs only on cross-origin frames, and the built site
 * has no frame and loads nothing from another origin (the CSP test proves that).
 */
function axe(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).setLegacyMode();
}

/** The one tab the whole walk happens in: a new context per page only repeated the browser's start-up work. */
let tab: Page | undefined;

/**
 * Opens `path` in the light theme and waits until the search and every island on it are
 * defined (their custom elements upgraded), so axe sees the page as a reader does. The root
 * only redirects by language: a policy that forbids its scripts keeps it in place, as a reader
 * without JavaScript sees it.
 */
async function openPage(path: string): Promise<Page> {
  if (!tab) {
    tab = (await session.newPage()).page;
    await tab.route(new URL(rootUrl).href, async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'content-security-policy': "script-src 'none'" },
      });
    });
  }
  const page = tab;
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(new URL(path.slice(1), rootUrl).href);
  if (path !== '/') {
    // Some of Starlight's tags (sl-sidebar-state-persist) are never defined: wait for the search and the islands.
    await page.waitForFunction(
      (islands) =>
        document.readyState === 'complete' &&
        !document.querySelector(
          ['site-search', ...islands.split(', ')].map((selector) => `${selector}:not(:defined)`).join(', '),
        ),
      ISLANDS,
    );
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  }
  return page;
}

/** Tabs through every island on `page`, checking every control is reached and shows its focus. */
async function tabThroughIslands(page: Page, path: string): Promise<void> {
  const islands = await page.locator(ISLANDS).count();
  expect(islands).toBeGreaterThan(0);
  for (let index = 0; index < islands; index += 1) {
    // Mark the island's tabbable controls and put a focus anchor just before the island.
    const controls = await page
      .locator(ISLANDS)
      .nth(index)
      .evaluate((island) => {
        const tabbable = [
          ...island.querySelectorAll<HTMLElement>(
            'a[href], button, input, select, textarea, summary, [tabindex]',
          ),
        ].filter(
          (element) =>
            element.tabIndex >= 0 &&
            !element.matches(':disabled') &&
            !element.closest('[hidden], [inert]') &&
            // A closed disclosure's content is skipped by Tab until the reader opens it
            // (Chromium still gives it boxes, so the size check below does not tell).
            !element.closest('details:not([open]) > :not(summary)') &&
            element.getClientRects().length > 0,
        );
        // A radio group is one Tab stop (arrow keys move within it, as the ARIA radio
        // pattern and every browser do): its radios share one control number.
        const groupOf = new Map<string, string>();
        let count = 0;
        for (const element of tabbable) {
          const group =
            element instanceof HTMLInputElement && element.type === 'radio' && element.name
              ? `radio:${element.name}`
              : null;
          const known = group ? groupOf.get(group) : undefined;
          if (known !== undefined) {
            element.dataset.a11yControl = known;
            continue;
          }
          element.dataset.a11yControl = String(count);
          if (group) groupOf.set(group, String(count));
          count += 1;
        }
        const anchor = document.createElement('span');
        anchor.tabIndex = -1;
        anchor.dataset.a11yAnchor = '';
        island.before(anchor);
        anchor.focus();
        return count;
      });
    expect(controls, `island ${index} on ${path} has controls`).toBeGreaterThan(0);
    // Tab until focus leaves the island. A date or time input takes several Tab stops
    // (its fields, its picker), drawn by the browser: only the first stop on each element
    // must show the island's outline.
    const reached: { control: string; outlined: boolean; name: string }[] = [];
    for (let stop = 0; stop < 400; stop += 1) {
      await page.keyboard.press('Tab');
      const focused = await page
        .locator(ISLANDS)
        .nth(index)
        .evaluate((island) => {
          const element = document.activeElement as HTMLElement;
          if (!island.contains(element)) return undefined;
          element.dataset.a11yControl ??= `extra-${document.querySelectorAll('[data-a11y-control^="extra-"]').length}`;
          const label = element.closest('label');
          const ringed = (s: CSSStyleDeclaration) =>
            (s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
          return {
            control: element.dataset.a11yControl,
            // A hidden file input shows its focus on the label that wraps it.
            outlined:
              ringed(getComputedStyle(element)) || (label !== null && ringed(getComputedStyle(label))),
            name: element.outerHTML.slice(0, 80),
          };
        });
      if (!focused) break;
      if (reached.at(-1)?.control !== focused.control) reached.push(focused);
    }
    const reachedControls = new Set(reached.map((r) => r.control));
    const missed = Array.from({ length: controls }, (_, i) => String(i)).filter(
      (c) => !reachedControls.has(c),
    );
    expect(missed, `controls of island ${index} that Tab skips`).toEqual([]);
    expect(reached.filter((r) => !r.outlined).map((r) => r.name)).toEqual([]);
    await page.evaluate(() => document.querySelector('[data-a11y-anchor]')?.remove());
  }
  // Leave nothing focused, so the next check sees the page at rest.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** Pages whose built HTML holds an island. */
const ISLAND_PATHS = PATHS.filter((path) =>
  /<ml-(?:trainer|reproduce|benchmark|dataset-explorer|study-plan|bayes-posterior|gradient-descent|matrix-multiply)[\s>]/.test(
    readFileSync(`${OUT_DIR}${path}index.html`, 'utf8'),
  ),
);

/** The tones of the shared notice (src/styles/islands.css): info is the default. */
const NOTICE_TONES = ['info', 'success', 'warning', 'error'];

/**
 * Shows what a reader meets later in every island on `page`: the table twins behind
 * <details>, and the notices the islands raise while they run (the shared .island-notice,
 * one per tone). Marks each island `data-a11y-island="<index>"` and returns how many there are.
 */
function revealIslands(page: Page): Promise<number> {
  return page.evaluate(
    ({ islands, tones }) => {
      const roots = [...document.querySelectorAll<HTMLElement>(islands)];
      roots.forEach((island, index) => {
        island.dataset.a11yIsland = String(index);
        for (const details of island.querySelectorAll('details')) details.open = true;
        const notices = document.createElement('div');
        notices.dataset.a11yNotices = '';
        for (const tone of tones) {
          const notice = document.createElement('p');
          notice.className = 'island-notice';
          notice.dataset.tone = tone;
          notice.textContent = `A ${tone} notice`;
          notices.append(notice);
        }
        island.prepend(notices);
      });
      return roots.length;
    },
    { islands: ISLANDS, tones: NOTICE_TONES },
  );
}

/** How many of the nodes at `targets` (axe's selectors) lie in each island marked by `revealIslands`. */
function nodesPerIsland(page: Page, targets: unknown[][], islands: number): Promise<number[]> {
  return page.evaluate(
    ({ targets, islands }) => {
      const counts = Array.from({ length: islands }, () => 0);
      for (const target of targets) {
        const selector = target.length === 1 && typeof target[0] === 'string' ? target[0] : undefined;
        const island = selector
          ? document.querySelector(selector)?.closest<HTMLElement>('[data-a11y-island]')
          : null;
        const index = Number(island?.dataset.a11yIsland);
        if (index in counts) counts[index] = (counts[index] ?? 0) + 1;
      }
      return counts;
    },
    { targets, islands },
  );
}

describe('every page of the sitemap passes axe, and its islands work from the keyboard', () => {
  it('covers both languages, page for page', () => {
    const ja = PATHS.filter((path) => path.startsWith('/ja/'));
    const en = PATHS.filter((path) => path.startsWith('/en/'));
    expect(ja.length).toBeGreaterThan(10);
    expect(en.map((path) => path.replace('/en/', '/ja/')).sort()).toEqual(ja.sort());
  });

  it('has islands to check in both languages', () => {
    expect(ISLAND_PATHS.filter((path) => path.startsWith('/ja/')).length).toBeGreaterThanOrEqual(5);
    expect(ISLAND_PATHS.filter((path) => path.startsWith('/en/')).length).toBeGreaterThanOrEqual(5);
  });

  for (const path of PATHS) {
    const hasIslands = ISLAND_PATHS.includes(path);
    describe(path, () => {
      let page: Page;
      beforeAll(async () => {
        page = await openPage(path);
      });

      it('no serious or critical violation, and every lesser one fixed or accepted', async () => {
        // Only violations are read: passes and the rest come back one node per rule.
        const { violations } = await axe(page)
          .options({ resultTypes: ['violations'] })
          .analyze();
        const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(describeViolations(serious)).toEqual([]);
        const unaccepted = violations.filter((v) => !(v.id in ACCEPTED));
        expect(describeViolations(unaccepted)).toEqual([]);
      });

      if (hasIslands) {
        it('Tab reaches every control of every island, each with a visible focus outline', async () => {
          await tabThroughIslands(page, path);
        });
      }

      // Colours are the only thing the theme changes, so the dark pass checks contrast alone.
      it(
        hasIslands
          ? 'enough contrast in the dark theme, in each island too, its tables opened and a notice of every tone shown'
          : 'enough contrast in the dark theme',
        async () => {
          await page.emulateMedia({ colorScheme: 'dark' });
          // The root keeps its scripts off (see openPage), so nothing sets its data-theme.
          if (path !== '/')
            await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
          await page.evaluate(() => window.scrollTo(0, 0));
          const islands = hasIslands ? await revealIslands(page) : 0;
          if (hasIslands) expect(islands).toBeGreaterThan(0);
          const { violations, passes, incomplete } = await axe(page).withRules(['color-contrast']).analyze();
          expect(describeViolations(violations)).toEqual([]);
          // The check saw each island's text: at least the notices and the island's own words.
          const checked = [...passes, ...incomplete].flatMap((result) =>
            result.nodes.map((node) => node.target),
          );
          const perIsland = await nodesPerIsland(page, checked, islands);
          for (const [index, count] of perIsland.entries())
            expect(count, `text nodes checked in island ${index}`).toBeGreaterThan(NOTICE_TONES.length);
        },
      );
    });
  }
});

describe('the trainer speaks to screen readers', () => {
  it('announces training status and epoch politely, and not every step', async () => {
    const page = await openPage('/en/guide/first-model/');
    const trainer = page.locator('ml-trainer').first();
    for (const readout of ['status', 'epoch']) {
      const live = trainer.locator(`[aria-live="polite"]:has([data-readout="${readout}"])`);
      expect(await live.count(), readout).toBe(1);
      expect(await live.getAttribute('aria-atomic')).toBe('true');
    }
    expect(await trainer.locator('[aria-live]:has([data-readout="step"])').count()).toBe(0);
    expect(await trainer.locator('[aria-live="polite"] [data-readout="status"]').textContent()).toBe('Ready');
  });
});
