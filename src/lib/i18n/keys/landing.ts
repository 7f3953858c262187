/**
 * Interface keys of the landing page's picture of the product (`src/components/HeroPredictions.astro`),
 * checked in both dictionaries by `src/content.config.ts`.
 */
export const LANDING_KEYS = [
  'hero.title',
  'hero.caption',
  'hero.digitAlt',
  'hero.right',
  'hero.wrong',
  'hero.guesses',
  'hero.source',
  'hero.first.value',
  'hero.first.title',
  'hero.first.detail',
  'hero.first.link',
  'hero.speed.value',
  'hero.speed.title',
  'hero.speed.detail',
  'hero.speed.link',
] as const;
