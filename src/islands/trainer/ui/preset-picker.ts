/**
 * The preset radio group above the trainer's form: picking a preset fills the form and the
 * address with it; any edit of the form selects "custom"; choosing "custom" opens the full
 * settings. Which preset the settings are (`matchPreset`) is the one source of the choice.
 */
import { findPreset, matchPreset } from '../../../lib/ml/presets';
import {
  type IslandSettings,
  QUERY_PARAM,
  type TrainerDataset,
  withSettings,
} from '../../../lib/trainer-view/settings';
import { find } from '../../shared/dom';

function radios(root: HTMLElement): HTMLInputElement[] {
  return [...find(root, '[data-presets]').querySelectorAll<HTMLInputElement>('input[type="radio"]')];
}

function details(root: HTMLElement): HTMLDetailsElement {
  return find<HTMLDetailsElement>(root, '.trainer-details');
}

/** Checks the radio of the preset `settings` are, or "custom", and marks the island with it. */
export function showPreset(root: HTMLElement, kind: TrainerDataset, settings: IslandSettings): string {
  const id = matchPreset(kind, settings);
  for (const radio of radios(root)) radio.checked = radio.value === id;
  root.dataset.preset = id;
  return id;
}

/**
 * Opens the full settings when the page opens on a custom setup from the address (a shared
 * experiment shows its fields) or on values the address could not use.
 */
export function openDetailsFor(
  root: HTMLElement,
  kind: TrainerDataset,
  settings: IslandSettings,
  issues: number,
): void {
  const named = new URLSearchParams(location.search).has(QUERY_PARAM[kind]);
  if (issues > 0 || (named && matchPreset(kind, settings) === 'custom')) details(root).open = true;
}

/** Wires the radios: a preset's settings go to `apply`; "custom" opens the settings. */
export function bindPresetPicker(
  root: HTMLElement,
  kind: TrainerDataset,
  apply: (settings: IslandSettings) => void,
): void {
  const form = find<HTMLFormElement>(root, '[data-presets]');
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('change', (event) => {
    const radio = event.target as HTMLInputElement;
    if (radio.value === 'custom') {
      details(root).open = true;
      return;
    }
    const preset = findPreset(kind, radio.value);
    if (!preset) return;
    const settings = { ...preset.settings };
    const search = withSettings(kind, location.search, settings);
    history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
    apply(settings);
  });
}
