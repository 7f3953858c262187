/**
 * The guide's nine chapters, in reading order, by their slug under `guide/`. One list for
 * everything that points into a chapter from code (the study plan's milestones, tests).
 */
export const CHAPTER_SLUGS = [
  'decide',
  'study-rhythm',
  'minimum-math',
  'first-course',
  'language-and-framework',
  'datasets',
  'hardware',
  'first-model',
  'beyond',
] as const;

export type ChapterSlug = (typeof CHAPTER_SLUGS)[number];

/** The id of every chapter's self-check section (`src/components/SelfCheck.astro`). */
export const SELF_CHECK_ID = 'self-check';

/**
 * The URL of a chapter's self-check, e.g. `/guide/en/guide/first-course/#self-check` under the
 * base `/guide/`. `base` is Astro's `import.meta.env.BASE_URL`, with or without its final slash.
 */
export function selfCheckHref(base: string, lang: string, chapter: ChapterSlug): string {
  if (!CHAPTER_SLUGS.includes(chapter)) {
    throw new RangeError(`Unknown chapter "${chapter}": expected one of ${CHAPTER_SLUGS.join(', ')}.`);
  }
  if (!/^[a-z]{2}$/.test(lang)) throw new RangeError(`Expected a two-letter language code, got "${lang}".`);
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return `${prefix}${lang}/guide/${chapter}/#${SELF_CHECK_ID}`;
}
