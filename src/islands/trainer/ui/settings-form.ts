/**
 * The trainer's settings form: filling it from settings, reading it back through the same
 * decoder as the address (so a field and the `?mnist=` parameter accept the same values),
 * listing what is wrong, and keeping the address in step while the reader edits.
 */
import type { ModelId } from '../../../lib/ml/protocol';
import {
  decodeSettings,
  type IslandSettings,
  QUERY_PARAM,
  type Rule,
  type SettingsIssue,
  type TrainerDataset,
  withSettings,
} from '../../../lib/trainer-view/settings';
import { find, h } from '../../shared/dom';
import type { Translate } from '../../shared/strings';

const FIELDS = [
  'model',
  'epochs',
  'batchSize',
  'learningRate',
  'subset',
  'testSubset',
  'evalsPerEpoch',
  'backend',
  'seed',
  'hidden',
  'schedule',
  'augment',
  'smoothing',
  'flip',
] as const;
/** Address keys of the form fields, in `FIELDS` order (see `settings.ts`). */
const ADDRESS_KEYS = [
  'model',
  'epochs',
  'bs',
  'lr',
  'n',
  'test',
  'evals',
  'backend',
  'seed',
  'h',
  'sched',
  'aug',
  'ls',
  'flip',
];

function formOf(root: HTMLElement): HTMLFormElement {
  return find<HTMLFormElement>(root, '.trainer-settings');
}

function controlOf(form: HTMLFormElement, field: string): HTMLInputElement | HTMLSelectElement | null {
  return form.elements.namedItem(field) as HTMLInputElement | HTMLSelectElement | null;
}

/** Writes `settings` into the form's fields. */
export function applySettingsToForm(root: HTMLElement, settings: IslandSettings): void {
  const form = formOf(root);
  for (const field of FIELDS) {
    const control = controlOf(form, field);
    if (control) control.value = String(settings[field]);
  }
  syncModelFields(root, settings.model);
}

/** The hidden-units field only means something for the MLP. */
function syncModelFields(root: HTMLElement, model: ModelId): void {
  for (const label of root.querySelectorAll<HTMLElement>('[data-only-model]')) {
    label.hidden = label.dataset.onlyModel !== model;
  }
}

function readForm(
  root: HTMLElement,
  kind: TrainerDataset,
): { settings: IslandSettings; issues: SettingsIssue[] } {
  const form = formOf(root);
  const pairs = FIELDS.map((field, i) => {
    const control = controlOf(form, field);
    return control ? `${ADDRESS_KEYS[i]}:${control.value.trim()}` : '';
  }).filter(Boolean);
  const search = `?${QUERY_PARAM[kind]}=${encodeURIComponent(pairs.join(','))}`;
  return decodeSettings(kind, search);
}

function describeRule(t: Translate, rule: Rule): string {
  if (rule.kind === 'choice') return t('trainer.expected.choice', { choices: rule.choices.join(', ') });
  if (rule.kind === 'hidden') return t('trainer.expected.hidden');
  return t(`trainer.expected.${rule.kind}`, { min: rule.min, max: rule.max });
}

/** Lists what is wrong with the settings, each with the values it expects. */
export function showIssues(root: HTMLElement, t: Translate, issues: SettingsIssue[]): void {
  find(root, '.trainer-issues').replaceChildren(
    ...issues.map((issue) =>
      h(
        'li',
        {},
        t(issue.unknownKey ? 'trainer.settingsUnknownKey' : 'trainer.settingsIssue', {
          key: issue.key,
          value: issue.value,
          expected: describeRule(t, issue.rule),
        }),
      ),
    ),
  );
}

/**
 * On every edit: reads the form, lists its issues, and (when it is valid) writes the settings
 * to the address without a new history entry; then hands them to `onChange`.
 */
export function bindSettingsForm(
  root: HTMLElement,
  kind: TrainerDataset,
  t: Translate,
  onChange: (settings: IslandSettings, valid: boolean) => void,
): void {
  const form = formOf(root);
  const update = () => {
    const { settings, issues } = readForm(root, kind);
    const valid = issues.length === 0;
    showIssues(root, t, issues);
    syncModelFields(root, settings.model);
    if (valid) {
      const search = withSettings(kind, location.search, settings);
      history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
    }
    onChange(settings, valid);
  };
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', (event) => event.preventDefault());
}
