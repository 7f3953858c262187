/**
 * A trainer's settings, kept in the page address so a reader can share a setup.
 *
 * Each island owns one query parameter named after its dataset, holding comma-separated
 * `key:value` pairs: `?mnist=model:mnist-cnn,epochs:2,bs:64,lr:0.001,n:6000,backend:webgl`.
 * Decoding never throws: a value that fails validation is dropped, its default used, and
 * an issue names the key, the bad value and what was expected, for the island to show.
 */

import {
  BACKEND_CHOICES,
  type BackendPreference,
  type DatasetName,
  describeLimit,
  type Limit,
  type LrScheduleName,
  MODELS_BY_DATASET,
  type ModelId,
  SETTING_LIMITS,
  settingMessage,
  subsetLimit,
  TEST_SIZE,
  TRAIN_SIZE,
  withinLimit,
} from '../ml/catalog';
import { DEFAULT_PRESET_ID, findPreset, matchPreset, PRESETS, presetIds } from '../ml/presets';
import type { TrainerSettings } from '../ml/protocol';

export type TrainerDataset = DatasetName;

// The catalogue and the limits live in `src/lib/ml/catalog.ts`; re-exported for the islands.
export { BACKEND_CHOICES, MODELS_BY_DATASET, TEST_SIZE, TRAIN_SIZE };

/** The query parameter each island reads and writes. */
export const QUERY_PARAM: Readonly<Record<TrainerDataset, string>> = { mnist: 'mnist', cifar10: 'cifar' };

/** What the island's form holds; `toRunSettings` turns it into the worker's settings. */
export interface IslandSettings {
  /** Model id, one of `MODELS_BY_DATASET[dataset]`. */
  model: ModelId;
  /** Passes over the training subset (limits: `SETTING_LIMITS` in the catalogue). */
  epochs: number;
  /** Examples per gradient step. */
  batchSize: number;
  /** Adam learning rate. */
  learningRate: number;
  /** Training examples used, `MIN_SUBSET` to the split's size. */
  subset: number;
  /** Test examples each evaluation measures, `MIN_SUBSET` to the test split's size. */
  testSubset: number;
  /** Evaluations on the test set per epoch (the last at the epoch's end). */
  evalsPerEpoch: number;
  /** Which TF.js backend to ask for; `auto` picks the fastest that works. */
  backend: BackendPreference;
  /** Seeds weights and shuffling, so a shared setup reproduces. */
  seed: number;
  /** MLP only: units of a single hidden layer (`SETTING_LIMITS.hiddenUnits`); 0 keeps the model's own layers. */
  hidden: number;
  /** Learning-rate schedule over the run (`LR_SCHEDULES`). */
  schedule: LrScheduleName;
  /** CIFAR-10 only: random crops and flips while training (`on`), or the centre crop (`off`). */
  augment: Toggle;
  /** Label smoothing, 0 (hard one-hot targets) to 0.5 (`SETTING_LIMITS.labelSmoothing`). */
  smoothing: number;
  /** Test-time flip (`on`): scores average each image's prediction with its mirror's (`flipTest`). */
  flip: Toggle;
}

export type Toggle = 'on' | 'off';
export const TOGGLES: readonly Toggle[] = ['on', 'off'];
export const LR_SCHEDULES: readonly LrScheduleName[] = ['constant', 'step', 'cosine', 'linear', 'onecycle'];

/** The address key that selects a preset: `?mnist=preset:cnn`, optionally with overrides. */
export const PRESET_KEY = 'preset';

/**
 * What a trainer opens with: its default preset (`src/lib/ml/presets.ts`), so an untouched
 * trainer shows a named choice and keeps the address clean.
 */
export const DEFAULT_SETTINGS: Readonly<Record<TrainerDataset, Readonly<IslandSettings>>> = {
  mnist: defaultPresetSettings('mnist'),
  cifar10: defaultPresetSettings('cifar10'),
};

function defaultPresetSettings(dataset: TrainerDataset): Readonly<IslandSettings> {
  const preset = findPreset(dataset, DEFAULT_PRESET_ID[dataset]);
  if (!preset) throw new Error(`The default ${dataset} preset '${DEFAULT_PRESET_ID[dataset]}' is missing.`);
  return preset.settings;
}

