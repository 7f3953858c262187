/**
 * Wires the benchmark island's markup to `measure.ts`. Runs on the page's main thread:
 * `train()` yields between steps, so the page stays responsive, and a Stop press aborts
 * at the next step. TF.js is imported only when the reader presses Run.
 */

import {
  type BenchBackend,
  describeBatches,
  failedThroughput,
  fillTemplate,
  formatRate,
  type ThroughputResult,
  throughputRows,
} from '../../lib/bench/results';
import type { ModelId } from '../../lib/ml/protocol';

/** Shorter than `npm run bench`: a reader waits for it. */
const LIMITS: Record<
  BenchBackend,
  { batchSize: number; warmupSteps: number; maxSteps: number; maxSeconds: number }
> = {
  wasm: { batchSize: 64, warmupSteps: 2, maxSteps: 10, maxSeconds: 4 },
  webgl: { batchSize: 16, warmupSteps: 1, maxSteps: 3, maxSeconds: 4 },
  cpu: { batchSize: 16, warmupSteps: 1, maxSteps: 2, maxSeconds: 4 },
};

function required<T extends Element>(root: Element, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`Benchmark island: missing ${selector} in its markup.`);
  return element;
}

export function mountBenchmark(root: HTMLElement): void {
  const strings = JSON.parse(root.dataset.strings ?? '{}') as Record<string, string>;
  const lang = root.dataset.lang ?? 'en';
  const t = (key: string, values: Record<string, string | number> = {}) => {
    const template = strings[key];
    if (template === undefined) throw new Error(`Benchmark island: missing i18n key "${key}"`);
    return fillTemplate(template, values);
  };
  const form = required<HTMLFormElement>(root, '[data-form]');
  const run = required<HTMLButtonElement>(root, '[data-run]');
  const stop = required<HTMLButtonElement>(root, '[data-stop]');
  const status = required<HTMLElement>(root, '[data-status]');
  const table = required<HTMLTableElement>(root, '[data-yours]');
  const caption = required<HTMLElement>(root, '[data-yours-caption]');
  const head = required<HTMLTableRowElement>(root, '[data-yours-head]');
  const body = required<HTMLTableSectionElement>(root, '[data-yours-body]');
  let controller: AbortController | null = null;

  const render = (results: ThroughputResult[], backends: BenchBackend[], threads: number) => {
    table.hidden = results.length === 0;
    caption.textContent = t('bench.yoursCaption', {
      batches: describeBatches(results),
      threads: threads > 1 ? t('bench.threadsMany', { count: threads }) : t('bench.threadsOne'),
    });
    head.replaceChildren(
      ...[t('bench.column.model'), ...backends, t('bench.column.speedup')].map((text) => {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = text;
        return th;
      }),
    );
    body.replaceChildren(
      ...throughputRows(results).map((row) => {
        const tr = document.createElement('tr');
        tr.dataset.model = row.model;
        const name = document.createElement('th');
        name.scope = 'row';
        name.textContent = row.model;
        tr.append(name);
        for (const b of backends) {
          const td = document.createElement('td');
          td.dataset.backend = b;
          const r = row.perBackend[b];
          td.textContent = !r ? '…' : r.error ? t('bench.failed') : formatRate(r.imagesPerSecond, lang);
          if (r?.error) td.title = r.error;
          tr.append(td);
        }
        const speedup = document.createElement('td');
        speedup.textContent = row.speedup === null ? '–' : `${row.speedup.toFixed(1)}×`;
        tr.append(speedup);
        return tr;
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
