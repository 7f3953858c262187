/** The checkpoint panel: what is saved in this browser for the selected model. */
import type { CheckpointInfo } from '../../../../lib/ml/protocol';
import { formatPercent } from '../../../../lib/trainer-view/format';
import { find } from '../../../shared/dom';
import type { ViewContext } from './status';

export function formatSavedAt(iso: string, lang: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function renderCheckpoint({ root, t, lang }: ViewContext, checkpoint: CheckpointInfo | null): void {
  const status = find(root, '[data-checkpoint-status]');
  if (!checkpoint) {
    status.textContent = t('trainer.checkpoint.none');
    delete status.dataset.epoch;
    return;
  }
  let text = t('trainer.checkpoint.saved', {
    model: t(`trainer.model.${checkpoint.modelId}`),
    epoch: checkpoint.epoch,
    step: checkpoint.step,
    savedAt: formatSavedAt(checkpoint.savedAt, lang),
  });
  // Checkpoints saved before protocol 3 carry no validation figure (theirs was a test figure): none is shown.
  if (typeof checkpoint.validationAccuracy === 'number') {
    text += ` ${t('trainer.readout.validationAccuracy')}: ${formatPercent(checkpoint.validationAccuracy, lang, 2)}`;
  }
  status.textContent = text;
  status.dataset.epoch = String(checkpoint.epoch);
  status.dataset.model = checkpoint.modelId;
}
