/**
 * The newest evaluation, of the validation or the test split: summary line, confusion-matrix
 * heatmap, precision and recall per class with the most confused pairs, gallery.
 */
import { colorAt, cssColor, textColorOn } from '../../../../lib/trainer-view/color-scale';
import { analyseErrors, type ErrorAnalysis } from '../../../../lib/trainer-view/error-analysis';
import { formatCount, formatPercent } from '../../../../lib/trainer-view/format';
import { normalizeRows } from '../../../../lib/trainer-view/tables';
import type { TrainerViewModel } from '../../../../lib/trainer-view/view-model';
import { find, h, imageCanvas, tableHead } from '../../../shared/dom';
import type { ViewContext } from './status';

const SUMMARY_KEY = {
  checkpoint: 'trainer.eval.checkpointSummary',
  test: 'trainer.eval.testSummary',
  live: 'trainer.eval.validationSummary',
  epoch: 'trainer.eval.validationSummary',
} as const;

export function renderEvaluation(context: ViewContext, vm: TrainerViewModel): void {
  const { root, t, lang, labels } = context;
  const event = vm.lastEvaluation;
  const summary = find(root, '[data-eval-summary]');
  const confused = find(root, '[data-most-confused]');
  if (!event) {
    summary.textContent = t('trainer.eval.empty');
    delete summary.dataset.split;
    confused.textContent = '';
    find(root, '[data-confusion]').replaceChildren();
    find(root, '[data-per-class]').replaceChildren();
    find(root, '[data-gallery]').replaceChildren();
    return;
  }
  const { result } = event;
  summary.textContent = t(SUMMARY_KEY[event.source], {
    accuracy: formatPercent(result.accuracy, lang, 2),
    count: formatCount(result.count, lang),
    step: formatCount(event.step, lang),
  });
  summary.dataset.split = event.split;
  summary.dataset.accuracy = String(result.accuracy);
  summary.dataset.count = String(result.count);
  if (event.split === 'test') {
    // The accuracy ladder (`src/islands/pictures/`) adds the reader's bar from this: test scores only.
    root.dispatchEvent(
      new CustomEvent('ml-test-accuracy', {
        bubbles: true,
        detail: { dataset: vm.dataset, modelId: event.modelId, accuracy: result.accuracy, step: event.step },
      }),
    );
  }
  if (result.confusion.length === labels.length) {
    const analysis = analyseErrors(result.confusion, labels);
    find(root, '[data-confusion]').replaceChildren(confusionTable(context, result.confusion));
    find(root, '[data-per-class]').replaceChildren(
      precisionRecallTable(context, analysis),
      h('p', { class: 'island-hint' }, t('trainer.perClass.note')),
    );
    confused.textContent = mostConfusedLine(context, analysis);
  }
  find(root, '[data-gallery]').replaceChildren(...galleryItems(context, vm));
}

/** "Most confused: cat ↔ dog (41 + 37), …": each pair with both directions of its mistakes. */
function mostConfusedLine({ t, lang }: ViewContext, analysis: ErrorAnalysis): string {
  if (analysis.pairs.length === 0) return t('trainer.confusion.noneConfused');
  const pairs = analysis.pairs.map((p) =>
    t('trainer.confusion.pair', {
      a: p.nameA,
      b: p.nameB,
      aAsB: formatCount(p.aAsB, lang),
      bAsA: formatCount(p.bAsA, lang),
    }),
  );
  return t('trainer.confusion.mostConfused', {
    pairs: new Intl.ListFormat(lang, { type: 'conjunction' }).format(pairs),
  });
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

function precisionRecallTable({ t, lang }: ViewContext, analysis: ErrorAnalysis): HTMLTableElement {
  const percent = (value: number) => formatPercent(value, lang);
  return h(
    'table',
    { class: 'trainer-table island-table', 'data-per-class-table': true },
    h('caption', {}, t('trainer.perClass.heading')),
    tableHead([
      t('trainer.perClass.class'),
      t('trainer.perClass.precision'),
      t('trainer.perClass.recall'),
      t('trainer.perClass.total'),
    ]),
    h(
      'tbody',
      {},
      ...analysis.rows.map((row) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, row.label),
          h('td', {}, percent(row.precision)),
          h('td', {}, percent(row.recall)),
          h('td', {}, formatCount(row.support, lang)),
        ),
      ),
    ),
    h(
      'tfoot',
      {},
      h(
        'tr',
        { 'data-macro': true },
        h('th', { scope: 'row' }, t('trainer.perClass.macro')),
        h('td', {}, percent(analysis.macro.precision)),
        h('td', {}, percent(analysis.macro.recall)),
        h(
          'td',
          {},
          formatCount(
            analysis.rows.reduce((sum, row) => sum + row.support, 0),
            lang,
          ),
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
  const image = t(
    vm.lastEvaluation?.split === 'test' ? 'trainer.gallery.testImage' : 'trainer.gallery.validationImage',
  );
  return gallery.map((item) => {
    const right = item.label === item.predicted;
    const verdict = t(right ? 'trainer.gallery.right' : 'trainer.gallery.wrong');
    const canvas = imageCanvas(item.pixels, item.shape);
    canvas.setAttribute('role', 'img');
    canvas.setAttribute(
      'aria-label',
      t('trainer.gallery.item', {
        image,
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