/** Short keys used in the address, in the order they are written. */
const KEYS: Readonly<Record<keyof IslandSettings, string>> = {
  model: 'model',
  epochs: 'epochs',
  batchSize: 'bs',
  learningRate: 'lr',
  subset: 'n',
  testSubset: 'test',
  evalsPerEpoch: 'evals',
  backend: 'backend',
  seed: 'seed',
  hidden: 'h',
  schedule: 'sched',
  augment: 'aug',
  smoothing: 'ls',
  flip: 'flip',
};

export interface SettingsIssue {
  /** The key as written in the address (`bs`, `lr`, …), or the raw pair when it had no key. */
  key: string;
  value: string;
  /** What would have been accepted, e.g. `an integer from 1 to 50` (English, for logs). */
  expected: string;
  /**
   * The whole complaint in English, worded as the runtime and `train()` word it, e.g.
   * `batchSize must be an integer from 1 to 1024; got 2000.` (`checkSetting` in the catalogue).
   */
  message: string;
  /** The same, structured, for a translated message. */
  rule: Rule;
  /** True when the key itself is unknown (`subset:600` for `n:600`), not its value. */
  unknownKey?: true;
}

export interface DecodedSettings {
  settings: IslandSettings;
  issues: SettingsIssue[];
}

export type IntegerRule = { kind: 'integer'; min: number; max: number };
export type NumberRule = { kind: 'number'; min: number; max: number };
export interface ChoiceRule {
  kind: 'choice';
  choices: readonly string[];
}
/** 0 (the model's default layers) or 10–2048 units. */
export interface HiddenRule {
  kind: 'hidden';
}
export type Rule = IntegerRule | NumberRule | ChoiceRule | HiddenRule;

/** The setting's name in messages where the run settings name it differently from the form. */
const MESSAGE_NAME: Partial<Readonly<Record<keyof IslandSettings, string>>> = {
  model: 'modelId',
  subset: 'trainSubset',
  schedule: 'lrSchedule',
  smoothing: 'labelSmoothing',
};

function ruleOf(limit: Limit): IntegerRule | NumberRule {
  return { kind: limit.integer ? 'integer' : 'number', min: limit.min, max: limit.max };
}

function limitOf(rule: IntegerRule | NumberRule): Limit {
  return { integer: rule.kind === 'integer', min: rule.min, max: rule.max };
}

function rulesFor(dataset: TrainerDataset): Record<keyof IslandSettings, Rule> {
  return {
    model: { kind: 'choice', choices: MODELS_BY_DATASET[dataset] },
    epochs: ruleOf(SETTING_LIMITS.epochs),
    batchSize: ruleOf(SETTING_LIMITS.batchSize),
    learningRate: ruleOf(SETTING_LIMITS.learningRate),
    subset: ruleOf(subsetLimit(dataset, 'train')),
    testSubset: ruleOf(subsetLimit(dataset, 'test')),
    evalsPerEpoch: ruleOf(SETTING_LIMITS.evalsPerEpoch),
    backend: { kind: 'choice', choices: BACKEND_CHOICES },
    seed: ruleOf(SETTING_LIMITS.seed),
    hidden: { kind: 'hidden' },
    schedule: { kind: 'choice', choices: LR_SCHEDULES },
    augment: { kind: 'choice', choices: TOGGLES },
    smoothing: ruleOf(SETTING_LIMITS.labelSmoothing),
    flip: { kind: 'choice', choices: TOGGLES },
  };
}

const { min: HIDDEN_MIN, max: HIDDEN_MAX } = SETTING_LIMITS.hiddenUnits;

function describeRule(rule: Rule): string {
  if (rule.kind === 'choice') return `one of ${rule.choices.join(', ')}`;
  if (rule.kind === 'hidden')
    return `0 (the model default) or an integer from ${HIDDEN_MIN} to ${HIDDEN_MAX}`;
  return describeLimit(limitOf(rule));
}

/** Returns the parsed value, or undefined when `raw` breaks `rule`. */
function parseValue(raw: string, rule: Rule): string | number | undefined {
  if (rule.kind === 'choice') return rule.choices.includes(raw) ? raw : undefined;
  if (rule.kind === 'hidden') {
    const units = parseValue(raw, { kind: 'integer', min: 0, max: HIDDEN_MAX });
    return units === 0 || withinLimit(units, SETTING_LIMITS.hiddenUnits) ? units : undefined;
  }
  // Number('') is 0 and Number(' 1') is 1: insist on a plain decimal literal.
  if (!/^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw)) return undefined;
  const value = Number(raw);
  return withinLimit(value, limitOf(rule)) ? value : undefined;
}

