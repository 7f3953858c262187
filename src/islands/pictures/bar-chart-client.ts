/**
 * Adds the reader's own bars to a static `BarChart.astro`: it listens on the document for the
 * events the benchmark island (`ml-benchmark-result`) and the trainer island (`ml-test-accuracy`)
 * dispatch, and redraws the reader's group, in the SVG and in the table twin, from the same
 * `placeGroups` the build used.
 */
import { formatRate } from '../../lib/bench/format';
import type { ThroughputResult } from '../../lib/bench/results';
import { fastestPerModel } from '../../lib/pictures/hardware';
import { LADDER_DATASET } from '../../lib/pictures/ladder';
import { type ChartBar, chartHeight, placeGroups, type Scale } from '../../lib/pictures/scale';
import { formatPercent } from '../../lib/trainer-view/format';
import { find, h } from '../shared/dom';
import { IslandElement } from '../shared/island';
import { pageLang, readStrings } from '../shared/strings';

/** What the benchmark island sends after each measurement: every result so far. */
export interface BenchmarkResultDetail {
  results: ThroughputResult[];
}

/** What the trainer island sends when it shows a test accuracy. */
export interface TestAccuracyDetail {
  dataset: string;
  modelId: string;
  accuracy: number;
  step: number;
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

export function mountBarChart(root: HTMLElement): void {
  const lang = pageLang();
  const t = readStrings(root);
  const scale = JSON.parse(root.dataset.scale ?? '{}') as Scale;
  const firstRow = Number(root.dataset.rows);
  const chart = find<SVGSVGElement>(root, 'svg');
  const layer = find<SVGGElement>(root, 'g[data-yours]');
  const heading = find<SVGTextElement>(root, 'text[data-group="yours"]');
  const hint = find(root, '[data-hint]');
  const body = find(root, '[data-yours-rows]');
  const width = Number(chart.dataset.width);

  const draw = (bars: ChartBar[]) => {
    const rows = placeGroups([{ id: 'yours', label: '', bars }], scale, firstRow);
    const height = chartHeight(firstRow + rows.length);
    chart.setAttribute('viewBox', `0 0 ${width} ${height}`);
    for (const line of chart.querySelectorAll('line[data-grid]')) line.setAttribute('y2', String(height));
    layer.replaceChildren(
      ...rows.flatMap((row) => {
        if (row.kind !== 'bar') return [];
        const value = row.clamped ? `${row.bar.valueText} ${t('picture.clamped')}` : row.bar.valueText;
        const g = svg('g', { class: 'bar-chart-bar bar-chart-yours', 'data-group': 'yours' });
        g.append(
          svg('text', { x: row.labelX, y: row.textY, 'text-anchor': 'end' }, row.bar.label),
          svg('rect', { ...row.rect, rx: 2 }),
          svg('text', { x: row.valueX, y: row.textY, class: 'bar-chart-value' }, value),
        );
        return [g];
      }),
    );
    const source = heading.textContent ?? '';
    body.replaceChildren(
      ...bars.map((bar) =>
        h(
          'tr',
          { 'data-group': 'yours' },
          h('td', {}, source),
          h('th', { scope: 'row' }, bar.label),
          h('td', { class: 'bar-chart-number' }, bar.valueText),
        ),
      ),
    );
    hint.hidden = bars.length > 0;
    root.dataset.yours = String(bars.length);
  };

  if (root.dataset.listen === 'bench') {
    document.addEventListener('ml-benchmark-result', (event) => {
      const { results } = (event as CustomEvent<BenchmarkResultDetail>).detail;
      draw(
        fastestPerModel(results).map((bar) => ({
          label: t('picture.hardware.bar', { model: t(`bench.model.${bar.model}`), backend: bar.backend }),
          value: bar.imagesPerSecond,
          valueText: formatRate(bar.imagesPerSecond, lang),
        })),
      );
    });
  } else {
    // One bar per model: its latest test accuracy.
    const latest = new Map<string, TestAccuracyDetail>();
    document.addEventListener('ml-test-accuracy', (event) => {
      const detail = (event as CustomEvent<TestAccuracyDetail>).detail;
      if (detail.dataset !== LADDER_DATASET) return;
      latest.set(detail.modelId, detail);
      draw(
        [...latest.values()].map((d) => ({
          label: t('picture.ladder.yours', { model: t(`bench.model.${d.modelId}`), step: d.step }),
          value: d.accuracy,
          valueText: formatPercent(d.accuracy, lang),
        })),
      );
    });
  }
}

/** `<ml-bar-chart>`: see `BarChart.astro`. */
export class BarChartElement extends IslandElement {
  protected mount(): void {
    mountBarChart(this);
  }
}
