/**
 * The browser half of `npm run screenshots`: serves the built site (it builds nothing), opens
 * every planned page in headless Chromium at the planned width and colour scheme, checks that
 * Starlight chose that theme, and writes full-page PNGs and an `index.html` to one folder.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import {
  pagePaths,
  planShots,
  renderIndex,
  type Shot,
  selectPages,
  sitemapLocations,
  type Theme,
} from './screenshot-plan.ts';
import { serveFolder } from './static-server.ts';

export interface ScreenshotOptions {
  /** The built site (`dist/`). */
  distDir: string;
  outDir: string;
  /** Comma-separated site paths; every page of the sitemap when absent. */
  pages?: string;
  command: string;
  log: (line: string) => void;
}

/** Every page the built site's sitemap lists, as site paths. */
export function builtPages(distDir: string): string[] {
  const index = join(distDir, 'sitemap-index.xml');
  if (!existsSync(index)) {
    throw new Error(
      `No sitemap in ${distDir}/: run \`npm run build\` first (npm run screenshots builds nothing).`,
    );
  }
  const locations = sitemapLocations(readFileSync(index, 'utf8')).flatMap((location) => {
    const file = join(distDir, new URL(location).pathname.split('/').pop() as string);
    return sitemapLocations(readFileSync(file, 'utf8'));
  });
  return pagePaths(locations);
}

async function shoot(browser: Browser, siteUrl: string, outDir: string, group: Shot[]): Promise<void> {
  const [first] = group;
  if (!first) return;
  const context = await browser.newContext({
    viewport: { width: first.width, height: 800 },
    colorScheme: first.theme,
    serviceWorkers: 'block',
  });
  try {
    const page = await context.newPage();
    for (const shot of group) {
      await page.goto(new URL(shot.path.slice(1), siteUrl).href, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const theme = await page.getAttribute('html', 'data-theme');
      if (theme !== shot.theme) {
        throw new Error(`${shot.path} showed the ${theme} theme where ${shot.theme} was asked for.`);
      }
      await page.screenshot({ path: join(outDir, shot.file), fullPage: true });
    }
  } finally {
    await context.close();
  }
}

/** Takes every shot; returns them in plan order. */
export async function takeScreenshots(options: ScreenshotOptions): Promise<Shot[]> {
  const known = builtPages(options.distDir);
  const shots = planShots(selectPages(known, options.pages));
  mkdirSync(options.outDir, { recursive: true });
  // Old shots of pages that no longer exist would mislead a reviewer.
  for (const file of readdirSync(options.outDir)) {
    if (file.endsWith('.png')) rmSync(join(options.outDir, file));
  }
  const server = await serveFolder(options.distDir);
  const browser = await launchBrowser();
  try {
    // One browser context per theme and width, reused page after page.
    const groups = new Map<string, Shot[]>();
    for (const shot of shots) {
      const key = `${shot.theme} ${shot.width}`;
      groups.set(key, [...(groups.get(key) ?? []), shot]);
    }
    for (const [key, group] of groups) {
      options.log(`${key}: ${group.length} pages`);
      await shoot(browser, server.url, options.outDir, group);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  writeFileSync(
    join(options.outDir, 'index.html'),
    renderIndex(shots, { date: new Date().toISOString(), command: options.command }),
  );
  return shots;
}

export type { Shot, Theme };