function issueOf(field: keyof IslandSettings, key: string, value: string, rule: Rule): SettingsIssue {
  const expected = describeRule(rule);
  return {
    key,
    value,
    expected,
    message: settingMessage(MESSAGE_NAME[field] ?? field, expected, value),
    rule,
  };
}

/** Checks a whole form settings object (e.g. a preset) and lists what breaks the rules. */
export function findSettingsIssues(dataset: TrainerDataset, settings: IslandSettings): SettingsIssue[] {
  const rules = rulesFor(dataset);
  const issues: SettingsIssue[] = [];
  for (const field of Object.keys(KEYS) as (keyof IslandSettings)[]) {
    const rule = rules[field];
    const value = String(settings[field]);
    if (parseValue(value, rule) === undefined) issues.push(issueOf(field, KEYS[field], value, rule));
  }
  return issues;
}

type Pair = { key: string; value: string };

function splitPairs(raw: string): Pair[] {
  return raw
    .split(',')
    .filter((pair) => pair.trim() !== '')
    .map((pair) => {
      const colon = pair.indexOf(':');
      return colon < 0
        ? { key: pair.trim(), value: '' }
        : { key: pair.slice(0, colon).trim(), value: pair.slice(colon + 1).trim() };
    });
}

/**
 * The settings a `preset:<id>` pair starts from (the defaults when there is none), with an
 * issue naming the valid ids when the id is unknown.
 */
function presetBase(dataset: TrainerDataset, pairs: Pair[], issues: SettingsIssue[]): IslandSettings {
  const named = pairs.filter((pair) => pair.key === PRESET_KEY).at(-1);
  if (!named) return { ...DEFAULT_SETTINGS[dataset] };
  const preset = findPreset(dataset, named.value);
  if (preset) return { ...preset.settings };
  const rule: Rule = { kind: 'choice', choices: presetIds(dataset) };
  const expected = describeRule(rule);
  issues.push({
    key: PRESET_KEY,
    value: named.value,
    expected,
    message: settingMessage(PRESET_KEY, expected, named.value),
    rule,
  });
  return { ...DEFAULT_SETTINGS[dataset] };
}

/**
 * Reads one island's settings from a query string (`location.search`). A missing
 * parameter gives the defaults with no issues. `preset:<id>` starts from that preset,
 * wherever it stands among the pairs; the other pairs override its fields.
 */
export function decodeSettings(dataset: TrainerDataset, search: string): DecodedSettings {
  const issues: SettingsIssue[] = [];
  const raw = new URLSearchParams(search).get(QUERY_PARAM[dataset]);
  if (raw === null || raw.trim() === '') return { settings: { ...DEFAULT_SETTINGS[dataset] }, issues };

  const pairs = splitPairs(raw);
  const settings = presetBase(dataset, pairs, issues);
  const rules = rulesFor(dataset);
  const fieldByKey = new Map(
    Object.entries(KEYS).map(([field, key]) => [key, field as keyof IslandSettings]),
  );
  for (const { key, value } of pairs) {
    if (key === PRESET_KEY) continue;
    const field = fieldByKey.get(key);
    if (!field) {
      const keys = [PRESET_KEY, ...Object.values(KEYS)];
      const rule: Rule = { kind: 'choice', choices: keys };
      const expected = `a key among ${keys.join(', ')}`;
      const message = `'${key}' is not a setting of this trainer, so '${key}:${value}' was ignored; expected ${expected}.`;
      issues.push({ key, value, expected, message, rule, unknownKey: true });
      continue;
    }
    const rule = rules[field];
    const parsed = parseValue(value, rule);
    if (parsed === undefined) {
      issues.push(issueOf(field, key, value, rule));
      continue;
    }
    (settings as unknown as Record<string, string | number>)[field] = parsed;
  }
  return { settings, issues };
}

/** `key:value` pairs of the fields where `settings` differs from `base`. */
function differences(settings: IslandSettings, base: Readonly<IslandSettings>): string[] {
  const pairs: string[] = [];
  for (const [field, key] of Object.entries(KEYS) as [keyof IslandSettings, string][]) {
    if (settings[field] !== base[field]) pairs.push(`${key}:${settings[field]}`);
  }
  return pairs;
}

