/**
 * The browser side of the island strings: each wrapper `.astro` hands its slice of the
 * dictionary over in `data-strings` (see `pickIslandStrings`), and the client reads it here.
 */
import { createTranslate, type Translate } from '../../lib/i18n/strings';

export type { Translate };

/** The page's language, as Starlight writes it on `<html lang>`. */
export function pageLang(): string {
  return document.documentElement.lang || 'en';
}

/**
 * A translator over `element`'s `data-strings`. The build has already checked every key
 * (the i18n schema and `pickIslandStrings`), so a key missing here is a bug in the client
 * module: it shows the key itself on the page, where it is noticed, instead of failing the island.
 */
export function readStrings(element: HTMLElement): Translate {
  const strings = JSON.parse(element.dataset.strings ?? '{}') as Record<string, string>;
  return createTranslate(strings, pageLang(), (key) => key);
}
