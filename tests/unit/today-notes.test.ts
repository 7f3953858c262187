import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listPages } from '../../scripts/lib/twins';

/** The label of the "today" asides, per language. */
const LABEL = { ja: 'いま', en: 'Today' } as const;
const SOURCES_PAGE = 'reference/sources.mdx';

/** The body of every `:::tip[<label>]` aside in an MDX page. */
function todayNotes(source: string, label: string): string[] {
  const aside = new RegExp(`^:::tip\\[${label}\\]\\n([\\s\\S]*?)^:::$`, 'gm');
  return [...source.matchAll(aside)].map((match) => match[1] ?? '');
}

/** Every absolute http(s) link target in Markdown text. */
function externalLinks(text: string): string[] {
  return [...text.matchAll(/\]\((https?:\/\/[^)\s]+)\)/g)].map((match) => match[1] ?? '');
}

describe('every "today" note cites a source listed on the sources page', () => {
  for (const lang of ['ja', 'en'] as const) {
    it(`${lang}: each note links at least one page that the sources page lists`, async () => {
      const root = join('src/content/docs', lang);
      const listed = new Set(externalLinks(readFileSync(join(root, SOURCES_PAGE), 'utf8')));
      const uncited: string[] = [];
      let notes = 0;
      for (const page of await listPages(root)) {
        for (const note of todayNotes(readFileSync(join(root, page), 'utf8'), LABEL[lang])) {
          notes += 1;
          if (!externalLinks(note).some((url) => listed.has(url))) {
            uncited.push(`${page}: “${note.trim().slice(0, 60)}…”`);
          }
        }
      }
      expect(notes).toBeGreaterThan(15);
      expect(uncited, `add a link to a page listed in ${lang}/${SOURCES_PAGE}`).toEqual([]);
    });
  }

  it('finds the notes and their links in a page (and misses none)', () => {
    const page =
      'Text\n\n:::tip[Today]\nSee [the notes](https://a.example/x).\n:::\n\n:::tip[Today]\nNo link.\n:::\n';
    const notes = todayNotes(page, 'Today');
    expect(notes).toHaveLength(2);
    expect(notes.map(externalLinks)).toEqual([['https://a.example/x'], []]);
  });
});
