import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { i18nSchema } from '@astrojs/starlight/schema';
import { describe, expect, it } from 'vitest';
import {
  ISLAND_KEYS,
  ISLAND_PLURAL_KEYS,
  islandStringsSchema,
  rejectUnknownKeys,
} from '../../src/lib/i18n/schema';
import { splitPluralKey } from '../../src/lib/i18n/strings';

const LANGS = ['ja', 'en'] as const;
const load = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../src/content/i18n/${lang}.json`, import.meta.url), 'utf8')) as Record<
    string,
    string
  >;
const dictionaries = { ja: load('ja'), en: load('en') };
/** Starlight's own keys (Pagefind's dialog, the 404 text) sit in the same files; Starlight's schema checks them. */
const ISLAND_PREFIXES = ['bench', 'explorer', 'math', 'plan', 'trainer'];
const islandEntries = (dictionary: Record<string, string>) =>
  Object.entries(dictionary).filter(([key]) => ISLAND_PREFIXES.includes(key.split('.')[0] as string));
const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] as string))].sort();

/** key (plural forms folded into their base) → placeholders, for one language. */
function keysAndPlaceholders(dictionary: Record<string, string>): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const [key, text] of islandEntries(dictionary)) {
    const base = splitPluralKey(key)?.base ?? key;
    const found = placeholders(text);
    // Every plural form of a key offers the same placeholders; the test below compares them.
    if (!result.has(base) || splitPluralKey(key)?.category === 'other') result.set(base, found);
  }
  return result;
}

// Composed as in src/content.config.ts, which cannot be imported outside Astro.
const schema = i18nSchema({ extend: islandStringsSchema() });
const check = (dictionary: Record<string, string>) =>
  schema.superRefine(rejectUnknownKeys(Object.keys(schema.shape))).safeParse(dictionary);

describe('the interface dictionaries', () => {
  it('hold the same keys in Japanese and English, for every island', () => {
    const [ja, en] = LANGS.map((lang) => keysAndPlaceholders(dictionaries[lang]));
    expect([...(ja as Map<string, string[]>).keys()].sort()).toEqual(
      [...(en as Map<string, string[]>).keys()].sort(),
    );
    const prefixes = new Set([...(en as Map<string, string[]>).keys()].map((key) => key.split('.')[0]));
    expect([...prefixes].sort()).toEqual(ISLAND_PREFIXES);
  });

  it('give each key the same {{placeholders}} in both languages', () => {
    const [ja, en] = LANGS.map((lang) => keysAndPlaceholders(dictionaries[lang]));
    for (const [key, names] of en as Map<string, string[]>) expect(ja?.get(key), key).toEqual(names);
  });

  it('give a plural key exactly the forms its language uses, each with the same placeholders', () => {
    for (const lang of LANGS) {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.sort();
      const dictionary = dictionaries[lang];
      for (const base of ISLAND_PLURAL_KEYS) {
        const forms = Object.keys(dictionary).filter((key) => splitPluralKey(key)?.base === base);
        expect(forms.map((key) => splitPluralKey(key)?.category).sort(), `${lang} ${base}`).toEqual(
          categories,
        );
        const other = placeholders(dictionary[`${base}_other`] as string);
        for (const form of forms)
          expect(placeholders(dictionary[form] as string), `${lang} ${form}`).toEqual(other);
      }
    }
  });

  it('match the schema that the build checks them with', () => {
    for (const lang of LANGS) expect(check(dictionaries[lang]).error?.issues ?? [], lang).toEqual([]);
  });

  it('fail that schema when a key is missing or mistyped', () => {
    const { 'trainer.start': _removed, ...missing } = dictionaries.en;
    expect(check(missing).error?.issues[0]?.path).toEqual(['trainer.start']);
    const mistyped = { ...dictionaries.en, 'trainer.strat': 'Start' };
    expect(check(mistyped).error?.issues[0]?.message).toContain('Unknown interface key "trainer.strat"');
  });

  it('declare every key that an island or component names literally', () => {
    const declared = new Set([...ISLAND_KEYS, ...ISLAND_PLURAL_KEYS]);
    const used = ['islands', 'components'].flatMap((folder) => {
      const root = new URL(`../../src/${folder}/`, import.meta.url).pathname;
      return readdirSync(root, { recursive: true, encoding: 'utf8' })
        .filter((file) => /\.(ts|astro)$/.test(file))
        .flatMap((file) =>
          [
            ...readFileSync(join(root, file), 'utf8').matchAll(
              /\bt\(\s*'((?:bench|explorer|math|plan|trainer)\.[\w.-]+)'/g,
            ),
          ].map((m) => [`${folder}/${file}`, m[1] as string] as const),
        );
    });
    expect(used.length).toBeGreaterThan(150);
    for (const [file, key] of used) expect(declared.has(key), `${file}: ${key}`).toBe(true);
  });
});
