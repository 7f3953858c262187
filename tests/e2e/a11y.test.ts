import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Result } from 'axe-core';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from './browser';
import { ISLANDS, OUT_DIR, sitemapPaths } from './sitemap';

/**
 * The accessibility gate: axe over every page of the built sitemap, in both languages and
 * both colour themes, and a keyboard walk through every island.
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
 * Opens `path` and waits until the search and every island on it are defined (their custom
 * elements upgraded), so axe sees the page as a reader does. The root only redirects by language: a
 * policy that forbids its scripts keeps it in place, as a reader without JavaScript sees it.
 */
async function openPage(path: string, colorScheme: 'light' | 'dark'): Promise<Page> {
  const { page } = await session.newPage({ colorScheme });
  if (path === '/') {
    await page.route(new URL(rootUrl).href, async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'content-security-policy': "script-src 'none'" },
      });
    });
  }
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
    await page.waitForFunction((scheme) => document.documentElement.dataset.theme === scheme, colorScheme);
  }
  return page;
}

describe('every page of the sitemap passes axe', () => {
  it('covers both languages, page for page', () => {
    const ja = PATHS.filter((path) => path.startsWith('/ja/'));
    const en = PATHS.filter((path) => path.startsWith('/en/'));
    expect(ja.length).toBeGreaterThan(10);
    expect(en.map((path) => path.replace('/en/', '/ja/')).sort()).toEqual(ja.sort());
  });

  for (const path of PATHS) {
    it(`${path}: no serious or critical violation, and every lesser one fixed or accepted`, async () => {
      const page = await openPage(path, 'light');
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(describeViolations(serious)).toEqual([]);
      const unaccepted = violations.filter((v) => !(v.id in ACCEPTED));
      expect(describeViolations(unaccepted)).toEqual([]);
      await page.context().close();
    });

    // Colours are the only thing the theme changes, so the dark pass checks contrast alone.
    it(`${path}: enough contrast in the dark theme`, async () => {
      const page = await openPage(path, 'dark');
      const { violations } = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
      expect(describeViolations(violations)).toEqual([]);
      await page.context().close();
    });
  }
});

/** Pages whose built HTML holds an island. */
const ISLAND_PATHS = PATHS.filter((path) =>
  /<ml-(?:trainer|reproduce|benchmark|dataset-explorer|study-plan|bayes-posterior|gradient-descent|matrix-multiply)[\s>]/.test(
    readFileSync(`${OUT_DIR}${path}index.html`, 'utf8'),
  ),
);

/** The tones of the shared notice (src/styles/islands.css): info is the default. */
const NOTICE_TONES = ['info', 'success', 'warning', 'error'];

describe('every island is legible in the dark theme', () => {
  for (const path of ISLAND_PATHS) {
    it(`${path}: each island, its tables opened and a notice of every tone shown, meets AA contrast`, async () => {
      const page = await openPage(path, 'dark');
      const count = await page.locator(ISLANDS).count();
      expect(count).toBeGreaterThan(0);
      // Render what a reader meets later: the table twins behind <details>, and the notices
      // the islands raise while they run (the shared .island-notice, one per tone).
      await page.evaluate(
        ({ islands, tones }) => {
          for (const island of document.querySelectorAll(islands)) {
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
          }
        },
        { islands: ISLANDS, tones: NOTICE_TONES },
      );
      for (let index = 0; index < count; index += 1) {
        const island = page.locator(ISLANDS).nth(index);
        await island.evaluate((element) => element.setAttribute('data-a11y-island', ''));
        const { violations, passes, incomplete } = await new AxeBuilder({ page })
          .include('[data-a11y-island]')
          .withRules(['color-contrast'])
          .analyze();
        expect(describeViolations(violations), `island ${index} on ${path}`).toEqual([]);
        // The check saw the island's text: at least the notices and the island's own words.
        const checked = [...passes, ...incomplete].flatMap((result) => result.nodes).length;
        expect(checked, `text nodes checked in island ${index}`).toBeGreaterThan(NOTICE_TONES.length);
        await island.evaluate((element) => element.removeAttribute('data-a11y-island'));
      }
      await page.context().close();
    });
  }
});

describe('islands work from the keyboard', () => {
  it('has islands to check in both languages', () => {
    expect(ISLAND_PATHS.filter((path) => path.startsWith('/ja/')).length).toBeGreaterThanOrEqual(5);
    expect(ISLAND_PATHS.filter((path) => path.startsWith('/en/')).length).toBeGreaterThanOrEqual(5);
  });

  for (const path of ISLAND_PATHS) {
    it(`${path}: Tab reaches every control of every island, each with a visible focus outline`, async () => {
      const page = await openPage(path, 'light');
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
                (s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) > 0) ||
                s.boxShadow !== 'none';
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
      await page.context().close();
    });
  }

  it('announces training status and epoch politely, and not every step', async () => {
    const page = await openPage('/en/guide/first-model/', 'light');
    const trainer = page.locator('ml-trainer').first();
    for (const readout of ['status', 'epoch']) {
      const live = trainer.locator(`[aria-live="polite"]:has([data-readout="${readout}"])`);
      expect(await live.count(), readout).toBe(1);
      expect(await live.getAttribute('aria-atomic')).toBe('true');
    }
    expect(await trainer.locator('[aria-live]:has([data-readout="step"])').count()).toBe(0);
    expect(await trainer.locator('[aria-live="polite"] [data-readout="status"]').textContent()).toBe('Ready');
    await page.context().close();
  });
});
