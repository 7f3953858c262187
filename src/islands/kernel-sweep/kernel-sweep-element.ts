/**
 * `<ml-kernel-sweep>`: draws the committed reference sweep at once, and on Run trains the
 * chosen points in a worker (TF.js loads there, only then), drawing each result as it lands.
 * Every view is a chart and a table built from the same series (`src/lib/experiments/`).
 * Stops on Stop, when the tab is hidden, and for good when the page goes away.
 */
import {
  DEFAULT_SWEEP_BUDGET,
  planSweep,
  type SweepBudget,
  type SweepPoint,
  sweepPoint,
} from '../../lib/experiments/kernel-sweep';
import { placeLineChart } from '../../lib/experiments/line-chart';
import type { SweepBackend, SweepCommand, SweepEvent } from '../../lib/experiments/sweep-protocol';
import type { SweepPointResult } from '../../lib/experiments/sweep-result';
import {
  applySweepEvent,
  createSweepView,
  isBusy,
  metricRows,
  metricSeries,
  perClassSeries,
  perClassSource,
  RATIO_METRICS,
  recallLoss,
  type Series,
  type SweepMetric,
  type SweepView,
  startSweep,
} from '../../lib/experiments/sweep-view';
import type { Activation } from '../../lib/ml/catalog';
import { find, h, tableHead } from '../shared/dom';
import { IslandElement } from '../shared/island';
import { pageLang, readStrings, type Translate } from '../shared/strings';
import { bindTabList, selectTab } from '../shared/tabs';

type ViewName = SweepMetric | 'classRecall' | 'classPrecision';
const SVG = 'http://www.w3.org/2000/svg';
const ACTIVATION_COLOUR: Record<Activation, string> = { relu: 'var(--sl-color-accent)', prelu: '#d97706' };

