import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Reads the built site in `${OUT_DIR || 'dist'}` (no browser): no page may repeat the
 * source article's wording, and no page may link into the other language.
 */
const OUT_DIR = (process.env.OUT_DIR || 'dist').replace(/\/+$/, '');
const SOURCE = '/work/shared/source/000_a6a1afcd1b91b511.txt';
const WINDOW = 30;
/** A window counts only if at least half of it is Japanese script: skips code, numbers, names, URLs. */
const MIN_JAPANESE = 15;
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/g;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'pagefind' || entry.name === '_astro' ? [] : htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

/** The visible text of a page: scripts, styles and tags removed, entities decoded, no whitespace. */
function pageText(html: string): string {
  return html
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x?[0-9a-f]+|amp|lt|gt|quot|apos|nbsp);/gi, (_, code: string) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
      if (code[0] !== '#') return named[code.toLowerCase()] ?? '';
      return String.fromCodePoint(
        code[1] === 'x' ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1)),
      );
    })
    .replace(/\s+/g, '');
}

/** The article only (the page debris after the line starting `<<:` is not part of it), whitespace removed. */
function articleText(): string {
  const source = readFileSync(SOURCE, 'utf8');
  const end = source.search(/^<<:/m);
  return (end === -1 ? source : source.slice(0, end)).replace(/\s+/g, '');
}

function sourceWindows(text: string): Set<string> {
  const windows = new Set<string>();
  for (let i = 0; i + WINDOW <= text.length; i++) {
    const window = text.slice(i, i + WINDOW);
    if ((window.match(JAPANESE)?.length ?? 0) >= MIN_JAPANESE) windows.add(window);
  }
  return windows;
}

function copiedWindows(text: string, windows: Set<string>): string[] {
  const found: string[] = [];
  for (let i = 0; i + WINDOW <= text.length; i++) {
    const window = text.slice(i, i + WINDOW);
    if (windows.has(window)) {
      found.push(window);
      i += WINDOW - 1;
    }
  }
  return found;
}

const article = articleText();
const windows = sourceWindows(article);
const pages = htmlFiles(OUT_DIR).map((file) => ({
  path: `/${relative(OUT_DIR, file)}`,
  html: readFileSync(file, 'utf8'),
}));

describe('the built pages', () => {
  it('are there to check', () => {
    expect(pages.filter((page) => page.path.startsWith('/ja/')).length).toBeGreaterThan(5);
    expect(pages.filter((page) => page.path.startsWith('/en/')).length).toBeGreaterThan(5);
    expect(windows.size).toBeGreaterThan(1000);
  });

  it('the check catches a copied sentence, even with different spacing', () => {
    const copied = article.slice(2000, 2060).replace(/(.{7})/g, '$1 ');
    expect(copiedWindows(`前置き${copied.replace(/\s+/g, '')}後書き`, windows).length).toBeGreaterThan(0);
    expect(copiedWindows('機械学習への道は、続けることでしか開けません。'.repeat(3), windows)).toEqual([]);
  });

  it('repeat no 30-character run of the source article', () => {
    const problems = pages.flatMap(({ path, html }) =>
      copiedWindows(pageText(html), windows).map((window) => `${path}: “${window}”`),
    );
    expect(problems).toEqual([]);
  });

  // The e2e setup also builds `${OUT_DIR}-guide` under /guide/, where links carry that prefix.
  for (const [dir, base] of [
    [OUT_DIR, '/'],
    [`${OUT_DIR}-guide`, '/guide/'],
  ] as const) {
    it(`never link into the other language under ${base} (language picker and hreflang aside)`, () => {
      const built =
        dir === OUT_DIR
          ? pages
          : htmlFiles(dir).map((file) => ({
              path: `/${relative(dir, file)}`,
              html: readFileSync(file, 'utf8'),
            }));
      const problems: string[] = [];
      let ownLanguageLinks = 0;
      for (const { path, html } of built) {
        const lang = path.split('/')[1];
        if (lang !== 'ja' && lang !== 'en') continue;
        const other = lang === 'ja' ? 'en' : 'ja';
        // <a> only: <link rel="alternate" hreflang> and the picker's <option value> are meant to cross.
        for (const [, href = ''] of html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/gi)) {
          const target = href.replace(/^https?:\/\/[^/]+/, '');
          if (target.startsWith(`${base}${other}/`) || target === `${base}${other}`) {
            problems.push(`${path} → ${href}`);
          }
          if (target.startsWith(`${base}${lang}/`)) ownLanguageLinks++;
        }
      }
      expect(problems).toEqual([]);
      // The pattern really reads the links: every page links within its own language.
      expect(ownLanguageLinks).toBeGreaterThan(built.length);
    });
  }
});
