/**
 * The site's interface strings: flat dotted keys (`trainer.start`) whose values may hold
 * `{{name}}` placeholders. One module for every island, on the server and in the browser.
 *
 * Plurals follow Starlight's (i18next's) convention, so `Astro.locals.t` and the islands read
 * the same dictionaries: a key with forms `bench.done_one` / `bench.done_other` is looked up
 * with a numeric `count`, and `Intl.PluralRules` of the page's language picks the form.
 */

/** Values for a template's `{{placeholders}}`. */
export type TemplateValues = Record<string, string | number>;

/** Looks `key` up, picks its plural form from `values.count`, and fills its placeholders. */
export type Translate = (key: string, values?: TemplateValues) => string;

/**
 * Fills `{{name}}` placeholders (spaces inside the braces allowed). A placeholder with no
 * value stays visible, so a missing value shows up instead of vanishing; with `strict` it
 * throws instead, for generated text that must never ship half-filled.
 */
export function fillTemplate(
  template: string,
  values: TemplateValues,
  options: { strict?: boolean } = {},
): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, name: string) => {
    if (name in values) return String(values[name]);
    if (options.strict) throw new Error(`Missing value for {{${name}}} in "${template}".`);
    return placeholder;
  });
}

/** The plural forms a key may carry, as `Intl.PluralRules` names them. */
export const PLURAL_CATEGORIES: readonly Intl.LDMLPluralRule[] = [
  'zero',
  'one',
  'two',
  'few',
  'many',
  'other',
];

/** `bench.done_one` → `{ base: 'bench.done', category: 'one' }`; a key without a plural suffix → null. */
export function splitPluralKey(key: string): { base: string; category: Intl.LDMLPluralRule } | null {
  const match = /^(.+)_(zero|one|two|few|many|other)$/.exec(key);
  return match ? { base: match[1] as string, category: match[2] as Intl.LDMLPluralRule } : null;
}

/**
 * The dictionary entry for `key`: with a numeric `values.count`, the `key_<category>` form
 * that `lang`'s plural rules choose (falling back to `key_other`), else `key` itself.
 */
export function lookUp(
  strings: Record<string, string>,
  key: string,
  values: TemplateValues,
  lang: string,
): string | undefined {
  const count = values.count;
  if (typeof count === 'number') {
    const category = new Intl.PluralRules(lang).select(count);
    const form = strings[`${key}_${category}`] ?? strings[`${key}_other`];
    if (form !== undefined) return form;
  }
  return strings[key];
}

/**
 * A translator over `strings` in `lang`. `onMissing` decides what a missing key gives: the
 * build throws (see `pickIslandStrings`), the browser shows the key (see `src/islands/shared/`).
 * With `strict`, an unfilled placeholder throws too (see `fillTemplate`).
 */
export function createTranslate(
  strings: Record<string, string>,
  lang: string,
  onMissing: (key: string) => string,
  options: { strict?: boolean } = {},
): Translate {
  return (key, values = {}) => {
    const template = lookUp(strings, key, values, lang);
    return template === undefined ? onMissing(key) : fillTemplate(template, values, options);
  };
}

/** An island's slice of the dictionary and a lookup that fails the build on a missing key. */
export interface IslandStrings {
  /** Every string under the prefix, handed to the client through `data-strings`. */
  strings: Record<string, string>;
  /** The string for `key`, filled with `values`. */
  t: Translate;
}

/**
 * Picks the strings under `prefix` (e.g. `bench.`, or several: `['trainer.', 'layers.']`) from a locale's dictionary for the
 * island `component`; `t` throws naming the component and key when a key is missing, or
 * when a placeholder is left unfilled, so the build breaks instead of showing either to readers.
 */
export function pickIslandStrings(
  dictionary: Record<string, string>,
  prefix: string | readonly string[],
  component: string,
  lang = 'en',
): IslandStrings {
  const prefixes = typeof prefix === 'string' ? [prefix] : prefix;
  const strings = Object.fromEntries(
    Object.entries(dictionary).filter(([key]) => prefixes.some((p) => key.startsWith(p))),
  );
  const t = createTranslate(
    strings,
    lang,
    (key) => {
      throw new Error(`${component}: missing i18n key "${key}" (add it to src/content/i18n/{ja,en}.json)`);
    },
    { strict: true },
  );
  return { strings, t };
}