function svg(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function seriesColour(series: Series): string {
  if (series.label !== undefined) return `hsl(${series.label * 36} 70% 50%)`;
  return ACTIVATION_COLOUR[series.activation];
}

export class KernelSweepElement extends IslandElement {
  #t!: Translate;
  #view!: SweepView;
  #current: ViewName = 'validationAccuracy';
  #worker: Worker | undefined;
  #hiddenStop = false;
  #percent!: Intl.NumberFormat;
  #count!: Intl.NumberFormat;

  protected mount(): void {
    this.#t = readStrings(this);
    const lang = pageLang();
    this.#percent = new Intl.NumberFormat(lang, {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
    this.#count = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    this.#view = createSweepView(JSON.parse(this.dataset.reference ?? '[]') as SweepPointResult[]);
    const tabs = find(this, '[data-views]');
    bindTabList(tabs, (tab) => {
      selectTab(tabs, tab);
      find(this, '[data-panel]').setAttribute('aria-labelledby', tab.id);
      this.#current = tab.dataset.view as ViewName;
      this.#render();
    });
    find(this, '[data-run]').addEventListener('click', () => this.#runChosen());
    find(this, '[data-stop]').addEventListener('click', () => this.#post({ type: 'stop' }));
    find(this, '[data-body]').addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-point]');
      if (!button) return;
      const [activation, filters] = (button.dataset.point ?? '').split('-');
      this.#run([sweepPoint(Number(filters), activation as Activation)]);
    });
    document.addEventListener('visibilitychange', () => {
      if (document.hidden && isBusy(this.#view)) {
        this.#hiddenStop = true;
        this.#post({ type: 'stop' });
      }
    });
    window.addEventListener('pagehide', () => this.#worker?.terminate());
    this.#render();
    this.dataset.ready = 'true';
  }

  #settings(): { points: SweepPoint[]; budget: SweepBudget; backend: SweepBackend } {
    const form = find(this, '[data-settings]');
    const checked = (name: string) =>
      [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
    const number = (name: string) => Number(find<HTMLInputElement>(form, `input[name="${name}"]`).value);
    const plan = planSweep({
      filters: checked('filters').map(Number),
      activations: checked('activations') as Activation[],
      budget: {
        ...DEFAULT_SWEEP_BUDGET,
        trainImages: number('trainImages'),
        validationImages: number('validationImages'),
        epochs: number('epochs'),
      },
    });
    const backend = find<HTMLSelectElement>(form, 'select[name="backend"]').value as SweepBackend;
    return { ...plan, backend };
  }

  #runChosen(): void {
    try {
      this.#run(this.#settings().points);
    } catch (error) {
      this.#fail((error as Error).message);
    }
  }

  #run(points: SweepPoint[]): void {
    if (isBusy(this.#view)) return;
    let settings: { budget: SweepBudget; backend: SweepBackend };
    try {
      settings = this.#settings();
    } catch (error) {
      this.#fail((error as Error).message);
      return;
    }
    this.#hiddenStop = false;
    this.#view = startSweep(this.#view);
    this.#post({
      type: 'run',
      dataUrl: new URL(this.dataset.dataUrl ?? '/data/', document.baseURI).href,
      backend: settings.backend,
      points,
      budget: settings.budget,
    });
    this.#render();
  }

  #fail(message: string): void {
    this.#view = applySweepEvent(this.#view, { type: 'error', message });
    this.#render();
  }

  #post(command: SweepCommand): void {
    if (command.type === 'stop' && !this.#worker) return;
    this.#worker ??= this.#createWorker();
    this.#worker.postMessage(command);
  }

  #createWorker(): Worker {
    const worker = new Worker(new URL('./sweep-worker.ts', import.meta.url), {
      type: 'module',
      name: 'kernel-sweep',
    });
    worker.addEventListener('message', (event: MessageEvent<SweepEvent>) => {
      this.#view = applySweepEvent(this.#view, event.data);
      this.#render();
    });
    const fail = (message: string) => {
      worker.terminate();
      if (this.#worker === worker) this.#worker = undefined;
      this.#fail(message);
    };
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      fail(event.message || 'The sweep worker did not load or stopped with an uncaught error.');
    });
    worker.addEventListener('messageerror', () => fail('A message from the sweep worker could not be read.'));
    return worker;
  }

  #render(): void {
    const view = this.#view;
    const busy = isBusy(view);
    this.dataset.phase = view.phase;
    this.dataset.yours = String(view.yours.length);
    find<HTMLButtonElement>(this, '[data-run]').disabled = busy;
    find<HTMLButtonElement>(this, '[data-stop]').disabled = !busy;
    for (const button of this.querySelectorAll<HTMLButtonElement>('button[data-point]'))
      button.disabled = busy;
    find(this, '[data-status]').textContent = this.#statusText();
    const error = find(this, '[data-error]');
    error.hidden = view.phase !== 'error';
    error.textContent = view.error ? this.#t('sweep.error', { message: view.error }) : '';
    if (this.#current === 'classRecall' || this.#current === 'classPrecision') this.#renderPerClass();
    else this.#renderMetric(this.#current);
  }

  #statusText(): string {
    const { phase, running, backend, yours } = this.#view;
    const t = this.#t;
    if (phase === 'loading') return t('sweep.status.loading');
    if (phase === 'running' && running) {
      return t('sweep.status.running', {
        point: running.pointId,
        step: running.step,
        total: running.totalSteps,
        rate: this.#count.format(running.imagesPerSec),
        backend: backend ?? '…',
      });
    }
    if (phase === 'stopped') return t(this.#hiddenStop ? 'sweep.status.hidden' : 'sweep.status.stopped');
    if (phase === 'done') return t('sweep.status.done', { count: yours.length, backend: backend ?? '…' });
    return phase === 'error' ? '' : t('sweep.status.idle');
  }

  #format(metric: SweepMetric, value: number | null): string {
    if (value === null) return this.#t('sweep.noResult');
    return RATIO_METRICS.has(metric) ? this.#percent.format(value) : this.#count.format(value);
  }

  #renderMetric(metric: SweepMetric): void {
    const t = this.#t;
    const series = metricSeries(this.#view, metric);
    const name = t(`sweep.view.${metric}`);
    this.#drawChart(
      series,
      RATIO_METRICS.has(metric) ? 'ratio' : 'log',
      t('sweep.caption.metric', { metric: name }),
    );
    find(this, '[data-legend]').replaceChildren(
      ...series.map((s) => h('li', { style: `--swatch: ${seriesColour(s)}` }, t(`sweep.series.${s.id}`))),
    );
    find(this, '[data-weakest]').hidden = true;
    find(this, '[data-table-caption]').textContent = t('sweep.caption.table', { metric: name });
    const columns = ['reference-relu', 'reference-prelu', 'yours-relu', 'yours-prelu'] as const;
    this.#replaceHead([
      t('sweep.column.filters'),
      ...columns.map((c) => t(`sweep.series.${c}`)),
      t('sweep.column.rerun'),
    ]);
    const busy = isBusy(this.#view);
    find(this, '[data-body]').replaceChildren(
      ...metricRows(this.#view, metric).map((row) =>
        h(
          'tr',
          {},
          h(
            'th',
            { scope: 'row' },
            t('sweep.filtersValue', { first: row.filters[0], second: row.filters[1] }),
          ),
          ...columns.map((c) => h('td', {}, this.#format(metric, row.cells[c]))),
          h(
            'td',
            {},
            ...(['relu', 'prelu'] as const).map((activation) =>
              h(
                'button',
                {
                  type: 'button',
                  'data-point': `${activation}-${row.firstFilters}`,
                  'aria-label': t('sweep.rerun', {
                    activation: t(`sweep.activation.${activation}`),
                    filters: row.firstFilters,
                  }),
                  disabled: busy,
                },
                t(`sweep.activation.${activation}`),
              ),
            ),
          ),
        ),
      ),
    );
  }

  #renderPerClass(): void {
    const t = this.#t;
    const which = this.#current === 'classRecall' ? 'recall' : 'precision';
    const { source, results } = perClassSource(this.#view);
    const series = perClassSeries(results, which);
    const caption = t('sweep.caption.perClass', {
      metric: t(`sweep.view.${this.#current}`),
      source: t(`sweep.source.${source}`),
    });
    this.#drawChart(series, 'ratio', caption);
    find(this, '[data-legend]').replaceChildren(
      ...series.map((s) => h('li', { style: `--swatch: ${seriesColour(s)}` }, String(s.label))),
    );
    const weakest = find(this, '[data-weakest]');
    const losses = recallLoss(results).slice(0, 3);
    weakest.hidden = losses.length === 0;
    weakest.textContent = t('sweep.weakest', {
      digits: losses.map((l) => `${l.label} (−${(l.loss * 100).toFixed(1)})`).join(', '),
    });
    find(this, '[data-table-caption]').textContent = caption;
    const widths = results.map((r) => r.firstFilters);
    this.#replaceHead([
      t('sweep.column.digit'),
      ...results.map((r) => t('sweep.filtersValue', { first: r.filters[0], second: r.filters[1] })),
    ]);
    find(this, '[data-body]').replaceChildren(
      ...series.map((s) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, String(s.label)),
          ...widths.map((w) => h('td', {}, this.#percent.format(s.points.find((p) => p.x === w)?.y ?? 0))),
        ),
      ),
    );
  }

  #replaceHead(columns: string[]): void {
    const head = tableHead(columns);
    head.setAttribute('data-head', '');
    find(this, '[data-head]').replaceWith(head);
  }

  #drawChart(series: Series[], scale: 'ratio' | 'log', caption: string): void {
    const chart = find<SVGSVGElement>(this, '[data-chart]');
    find(this, '[data-caption]').textContent = caption;
    const geometry = placeLineChart(series, scale);
    const { frame } = geometry;
    const formatY = (value: number) =>
      scale === 'ratio' ? this.#percent.format(value) : this.#count.format(value);
    const children: SVGElement[] = [];
    for (const tick of geometry.yTicks) {
      children.push(
        svg('line', {
          class: 'grid',
          x1: frame.left,
          x2: frame.width - frame.right,
          y1: tick.position,
          y2: tick.position,
        }),
      );
      children.push(
        svg('text', { x: frame.left - 22, y: tick.position + 4, 'text-anchor': 'end' }, formatY(tick.value)),
      );
    }
    for (const tick of geometry.xTicks) {
      children.push(
        svg(
          'text',
          { x: tick.position, y: frame.height - frame.bottom + 16, 'text-anchor': 'middle' },
          String(tick.value),
        ),
      );
    }
    children.push(
      svg(
        'text',
        {
          x: frame.left + (frame.width - frame.left - frame.right) / 2,
          y: frame.height - 4,
          'text-anchor': 'middle',
        },
        this.#t('sweep.axisX'),
      ),
    );
    series.forEach((s, index) => {
      const placed = geometry.series[index];
      if (!placed) return;
      const colour = seriesColour(s);
      const group = svg('g', { 'data-series': s.id, 'data-source': s.source, stroke: colour, fill: colour });
      group.append(svg('path', { d: placed.d }));
      for (const p of placed.points) group.append(svg('circle', { cx: p.cx, cy: p.cy, r: 3 }));
      const first = placed.points[0];
      if (s.label !== undefined && first) {
        group.append(
          svg(
            'text',
            { x: first.cx - 8, y: first.cy + 4, 'text-anchor': 'end', stroke: 'none' },
            String(s.label),
          ),
        );
      }
      children.push(group);
    });
    chart.replaceChildren(...children);
  }
}
