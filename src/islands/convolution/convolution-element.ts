/**
 * `<ml-convolution>`: the reader's kernel slid over a real image with `src/lib/math/convolution.ts`,
 * redrawn on every change: input, feature map, pooled map, the output-shape formula, the working
 * behind one cell (arrow keys or a click on the map) and the map as a table. The trained CNN's
 * view (`cnn-view.ts`, TF.js) is imported only when the reader asks for it.
 */
import type { DatasetName } from '../../lib/data/manifest';
import {
  cellTerms,
  convolve,
  kernelFromRows,
  outputSize,
  type Plane,
  type PoolKind,
  pool,
  relu,
  toGrey,
} from '../../lib/math/convolution';
import { parseMatrix } from '../../lib/math/matrix';
import { describeError } from '../../lib/math/text';
import { find } from '../shared/dom';
import { createDrawPad, type DrawPad } from '../shared/draw-pad';
import { IslandElement } from '../shared/island';
import { drawPlane } from '../shared/layer-figures';
import { pageLang, readStrings, type Translate } from '../shared/strings';
import type { CnnView } from './cnn-view';
import { drawImage, fillTable, markCell } from './render';
import { drawnImage, loadSamples, type Samples, sampleImage } from './sources';

type Source = DatasetName | 'draw';

interface Result {
  image: Plane;
  map: Plane;
  stride: number;
  padding: number;
}

export class ConvolutionElement extends IslandElement {
  private t!: Translate;
  private form!: HTMLFormElement;
  private source: Source = 'mnist';
  private index: Record<DatasetName, number> = { mnist: 0, cifar10: 0 };
  private samples: Partial<Record<DatasetName, Samples>> = {};
  private drawn: Float32Array | null = null;
  private drawPad: DrawPad | null = null;
  private result: Result | null = null;
  private cell = { row: 0, col: 0 };
  private cnn: CnnView | null = null;

  protected mount(): void {
    this.t = readStrings(this);
    this.form = find<HTMLFormElement>(this, 'form');
    this.form.addEventListener('submit', (event) => event.preventDefault());
    this.form.addEventListener('input', (event) => this.onInput(event.target as HTMLElement));
    find(this, '[data-next]').addEventListener('click', () => this.nextImage());
    find(this, '[data-clear]').addEventListener('click', () => this.drawPad?.clear());
    find(this, '[data-cnn]').addEventListener('click', () => void this.openCnn());
    this.bindMapCursor();
    void this.selectSource('mnist');
  }

  disconnectedCallback(): void {
    this.drawPad?.destroy();
  }

  private field<T extends HTMLElement>(name: string): T {
    return this.form.elements.namedItem(name) as unknown as T;
  }

  private onInput(target: HTMLElement): void {
    const name = target.getAttribute('name');
    if (name === 'source') return void this.selectSource((target as HTMLInputElement).value as Source);
    if (name === 'kernel') {
      const option = (target as HTMLSelectElement).selectedOptions[0];
      if (option?.dataset.weights) this.field<HTMLTextAreaElement>('weights').value = option.dataset.weights;
    }
    if (name === 'weights') this.field<HTMLSelectElement>('kernel').value = 'custom';
    this.compute();
  }

  private status(text: string): void {
    find(this, '[data-status]').textContent = text;
  }

  private async selectSource(source: Source): Promise<void> {
    this.source = source;
    find(this, '[data-draw]').hidden = source !== 'draw';
    find<HTMLButtonElement>(this, '[data-next]').disabled = source === 'draw';
    if (source === 'draw') {
      this.drawPad ??= createDrawPad(find<HTMLCanvasElement>(this, '.convolution-draw-canvas'), (pixels) => {
        this.drawn = pixels;
        this.compute();
      });
      this.compute();
      return;
    }
    if (!this.samples[source]) {
      this.status(this.t('math.conv.loading', { dataset: this.t(`math.conv.source.${source}`) }));
      try {
        const dataUrl = new URL(this.dataset.dataUrl ?? '/data/', location.href).href;
        this.samples[source] = await loadSamples(dataUrl, source, pageLang());
      } catch (error) {
        this.status(this.t('math.conv.loadError', { detail: (error as Error).message }));
        return;
      }
    }
    if (this.source === source) this.compute();
  }

  private nextImage(): void {
    if (this.source === 'draw') return;
    this.index[this.source] += 1;
    this.compute();
  }

  /** The image the kernel runs over now, or null while none is ready. */
  private currentImage(): Plane | null {
    if (this.source === 'draw') return this.drawn ? drawnImage(this.drawn) : null;
    const samples = this.samples[this.source];
    if (!samples) return null;
    const index = this.index[this.source] % samples.count;
    const label = samples.classNames[samples.labels[index] as number] ?? '';
    this.status(this.t('math.conv.loaded', { index: index + 1, count: samples.count, label }));
    return sampleImage(samples, index);
  }

