/**
 * "Use the pretrained model": downloads the committed model of this trainer's dataset
 * (`src/platform/pretrained-models.ts`), loads it as a checkpoint through the same import the
 * file field uses, and measures it on the whole test split in the page, so the gallery, the
 * confusion matrix and the drawing pad work with no training.
 */
import type { DatasetName } from '../../../lib/data/manifest';
import type { EvaluationResult } from '../../../lib/ml/metrics';
import type { CheckpointInfo, ModelId } from '../../../lib/ml/protocol';
import { fetchPretrainedFiles, pretrainedFor } from '../../../platform/pretrained-models';
import { find } from '../../shared/dom';
import type { Translate } from '../../shared/strings';
import type { Session } from './session';

export interface PretrainedHost {
  root: HTMLElement;
  t: Translate;
  lang: string;
  dataset: DatasetName;
  /** Selects `model` in the form, so the drawing pad and Evaluate use it. */
  selectModel(model: ModelId): void;
  openSession(): Promise<Session>;
  onCheckpoint(checkpoint: CheckpointInfo): void;
  /** Evaluates the checkpoint of the selected model on the whole test split (`flip`: test-time flip). */
  evaluateAll(flip: boolean): Promise<EvaluationResult | null>;
}

export async function usePretrained(host: PretrainedHost): Promise<void> {
  const status = find(host.root, '[data-pretrained-status]');
  const button = host.root.querySelector<HTMLButtonElement>('button[data-action="use-pretrained"]');
  const model = pretrainedFor(host.dataset);
  if (!model) {
    status.textContent = host.t(`trainer.pretrained.none.${host.dataset}`);
    return;
  }
  if (button) button.disabled = true;
  status.textContent = host.t('trainer.pretrained.loading');
  try {
    const files = await fetchPretrainedFiles(model);
    const { client } = await host.openSession();
    host.selectModel(model.card.modelId);
    host.onCheckpoint(await client.importModel(model.card.modelId, files));
    status.textContent = host.t('trainer.pretrained.evaluating');
    // Scored as its card was: with test-time flip when its recipe used it.
    const result = await host.evaluateAll(model.card.settings.flipTest === true);
    if (!result) return;
    const percent = new Intl.NumberFormat(host.lang, { style: 'percent', minimumFractionDigits: 2 });
    host.root.dataset.pretrainedAccuracy = String(result.accuracy);
    status.textContent = host.t('trainer.pretrained.scored', {
      accuracy: percent.format(result.accuracy),
      images: result.count.toLocaleString(host.lang),
      card: percent.format(model.card.testAccuracy),
    });
  } catch (error) {
    status.textContent = host.t('trainer.pretrained.error', { detail: (error as Error).message });
  } finally {
    if (button) button.disabled = false;
  }
}
