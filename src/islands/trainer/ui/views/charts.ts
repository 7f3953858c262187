/**
 * Training and evaluation curves drawn with uPlot, each with a table twin for readers who
 * cannot see the canvas. Loaded with the trainer session, never with the page.
 * Canvas colours are read from Starlight's variables and re-read when the theme flips.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatCount, formatNumber, formatPercent } from '../../../../lib/trainer-view/format';
import {
  type EvaluationPoint,
  evaluationSeries,
  trainingSeries,
  trainingTableRows,
} from '../../../../lib/trainer-view/series';
import type { TrainerViewModel } from '../../../../lib/trainer-view/view-model';
import { find, h } from '../../../shared/dom';
import type { ViewContext } from './status';

interface Palette {
  text: string;
  grid: string;
  loss: string;
  accuracy: string;
  validation: string;
  test: string;
}

function readPalette(element: HTMLElement): Palette {
  const style = getComputedStyle(element);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--sl-color-gray-2', '#888'),
    grid: v('--sl-color-hairline', 'rgba(128,128,128,0.3)'),
    loss: v('--sl-color-orange', '#e67e22'),
    accuracy: v('--sl-color-accent', '#5b4fd1'),
    validation: v('--sl-color-green', '#2ecc71'),
    test: v('--sl-color-red', '#e74c3c'),
  };
}

const HEIGHT = 220;

export interface ChartsView {
  render(vm: TrainerViewModel, parts: Set<string>): void;
  destroy(): void;
}

function axisStyle(palette: Palette) {
  return { stroke: palette.text, grid: { stroke: palette.grid, width: 1 }, ticks: { stroke: palette.grid } };
}

function percentTicks(lang: string) {
  return (_u: uPlot, values: number[]) => values.map((value) => formatPercent(value, lang, 0));
}

/** Training loss (left axis) and training-batch accuracy (right axis) per step. */
function trainingOptions({ t, lang }: ViewContext, palette: Palette, width: number): uPlot.Options {
  const axis = axisStyle(palette);
  return {
    width,
    height: HEIGHT,
    scales: { x: { time: false }, loss: { auto: true }, acc: { range: [0, 1] } },
    series: [
      { label: t('trainer.chart.step') },
      {
        label: t('trainer.chart.loss'),
        scale: 'loss',
        stroke: palette.loss,
        width: 1.5,
        value: (_u, v) => formatNumber(v, lang),
      },
      {
        label: t('trainer.chart.accuracy'),
        scale: 'acc',
        stroke: palette.accuracy,
        width: 1.5,
        value: (_u, v) => formatPercent(v, lang),
      },
    ],
    axes: [
      { ...axis, label: t('trainer.chart.step') },
      { ...axis, scale: 'loss', label: t('trainer.chart.loss') },
      { ...axis, scale: 'acc', side: 1, grid: { show: false }, values: percentTicks(lang) },
    ],
    legend: { live: true },
  };
}

/**
 * Validation accuracy at each evaluation, as points joined by a line, and the test score (once
 * the reader asks for it) as a lone larger point of another colour: two splits, two series.
 */
function evaluationOptions({ t, lang }: ViewContext, palette: Palette, width: number): uPlot.Options {
  const axis = axisStyle(palette);
  return {
    width,
    height: HEIGHT,
    scales: { x: { time: false }, acc: { range: [0, 1] } },
    series: [
      { label: t('trainer.chart.step') },
      {
        label: t('trainer.chart.validationAccuracy'),
        scale: 'acc',
        stroke: palette.validation,
        width: 2,
        spanGaps: true,
        points: { show: true, size: 6, fill: palette.validation },
        value: (_u, v) => (v === null ? '–' : formatPercent(v, lang)),
      },
      {
        label: t('trainer.chart.testAccuracy'),
        scale: 'acc',
        stroke: palette.test,
        width: 0,
        points: { show: true, size: 10, fill: palette.test },
        value: (_u, v) => (v === null ? '–' : formatPercent(v, lang)),
      },
    ],
    axes: [
      { ...axis, label: t('trainer.chart.step') },
      { ...axis, scale: 'acc', values: percentTicks(lang) },
    ],
  };
}

