/** The model summary: one row per layer with its output shape and parameter count. */
import { formatCount } from '../../../../lib/trainer-view/format';
import { formatShape } from '../../../../lib/trainer-view/tables';
import type { TrainerViewModel } from '../../../../lib/trainer-view/view-model';
import { find, h, tableHead } from '../../../shared/dom';
import type { ViewContext } from './status';

export function renderSummary({ root, t, lang }: ViewContext, vm: TrainerViewModel): void {
  const total = find(root, '[data-summary-total]');
  const holder = find(root, '[data-summary-table]');
  const summary = vm.summary;
  if (!summary) {
    total.textContent = t('trainer.summary.empty');
    holder.replaceChildren();
    return;
  }
  total.textContent = `${t(`trainer.model.${summary.modelId}`)}: ${t('trainer.summary.total', {
    total: formatCount(summary.totalParams, lang),
    trainable: formatCount(summary.trainableParams, lang),
  })}`;
  total.dataset.params = String(summary.totalParams);
  holder.replaceChildren(
    h(
      'table',
      { class: 'trainer-table island-table' },
      tableHead([
        t('trainer.summary.layer'),
        t('trainer.summary.type'),
        t('trainer.summary.output'),
        t('trainer.summary.params'),
      ]),
      h(
        'tbody',
        {},
        ...summary.layers.map((layer) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, layer.name),
            h('td', {}, layer.className),
            h('td', {}, formatShape(layer.outputShape)),
            h('td', {}, formatCount(layer.params, lang)),
          ),
        ),
      ),
    ),
  );
}
