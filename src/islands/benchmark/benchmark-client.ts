/**
 * Wires the benchmark island's markup to `measure.ts`. Runs on the page's main thread:
 * `train()` yields between steps, so the page stays responsive, and a Stop press aborts
 * at the next step. TF.js is imported only when the reader presses Run.
 */

import {
  type BenchBackend,
  describeBatches,
  failedThroughput,
  formatRate,
  type ThroughputResult,
  throughputRows,
} from '../../lib/bench/results';
import type { ModelId } from '../../lib/ml/protocol';
import { find, h } from '../shared/dom';
import { IslandElement } from '../shared/island';
import { pageLang, readStrings } from '../shared/strings';

/** Shorter than `npm run bench`: a reader waits for it. */
const LIMITS: Record<
  BenchBackend,
  { batchSize: number; warmupSteps: number; maxSteps: number; maxSeconds: number }
> = {
  wasm: { batchSize: 64, warmupSteps: 2, maxSteps: 10, maxSeconds: 4 },
  webgl: { batchSize: 16, warmupSteps: 1, maxSteps: 3, maxSeconds: 4 },
  cpu: { batchSize: 16, warmupSteps: 1, maxSteps: 2, maxSeconds: 4 },
};

export function mountBenchmark(root: HTMLElement): void {
  const lang = pageLang();
  const t = readStrings(root);
  const form = find<HTMLFormElement>(root, '[data-form]');
  const run = find<HTMLButtonElement>(root, '[data-run]');
  const stop = find<HTMLButtonElement>(root, '[data-stop]');
  const status = find<HTMLElement>(root, '[data-status]');
  const table = find<HTMLTableElement>(root, '[data-yours]');
  const caption = find<HTMLElement>(root, '[data-yours-caption]');
  const head = find<HTMLTableRowElement>(root, '[data-yours-head]');
  const body = find<HTMLTableSectionElement>(root, '[data-yours-body]');
  let controller: AbortController | null = null;

  const render = (results: ThroughputResult[], backends: BenchBackend[], threads: number) => {
    table.hidden = results.length === 0;
    caption.textContent = t('bench.yoursCaption', {
      batches: describeBatches(results),
      threads: threads > 1 ? t('bench.threadsMany', { count: threads }) : t('bench.threadsOne'),
    });
    const columns = [
      t('bench.column.model'),
      ...backends.map((backend) => t('bench.column.backendRate', { backend })),
      t('bench.column.speedup'),
    ];
    head.replaceChildren(...columns.map((text) => h('th', { scope: 'col' }, text)));
    body.replaceChildren(
      ...throughputRows(results).map((row) => {
        const cells = backends.map((b) => {
          const r = row.perBackend[b];
          const text = !r ? '…' : r.error ? t('bench.failed') : formatRate(r.imagesPerSecond, lang);
          return h('td', { 'data-backend': b, title: r?.error || undefined }, text);
        });
        const speedup =
          row.speedup === null
            ? '–'
            : row.speedup.toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
        return h(
          'tr',
          { 'data-model': row.model },
          h(
            'th',
            { scope: 'row' },
            t(`bench.model.${row.model}`),
            h('span', { class: 'island-id' }, row.model),
          ),
          ...cells,
          h('td', {}, speedup),
        );
      }),
    );
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const models = data.getAll('model') as ModelId[];
    const backends = data.getAll('backend') as BenchBackend[];
    if (models.length === 0 || backends.length === 0) {
      status.textContent = t('bench.pickSomething');
      return;
    }
    controller = new AbortController();
    const { signal } = controller;
    run.disabled = true;
    stop.disabled = false;
    const results: ThroughputResult[] = [];
    try {
      status.textContent = t('bench.loading');
      const [{ measureThroughput, useBackend }, { wasmPaths }, tf] = await Promise.all([
        import('../../lib/bench/measure'),
        import('../../platform/wasm-urls'),
        import('@tensorflow/tfjs'),
      ]);
      const total = models.length * backends.length;
      for (const model of models) {
        for (const backend of backends) {
          signal.throwIfAborted();
          status.textContent = t('bench.running', { model, backend, done: results.length + 1, total });
          try {
            await useBackend(backend, { wasmPaths: wasmPaths() });
            results.push(await measureThroughput({ model, backend, signal, ...LIMITS[backend] }));
          } catch (error) {
            if (signal.aborted) throw error;
            results.push(failedThroughput(model, backend, LIMITS[backend].batchSize, error));
          }
          const threads = (tf.backend() as { getThreadsCount?: () => number }).getThreadsCount?.() ?? 1;
          render(results, backends, tf.getBackend() === 'wasm' ? threads : 1);
          // The hardware chart (`src/islands/pictures/`) adds the reader's bars from this.
          root.dispatchEvent(
            new CustomEvent('ml-benchmark-result', { bubbles: true, detail: { results: [...results] } }),
          );
        }
      }
      status.textContent = t('bench.done', { count: results.length });
    } catch (error) {
      status.textContent = signal.aborted ? t('bench.stopped') : String(error);
    } finally {
      run.disabled = false;
      stop.disabled = true;
      controller = null;
    }
  });

  stop.addEventListener('click', () => controller?.abort());
}

/** `<ml-benchmark>`: see `Benchmark.astro`. */
export class BenchmarkElement extends IslandElement {
  protected mount(): void {
    mountBenchmark(this);
  }
}