function fillTrainingTable({ root, t, lang }: ViewContext, vm: TrainerViewModel): void {
  const body = find(root, '[data-chart="training"] table.trainer-table tbody');
  const rows = trainingTableRows(vm.training);
  if (rows.length === 0) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: 3 }, t('trainer.chart.empty'))));
    return;
  }
  body.replaceChildren(
    ...rows.map((p) =>
      h(
        'tr',
        {},
        h('td', {}, formatCount(p.step, lang)),
        h('td', {}, formatNumber(p.loss, lang)),
        h('td', {}, formatPercent(p.accuracy, lang)),
      ),
    ),
  );
}

/** The validation rows in step order, then the test score (if asked for) as a last row of its own. */
function fillEvaluationTable({ root, t, lang }: ViewContext, vm: TrainerViewModel): void {
  const body = find(root, '[data-chart="evaluation"] table.trainer-table tbody');
  if (vm.evaluations.length === 0 && !vm.testScore) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: 4 }, t('trainer.chart.empty'))));
    return;
  }
  const row = (e: EvaluationPoint, split: 'validation' | 'test') =>
    h(
      'tr',
      { 'data-split': split },
      h('td', {}, formatCount(e.step, lang)),
      h('td', {}, t(`trainer.chart.split.${split}`)),
      h('td', {}, formatPercent(e.accuracy, lang, 2)),
      h('td', {}, formatNumber(e.loss, lang)),
    );
  const rows = vm.evaluations.map((e) => row(e, 'validation'));
  if (vm.testScore) rows.push(row(vm.testScore, 'test'));
  body.replaceChildren(...rows);
}

export function createCharts(context: ViewContext): ChartsView {
  const { root } = context;
  const trainingPlot = find(root, '[data-chart="training"] .trainer-chart-plot');
  const evaluationPlot = find(root, '[data-chart="evaluation"] .trainer-chart-plot');
  let training: uPlot | null = null;
  let evaluation: uPlot | null = null;
  let last: TrainerViewModel | null = null;

  function build(): void {
    training?.destroy();
    evaluation?.destroy();
    const palette = readPalette(root);
    training = new uPlot(
      trainingOptions(context, palette, Math.max(240, trainingPlot.clientWidth)),
      [[], [], []],
      trainingPlot,
    );
    evaluation = new uPlot(
      evaluationOptions(context, palette, Math.max(240, evaluationPlot.clientWidth)),
      [[], [], []],
      evaluationPlot,
    );
    if (last) draw(last, new Set(['training', 'evaluation']));
  }

  function draw(vm: TrainerViewModel, parts: Set<string>): void {
    if (parts.has('training')) {
      training?.setData(trainingSeries(vm.training));
      fillTrainingTable(context, vm);
    }
    if (parts.has('evaluation')) {
      evaluation?.setData(evaluationSeries(vm.evaluations, vm.testScore) as uPlot.AlignedData);
      fillEvaluationTable(context, vm);
    }
  }

  const resize = new ResizeObserver(() => {
    training?.setSize({ width: Math.max(240, trainingPlot.clientWidth), height: HEIGHT });
    evaluation?.setSize({ width: Math.max(240, evaluationPlot.clientWidth), height: HEIGHT });
  });
  resize.observe(trainingPlot);
  resize.observe(evaluationPlot);
  // Starlight flips `data-theme` on <html>; canvas colours must follow.
  const theme = new MutationObserver(build);
  theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  build();

  return {
    render(vm, parts) {
      last = vm;
      draw(vm, parts);
    },
    destroy() {
      resize.disconnect();
      theme.disconnect();
      training?.destroy();
      evaluation?.destroy();
    },
  };
}
