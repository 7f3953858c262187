/** The test-set evaluation: summary line, confusion-matrix heatmap, per-class accuracy, gallery. */
import { colorAt, cssColor, textColorOn } from '../../../../lib/trainer-view/color-scale';
import { formatCount, formatPercent } from '../../../../lib/trainer-view/format';
import { normalizeRows, perClassAccuracy, worstConfusion } from '../../../../lib/trainer-view/tables';
import type { TrainerViewModel } from '../../../../lib/trainer-view/view-model';
import { find, h, imageCanvas, tableHead } from '../../../shared/dom';
import type { ViewContext } from './status';

export function renderEvaluation(context: ViewContext, vm: TrainerViewModel): void {
  const { root, t, lang, labels } = context;
  const event = vm.lastEvaluation;
  const summary = find(root, '[data-eval-summary]');
  if (!event) {
    summary.textContent = t('trainer.eval.empty');
    find(root, '[data-confusion]').replaceChildren();
    find(root, '[data-per-class]').replaceChildren();
    find(root, '[data-gallery]').replaceChildren();
    return;
  }
  const { result } = event;
  const values = {
    accuracy: formatPercent(result.accuracy, lang, 2),
    count: formatCount(result.count, lang),
    step: formatCount(event.step, lang),
  };
  let text = t(
    event.source === 'checkpoint' ? 'trainer.eval.checkpointSummary' : 'trainer.eval.summary',
    values,
  );
  const worst = result.confusion.length === labels.length ? worstConfusion(result.confusion) : undefined;
  if (worst) {
    text += ` ${t('trainer.confusion.worst', {
      actual: labels[worst.actual] ?? worst.actual,
      predicted: labels[worst.predicted] ?? worst.predicted,
      count: worst.count,
    })}`;
  }
  summary.textContent = text;
  summary.dataset.accuracy = String(result.accuracy);
  summary.dataset.count = String(result.count);
  // The accuracy ladder (`src/islands/pictures/`) adds the reader's bar from this.
  root.dispatchEvent(
    new CustomEvent('ml-test-accuracy', {
      bubbles: true,
      detail: { dataset: vm.dataset, modelId: event.modelId, accuracy: result.accuracy, step: event.step },
    }),
  );
  if (result.confusion.length === labels.length) {
    find(root, '[data-confusion]').replaceChildren(confusionTable(context, result.confusion));
    find(root, '[data-per-class]').replaceChildren(perClassTable(context, result.confusion));
  }
  find(root, '[data-gallery]').replaceChildren(...galleryItems(context, vm));
}

function confusionTable({ t, labels }: ViewContext, confusion: number[][]): HTMLTableElement {
  const shares = normalizeRows(confusion);
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, t('trainer.confusion.corner')),
    ...labels.map((label) => h('th', { scope: 'col', title: label }, label)),
  );
  const rows = confusion.map((row, actual) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row', title: labels[actual] }, labels[actual] ?? String(actual)),
      ...row.map((count, predicted) => {
        const color = colorAt(shares[actual]?.[predicted] ?? 0);
        return h(
          'td',
          {
            class: actual === predicted ? 'trainer-diagonal' : undefined,
            style: `background:${cssColor(color)};color:${textColorOn(color)}`,
          },
          String(count),
        );
      }),
    ),
  );
  return h(
    'table',
    { 'data-confusion-table': true },
    h('caption', {}, t('trainer.confusion.caption')),
    h('thead', {}, head),
    h('tbody', {}, ...rows),
  );
}

function perClassTable({ t, lang, labels }: ViewContext, confusion: number[][]): HTMLTableElement {
  const rows = perClassAccuracy(confusion, labels);
  return h(
    'table',
    { class: 'trainer-table island-table', 'data-per-class-table': true },
    h('caption', {}, t('trainer.perClass.heading')),
    tableHead([
      t('trainer.perClass.class'),
      t('trainer.perClass.accuracy'),
      t('trainer.perClass.correct'),
      t('trainer.perClass.total'),
    ]),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, row.label),
          h('td', {}, formatPercent(row.accuracy, lang)),
          h('td', {}, formatCount(row.correct, lang)),
          h('td', {}, formatCount(row.total, lang)),
        ),
      ),
    ),
  );
}

/** Top-3 bars: label, bar, percentage. */
export function topBars(
  { lang, labels }: ViewContext,
  top: { label: number; probability: number }[],
): HTMLOListElement {
  return h(
    'ol',
    { class: 'trainer-bars' },
    ...top.map(({ label, probability }) =>
      h(
        'li',
        {},
        h('span', {}, labels[label] ?? String(label)),
        h(
          'span',
          { class: 'trainer-bar', 'aria-hidden': 'true' },
          h('span', { style: `width:${(probability * 100).toFixed(1)}%` }),
        ),
        h('span', {}, formatPercent(probability, lang, 0)),
      ),
    ),
  );
}

function galleryItems(context: ViewContext, vm: TrainerViewModel): HTMLLIElement[] {
  const { t, labels } = context;
  const gallery = vm.lastEvaluation?.result.gallery ?? [];
  return gallery.map((item) => {
    const right = item.label === item.predicted;
    const verdict = t(right ? 'trainer.gallery.right' : 'trainer.gallery.wrong');
    const canvas = imageCanvas(item.pixels, item.shape);
    canvas.setAttribute('role', 'img');
    canvas.setAttribute(
      'aria-label',
      t('trainer.gallery.item', {
        index: item.index,
        label: labels[item.label] ?? item.label,
        predicted: labels[item.predicted] ?? item.predicted,
        verdict,
      }),
    );
    return h(
      'li',
      { 'data-verdict': right ? 'right' : 'wrong' },
      canvas,
      h('span', { class: 'trainer-verdict' }, `${right ? '✓' : '✗'} ${verdict}`),
      h('span', {}, t('trainer.gallery.true', { label: labels[item.label] ?? item.label })),
      topBars(context, item.top3),
    );
  });
}
