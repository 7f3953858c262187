/**
 * The islands' interface keys as a zod shape for Starlight's `i18nSchema({ extend })`, so
 * that a dictionary (`src/content/i18n/{ja,en}.json`) missing a key, or holding one that no
 * island knows, fails the build. Add a key to the list under `keys/` and to both dictionaries.
 */
import { z } from '../schema.ts';
import { BENCH_KEYS, BENCH_PLURAL_KEYS } from './keys/bench';
import { CONV_KEYS, CONV_PLURAL_KEYS } from './keys/conv';
import { EXPLORER_KEYS } from './keys/explorer';
import { LANDING_KEYS } from './keys/landing';
import { LAYERS_KEYS } from './keys/layers';
import { MATH_KEYS, MATH_PLURAL_KEYS } from './keys/math';
import { PICTURE_KEYS } from './keys/pictures';
import { PLAN_KEYS, PLAN_PLURAL_KEYS } from './keys/plan';
import { PRETRAINED_KEYS } from './keys/pretrained';
import { SITE_KEYS } from './keys/site';
import { SWEEP_KEYS } from './keys/sweep';
import { TRAINER_KEYS, TRAINER_PLURAL_KEYS } from './keys/trainer';

/** Every plain island key. */
export const ISLAND_KEYS: readonly string[] = [
  ...BENCH_KEYS,
  ...CONV_KEYS,
  ...EXPLORER_KEYS,
  ...LANDING_KEYS,
  ...LAYERS_KEYS,
  ...MATH_KEYS,
  ...PICTURE_KEYS,
  ...PLAN_KEYS,
  ...PRETRAINED_KEYS,
  ...SITE_KEYS,
  ...SWEEP_KEYS,
  ...TRAINER_KEYS,
];

/**
 * Every island key with plural forms, without its suffix. Each language needs the forms its
 * plural rules use (English `_one` and `_other`, Japanese only `_other`); the schema requires
 * `_other` and allows the rest, and `tests/unit/i18n-dictionaries.test.ts` checks each language.
 */
export const ISLAND_PLURAL_KEYS: readonly string[] = [
  ...BENCH_PLURAL_KEYS,
  ...CONV_PLURAL_KEYS,
  ...MATH_PLURAL_KEYS,
  ...PLAN_PLURAL_KEYS,
  ...TRAINER_PLURAL_KEYS,
];

/** The optional plural forms beside the required `_other`. */
const OPTIONAL_FORMS = ['zero', 'one', 'two', 'few', 'many'] as const;

/** The shape to hand to `i18nSchema({ extend })`: one non-empty string per island key. */
export function islandStringsSchema() {
  const text = z.string().min(1);
  const shape: Record<string, z.ZodType<string | undefined>> = {};
  for (const key of ISLAND_KEYS) shape[key] = text;
  for (const key of ISLAND_PLURAL_KEYS) {
    shape[`${key}_other`] = text;
    for (const form of OPTIONAL_FORMS) shape[`${key}_${form}`] = text.optional();
  }
  return z.object(shape);
}

/**
 * A check for the whole dictionary: Starlight's schema lets unknown keys through, so a
 * mistyped key (`trainer.strat`) would sit unused while the right one is reported missing.
 * This names it instead. `known` is every key the full schema declares.
 */
export function rejectUnknownKeys(known: Iterable<string>) {
  const allowed = new Set(known);
  return (dictionary: Record<string, unknown>, context: z.RefinementCtx) => {
    for (const key of Object.keys(dictionary)) {
      if (allowed.has(key)) continue;
      context.addIssue({
        code: 'custom',
        path: [key],
        message: `Unknown interface key "${key}": fix its spelling, or declare it in src/lib/i18n/keys/.`,
      });
    }
  };
}
