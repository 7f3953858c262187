/**
 * The site's interface strings: flat dotted keys (`trainer.start`) whose values may hold
 * `{{name}}` placeholders. One module for every island, on the server and in the browser.
 */

/**
 * Fills `{{name}}` placeholders (spaces inside the braces allowed). A placeholder with no
 * value stays visible, so a missing value shows up instead of vanishing; with `strict` it
 * throws instead, for generated text that must never ship half-filled.
 */
export function fillTemplate(
  template: string,
  values: Record<string, string | number>,
  options: { strict?: boolean } = {},
): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, name: string) => {
    if (name in values) return String(values[name]);
    if (options.strict) throw new Error(`Missing value for {{${name}}} in "${template}".`);
    return placeholder;
  });
}

/** An island's slice of the dictionary and a lookup that fails the build on a missing key. */
export interface IslandStrings {
  /** Every string under the prefix, handed to the client through `data-strings`. */
  strings: Record<string, string>;
  /** The string for `key`, filled with `values`. */
  t: (key: string, values?: Record<string, string | number>) => string;
}

/**
 * Picks the strings under `prefix` (e.g. `bench.`) from a locale's dictionary for the
 * island `component`; `t` throws naming the component and key when a key is missing, so a
 * forgotten translation breaks the build instead of showing a key to readers.
 */
export function pickIslandStrings(
  dictionary: Record<string, string>,
  prefix: string,
  component: string,
): IslandStrings {
  const strings = Object.fromEntries(Object.entries(dictionary).filter(([key]) => key.startsWith(prefix)));
  const t = (key: string, values: Record<string, string | number> = {}) => {
    const template = strings[key];
    if (template === undefined) {
      throw new Error(`${component}: missing i18n key "${key}" (add it to src/content/i18n/{ja,en}.json)`);
    }
    return fillTemplate(template, values);
  };
  return { strings, t };
}
