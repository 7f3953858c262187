import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** A way in which the two language editions of the guide fail to mirror each other. */
export interface TwinProblem {
  /** Path relative to the locale folder, e.g. `guide/decide.mdx`. */
  path: string;
  /** Human-readable description naming the locale and what to do. */
  message: string;
}

const PAGE = /\.mdx?$/;

/** Lists every Markdown/MDX page under `dir`, as paths relative to it, sorted. */
export async function listPages(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && PAGE.test(entry.name))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Returns the sequence of Markdown heading levels in a page (`## A`, `### B` → [2, 3]),
 * ignoring fenced code, so twins can be checked for the same outline.
 */
export function headingOutline(source: string): number[] {
  const levels: number[] = [];
  let fenced = false;
  for (const line of source.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const match = /^(#{2,6})\s+\S/.exec(line);
    if (match?.[1]) levels.push(match[1].length);
  }
  return levels;
}

/**
 * Compares the locale folders under `docsRoot` (e.g. `src/content/docs/{ja,en}`) and
 * reports pages that have no twin, and twins whose heading outlines differ.
 */
export async function findTwinProblems(docsRoot: string, locales: readonly string[]): Promise<TwinProblem[]> {
  const pagesByLocale = new Map<string, Set<string>>();
  for (const locale of locales) {
    pagesByLocale.set(locale, new Set(await listPages(join(docsRoot, locale))));
  }
  const allPaths = [...new Set([...pagesByLocale.values()].flatMap((set) => [...set]))].sort();
  const problems: TwinProblem[] = [];
  for (const path of allPaths) {
    const present = locales.filter((locale) => pagesByLocale.get(locale)?.has(path));
    const missing = locales.filter((locale) => !present.includes(locale));
    for (const locale of missing) {
      problems.push({
        path,
        message: `${path} exists in ${present.join(', ')} but not in ${locale}: add ${join(docsRoot, locale, path)} or remove its twin.`,
      });
    }
    if (missing.length > 0) continue;
    const outlines = await Promise.all(
      locales.map(async (locale) => headingOutline(await readFile(join(docsRoot, locale, path), 'utf8'))),
    );
    const first = JSON.stringify(outlines[0]);
    outlines.forEach((outline, index) => {
      if (JSON.stringify(outline) !== first) {
        problems.push({
          path,
          message: `${path}: heading levels differ between ${locales[0]} ${first} and ${locales[index]} ${JSON.stringify(outline)}; twins must share one outline.`,
        });
      }
    });
  }
  return problems;
}