/**
 * Writes the island's parameter value: empty for the default preset (so an untouched trainer
 * leaves the address clean), `preset:<id>` for another preset, and for an edited setup the
 * shortest of its differences from the defaults or from one preset (`preset:cnn,epochs:2`).
 */
export function encodeSettings(dataset: TrainerDataset, settings: IslandSettings): string {
  const preset = matchPreset(dataset, settings);
  if (preset === DEFAULT_PRESET_ID[dataset]) return '';
  if (preset !== 'custom') return `${PRESET_KEY}:${preset}`;
  let best = differences(settings, DEFAULT_SETTINGS[dataset]);
  for (const candidate of PRESETS[dataset]) {
    const pairs = [`${PRESET_KEY}:${candidate.id}`, ...differences(settings, candidate.settings)];
    if (pairs.length < best.length) best = pairs;
  }
  return best.join(',');
}

/**
 * Returns `search` with this island's parameter replaced (or removed when the settings
 * are the defaults), leaving every other parameter as it was.
 */
export function withSettings(dataset: TrainerDataset, search: string, settings: IslandSettings): string {
  const params = new URLSearchParams(search);
  const value = encodeSettings(dataset, settings);
  if (value) params.set(QUERY_PARAM[dataset], value);
  else params.delete(QUERY_PARAM[dataset]);
  // Keep `:` and `,` readable in the address bar; both are legal in a query string.
  const query = params.toString().replaceAll('%3A', ':').replaceAll('%2C', ',');
  return query ? `?${query}` : '';
}

/** Gradient steps in one epoch: the last batch may be short. */
export function batchesPerEpoch(settings: Pick<IslandSettings, 'subset' | 'batchSize'>): number {
  return Math.ceil(settings.subset / settings.batchSize);
}

/** The worker's settings for a run of this island's form. */
export function toRunSettings(settings: IslandSettings): TrainerSettings {
  const steps = batchesPerEpoch(settings);
  // One evaluation at the epoch's end is free (the runtime always does it); the others are live.
  const evaluateEvery =
    settings.evalsPerEpoch > 1 ? Math.max(1, Math.ceil(steps / settings.evalsPerEpoch)) : 0;
  return {
    modelId: settings.model,
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    trainSubset: settings.subset,
    testSubset: settings.testSubset,
    backend: settings.backend,
    seed: settings.seed,
    evaluateEvery,
    lrSchedule: settings.schedule,
    augment: settings.augment === 'on',
    ...(settings.smoothing > 0 ? { labelSmoothing: settings.smoothing } : {}),
    ...(settings.flip === 'on' ? { flipTest: true } : {}),
    ...(settings.model === 'mnist-mlp' && settings.hidden > 0 ? { model: { units: [settings.hidden] } } : {}),
  };
}

/**
 * The form settings a saved run used (a checkpoint's `settings`), so a reload shows the setup
 * that produced the checkpoint. Evaluations per epoch are not saved; the default is used.
 */
export function fromRunSettings(dataset: TrainerDataset, run: TrainerSettings): IslandSettings {
  const defaults = DEFAULT_SETTINGS[dataset];
  const units = run.model?.units;
  const candidate: IslandSettings = {
    model: run.modelId,
    epochs: run.epochs,
    batchSize: run.batchSize,
    learningRate: run.learningRate,
    subset: run.trainSubset ?? TRAIN_SIZE[dataset],
    testSubset: run.testSubset ?? TEST_SIZE[dataset],
    evalsPerEpoch: defaults.evalsPerEpoch,
    backend: run.backend ?? 'auto',
    seed: run.seed,
    hidden: run.modelId === 'mnist-mlp' && units?.length === 1 ? (units[0] as number) : 0,
    schedule: run.lrSchedule ?? 'constant',
    smoothing: run.labelSmoothing ?? 0,
    // The runtime augments CIFAR-10 unless told not to.
    augment: (run.augment ?? dataset === 'cifar10') ? 'on' : 'off',
    flip: run.flipTest ? 'on' : 'off',
  };
  // Keep what passes the same rules as the address; fall back to the default for the rest.
  const issues = new Set(findSettingsIssues(dataset, candidate).map((issue) => issue.key));
  const fieldByKey = Object.fromEntries(Object.entries(KEYS).map(([field, key]) => [key, field]));
  const out = { ...candidate } as unknown as Record<string, unknown>;
  for (const key of issues) {
    const field = fieldByKey[key] as keyof IslandSettings;
    out[field] = defaults[field];
  }
  return out as unknown as IslandSettings;
}
