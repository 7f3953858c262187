import { readFileSync } from 'node:fs';

/** The build the e2e tests read (`OUT_DIR`, default `dist`). */
export const OUT_DIR = (process.env.OUT_DIR || 'dist').replace(/\/+$/, '');

/** Paths in the build's sitemap (it names the production origin, so only paths are kept). */
export function sitemapPaths(): string[] {
  const locs = (xml: string) =>
    [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? '').pathname);
  const sitemaps = locs(readFileSync(`${OUT_DIR}/sitemap-index.xml`, 'utf8'));
  return sitemaps.flatMap((sitemap) => locs(readFileSync(`${OUT_DIR}${sitemap}`, 'utf8')));
}

/** Island roots: each is one custom element carrying the shared `island` class; see src/islands/. */
export const ISLANDS = '.trainer, .benchmark, .dataset-explorer, .study-plan, .math-island';
