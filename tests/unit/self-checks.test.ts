import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MILESTONE_SPECS } from '../../src/lib/plan/plan';
import { CHAPTER_SLUGS, SELF_CHECK_ID, selfCheckHref } from '../../src/lib/site/chapters';

const chapter = (lang: string, slug: string) =>
  readFileSync(`src/content/docs/${lang}/guide/${slug}.mdx`, 'utf8');

describe('outcomes and self-checks', () => {
  for (const lang of ['ja', 'en']) {
    it(`every ${lang} chapter opens with its outcomes and ends with two or three self-check questions`, () => {
      for (const slug of CHAPTER_SLUGS) {
        const body = chapter(lang, slug).replace(/^---[\s\S]*?---\s*/, '');
        const firstBlock = body.replace(/^(import [^\n]*\n\s*)*/, '');
        expect(firstBlock.startsWith('<Outcomes>'), `${lang}/${slug} opens with <Outcomes>`).toBe(true);
        const outcomes = /<Outcomes>([\s\S]*?)<\/Outcomes>/.exec(body)?.[1] ?? '';
        expect(outcomes.match(/^- /gm)?.length ?? 0, `${lang}/${slug} outcomes`).toBeGreaterThanOrEqual(2);
        expect(body.trimEnd().endsWith('</SelfCheck>'), `${lang}/${slug} ends with <SelfCheck>`).toBe(true);
        const questions = body.match(/<SelfCheckQuestion question="[^"]+">/g)?.length ?? 0;
        expect(questions, `${lang}/${slug} questions`).toBeGreaterThanOrEqual(2);
        expect(questions, `${lang}/${slug} questions`).toBeLessThanOrEqual(3);
      }
    });
  }

  it('gives the twins the same number of questions', () => {
    for (const slug of CHAPTER_SLUGS) {
      const count = (lang: string) => chapter(lang, slug).match(/<SelfCheckQuestion /g)?.length;
      expect(count('ja'), slug).toBe(count('en'));
    }
  });

  it("links every study-plan milestone to a chapter's self-check, under any base path", () => {
    for (const spec of MILESTONE_SPECS) expect(CHAPTER_SLUGS).toContain(spec.selfCheck);
    expect(selfCheckHref('/', 'ja', 'minimum-math')).toBe(`/ja/guide/minimum-math/#${SELF_CHECK_ID}`);
    expect(selfCheckHref('/guide', 'en', 'decide')).toBe('/guide/en/guide/decide/#self-check');
    expect(() => selfCheckHref('/', 'en', 'nope' as never)).toThrow(/Unknown chapter "nope"/);
  });
});
