import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from './browser';
import { searchPaths } from './search-dialog';

const rootUrl = inject('rootUrl');
const session = useBrowserSession();

const pages = new Map<string, Page>();

/** Searches for `query` on one page per language (opened once, reused). */
async function search(lang: 'ja' | 'en', query: string): Promise<string[]> {
  let page = pages.get(lang);
  if (!page) {
    const recorded = await session.newPage();
    page = recorded.page;
    await page.goto(`${rootUrl}${lang}/`);
    pages.set(lang, page);
  }
  return searchPaths(page, query);
}

/**
 * One term per chapter and language that the chapter uses. The Japanese terms sit inside
 * unspaced sentences (e.g. 「苦しさや挫折をいくつ経ても」), so finding them shows that
 * Pagefind segments Japanese rather than matching whole sentences.
 */
const TERMS: { chapter: string; ja: string; en: string }[] = [
  { chapter: 'guide/decide', ja: '挫折', en: 'setbacks' },
  { chapter: 'guide/study-rhythm', ja: '時間割', en: 'timetable' },
  { chapter: 'guide/minimum-math', ja: '丸写し', en: 'posterior' },
  { chapter: 'guide/first-course', ja: '字幕', en: 'subtitle' },
  { chapter: 'guide/language-and-framework', ja: 'ガベージコレクション', en: 'garbage' },
  { chapter: 'guide/datasets', ja: '手書き', en: 'handwritten' },
  { chapter: 'guide/hardware', ja: 'ノートパソコン', en: 'laptop' },
  { chapter: 'guide/first-model', ja: 'メモリー不足', en: 'evaluation' },
  { chapter: 'guide/beyond', ja: '配当', en: 'dividend' },
  { chapter: 'reference/glossary', ja: '逆伝播', en: 'backpropagation' },
];

describe('search finds every chapter in both languages', () => {
  for (const { chapter, ja, en } of TERMS) {
    it(`finds ${chapter} by 「${ja}」 and “${en}”, each in its own language`, async () => {
      const jaPaths = await search('ja', ja);
      expect(jaPaths).toContain(`/ja/${chapter}/`);
      expect(jaPaths.every((path) => path.startsWith('/ja/'))).toBe(true);
      const enPaths = await search('en', en);
      expect(enPaths).toContain(`/en/${chapter}/`);
      expect(enPaths.every((path) => path.startsWith('/en/'))).toBe(true);
    });
  }
});
