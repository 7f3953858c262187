/**
 * The trainer's buttons: one click listener on the island dispatches on `data-action`, so
 * buttons the markup adds later need no wiring of their own; the import field hands over its files.
 */
import { find } from '../../shared/dom';

export type Action =
  | 'start'
  | 'continue'
  | 'pause'
  | 'resume'
  | 'step'
  | 'reset'
  | 'evaluate'
  | 'score-test'
  | 'export'
  | 'clear-drawing'
  | 'use-pretrained';

export function bindActions(
  root: HTMLElement,
  handlers: Record<Action, () => void>,
  onImport: (files: File[]) => void,
): void {
  root.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    if (!button || button.disabled || !root.contains(button)) return;
    const action = button.dataset.action;
    if (action && Object.hasOwn(handlers, action)) handlers[action as Action]();
  });
  const input = find<HTMLInputElement>(root, 'input[data-action="import"]');
  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    // Cleared so that choosing the same files again fires `change` again.
    input.value = '';
    if (files.length > 0) onImport(files);
  });
}