  private compute(): void {
    const image = this.currentImage();
    const formula = find(this, '[data-formula]');
    formula.classList.remove('math-error');
    if (!image) {
      if (this.source === 'draw') this.status(this.t('math.conv.draw.empty'));
      return;
    }
    const stride = Number(this.field<HTMLInputElement>('stride').value);
    const padding = Number(this.field<HTMLInputElement>('padding').value);
    try {
      const kernel = kernelFromRows(parseMatrix(this.field<HTMLTextAreaElement>('weights').value, 'K'));
      const grey = toGrey(image);
      const side = outputSize(grey.height, kernel.size, stride, padding);
      const map = convolve(grey, kernel, { stride, padding });
      const kind = this.field<HTMLSelectElement>('pooling').value as PoolKind;
      const pooled = pool(relu(map), kind, { size: map.height >= 2 ? 2 : 1 });
      this.result = { image: grey, map, stride, padding };
      this.cell = {
        row: Math.min(this.cell.row, map.height - 1),
        col: Math.min(this.cell.col, map.width - 1),
      };
      formula.textContent = this.t('math.conv.formula', {
        n: grey.height,
        k: kernel.size,
        s: stride,
        p: padding,
        out: side,
      });
      this.dataset.outputSize = `${map.height}x${map.width}`;
      this.render(image, map, pooled, kind);
      if (this.cnn)
        void this.cnn.show(image, this.datasetOf(), this.samples[this.datasetOf()]?.classNames ?? []);
    } catch (error) {
      this.result = null;
      formula.classList.add('math-error');
      formula.textContent = describeError(error, this.t, { name: 'K' });
    }
  }

  private render(image: Plane, map: Plane, pooled: Plane, kind: PoolKind): void {
    const t = this.t;
    const inputCanvas = find<HTMLCanvasElement>(this, '[data-input]');
    drawImage(inputCanvas, image);
    const inputLabel = t('math.conv.input', { height: image.height, width: image.width });
    find(this, '[data-input-caption]').textContent = inputLabel;
    inputCanvas.setAttribute('aria-label', inputLabel);
    const mapCanvas = find<HTMLCanvasElement>(this, '[data-map]');
    drawPlane(mapCanvas, map);
    const mapLabel = t('math.conv.map', { height: map.height, width: map.width });
    find(this, '[data-map-caption]').textContent = mapLabel;
    mapCanvas.setAttribute('aria-label', t('math.conv.mapImage', { height: map.height, width: map.width }));
    const pooledCanvas = find<HTMLCanvasElement>(this, '[data-pooled]');
    drawPlane(pooledCanvas, pooled);
    const pooledLabel = t('math.conv.pooled', {
      kind: t(`math.conv.pooling.${kind}`),
      height: pooled.height,
      width: pooled.width,
    });
    find(this, '[data-pooled-caption]').textContent = pooledLabel;
    pooledCanvas.setAttribute('aria-label', pooledLabel);
    find(this, '[data-table-caption]').textContent = mapLabel;
    const numbers = new Intl.NumberFormat(pageLang(), { maximumFractionDigits: 2 });
    fillTable(
      find<HTMLTableElement>(this, '[data-map-table]').tBodies[0] as HTMLTableSectionElement,
      map,
      (v) => numbers.format(v),
    );
    this.dataset.state = 'ready';
  }

  /** Arrow keys (and clicks) on the feature map pick the cell whose working is shown. */
  private bindMapCursor(): void {
    const canvas = find<HTMLCanvasElement>(this, '[data-map]');
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    canvas.addEventListener('keydown', (event) => {
      const move = moves[event.key];
      if (!move || !this.result) return;
      event.preventDefault();
      this.showCell(this.cell.row + move[0], this.cell.col + move[1]);
    });
    canvas.addEventListener('click', (event) => {
      if (!this.result) return;
      const rect = canvas.getBoundingClientRect();
      const { map } = this.result;
      this.showCell(
        Math.floor(((event.clientY - rect.top) / rect.height) * map.height),
        Math.floor(((event.clientX - rect.left) / rect.width) * map.width),
      );
    });
  }

  private showCell(row: number, col: number): void {
    if (!this.result) return;
    const { image, map, stride, padding } = this.result;
    this.cell = {
      row: Math.max(0, Math.min(map.height - 1, row)),
      col: Math.max(0, Math.min(map.width - 1, col)),
    };
    const kernel = kernelFromRows(parseMatrix(this.field<HTMLTextAreaElement>('weights').value, 'K'));
    const terms = cellTerms(image, kernel, this.cell.row, this.cell.col, { stride, padding })
      .filter((term) => term.weight !== 0 && term.input !== 0)
      .map((term) => `${round(term.weight)}×${round(term.input)}`);
    const value = map.data[this.cell.row * map.width + this.cell.col] as number;
    markCell(find<HTMLCanvasElement>(this, '[data-map]'), map, this.cell.row, this.cell.col);
    find(this, '[data-working]').textContent = this.t('math.conv.cell', {
      row: this.cell.row + 1,
      col: this.cell.col + 1,
      terms: terms.length ? terms.join(' + ') : '0',
      value: round(value),
    });
  }

  /** The dataset whose trained model reads the current image (a drawing is an MNIST digit). */
  private datasetOf(): DatasetName {
    return this.source === 'draw' ? 'mnist' : this.source;
  }

  private async openCnn(): Promise<void> {
    const button = find<HTMLButtonElement>(this, '[data-cnn]');
    button.disabled = true;
    const { createCnnView } = await import('./cnn-view');
    this.cnn = createCnnView(this, this.t);
    this.compute();
  }
}

/** A value to two decimals, as the working shows it. */
function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}
