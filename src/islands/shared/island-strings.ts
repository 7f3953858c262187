/**
 * The server side of the island strings, for the wrapper `.astro` files: the island's slice
 * of the page language's dictionary for `data-strings`, and a `t` that fails the build on a
 * missing key.
 */
import type { AstroGlobal } from 'astro';
import { type IslandStrings, pickIslandStrings } from '../../lib/i18n/strings';

/** The strings under `prefix` (e.g. `'math.'`, or several) for the island `component` on this page. */
export function islandStrings(
  astro: AstroGlobal,
  prefix: string | readonly string[],
  component: string,
): IslandStrings {
  const dictionary = astro.locals.t.all() as Record<string, string>;
  return pickIslandStrings(dictionary, prefix, component, astro.currentLocale ?? 'en');
}
