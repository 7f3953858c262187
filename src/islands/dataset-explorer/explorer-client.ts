/**
 * Wires the explorer's static markup to the data library: manifests are read on the page
 * (a few kB), shards are loaded and verified in a worker on request, and samples are drawn
 * from the decoded pixels. All words come from `data-strings` (the `explorer.*` keys).
 */

import { indexByClass, pageOf, sampleShard } from '../../lib/data/explorer';
import { DatasetError, loadManifest } from '../../lib/data/loader';
import { DATASET_NAMES, type DatasetManifest, type DatasetName } from '../../lib/data/manifest';
import { formatBytes } from '../../lib/i18n/format';
import { find, h, imageCanvas } from '../shared/dom';
import { IslandElement } from '../shared/island';
import { readStrings } from '../shared/strings';
import { bindTabList, selectTab } from '../shared/tabs';
import type { ExplorerRequest, ExplorerResponse } from './protocol';

type ErrorResponse = Extract<ExplorerResponse, { type: 'error' }>;

interface Samples {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  shape: [number, number, number];
  byClass: number[][];
  milliseconds: number;
}

interface DatasetState {
  manifest?: DatasetManifest;
  manifestLoading?: Promise<void>;
  missing?: boolean;
  error?: ErrorResponse;
  loading?: boolean;
  progress?: string;
  samples?: Samples;
  classIndex: number;
  page: number;
}

export function mountDatasetExplorer(root: HTMLElement): void {
  root.dataset.ready = 'true';
  const t = readStrings(root);
  const lang = document.documentElement.lang?.startsWith('ja') ? 'ja' : 'en';
  const numbers = new Intl.NumberFormat(lang);
  const dataUrl = new URL(root.dataset.dataUrl ?? '/data/', location.href).href;

  const datasetTabs = find(root, '.dataset-explorer-tabs');
  const panel = find(root, '[role="tabpanel"]');
  const status = find(root, '[data-status]');
  const errorBox = find(root, '[data-error]');
  const missing = find(root, '[data-missing]');
  const lossy = find(root, '[data-lossy]');
  const loadButton = find<HTMLButtonElement>(root, '[data-load]');
  const browser = find(root, '[data-browser]');
  const classTabs = find(root, '[data-classes]');
  const caption = find(root, '[data-caption]');
  const grid = find(root, '[data-grid]');
  const pageLabel = find(root, '[data-page]');
  const previous = find<HTMLButtonElement>(root, '[data-previous]');
  const next = find<HTMLButtonElement>(root, '[data-next]');
  const counts = find<HTMLTableElement>(root, '[data-counts]');

  const states = Object.fromEntries(
    DATASET_NAMES.map((name) => [name, { classIndex: 0, page: 0 }]),
  ) as Record<DatasetName, DatasetState>;
  let current: DatasetName = 'mnist';
  let worker: Worker | undefined;
  let requestId = 0;
  const pending = new Map<number, DatasetName>();

  const datasetLabel = (name: DatasetName) => t(`explorer.dataset.${name}`);
  const className = (manifest: DatasetManifest, label: number) =>
    manifest.classes[label]?.[lang] ?? String(label);

  function render(): void {
    const state = states[current];
    const manifest = state.manifest;
    root.dataset.dataset = current;
    root.dataset.state = state.samples
      ? 'ready'
      : state.error
        ? 'error'
        : state.missing
          ? 'missing'
          : state.loading
            ? 'loading'
            : 'idle';
    missing.hidden = !state.missing;
    lossy.hidden = !(manifest?.dataset === 'cifar10' && manifest.encoding === 'jpeg');
    renderError(state.error);

    if (state.samples) {
      status.textContent = t('explorer.loaded', {
        count: numbers.format(state.samples.count),
        dataset: datasetLabel(current),
        seconds: (state.samples.milliseconds / 1000).toFixed(1),
      });
    } else if (state.loading) {
      status.textContent = state.progress ?? '';
    } else if (!manifest && !state.missing && !state.error) {
      status.textContent = t('explorer.manifestLoading', { dataset: datasetLabel(current) });
    } else {
      status.textContent = '';
    }

    loadButton.hidden = !manifest || Boolean(state.samples);
    loadButton.disabled = Boolean(state.loading);
    if (manifest)
      loadButton.textContent = t('explorer.load', { size: formatBytes(sampleShard(manifest).bytes, lang) });
    renderCounts(manifest);
    renderBrowser(state);
  }

  function renderError(error: ErrorResponse | undefined): void {
    errorBox.hidden = !error;
    errorBox.replaceChildren();
    if (!error) return;
    const values = { shard: error.shard, expected: error.expected ?? '?', actual: error.actual ?? '?' };
    const retry = h('button', { type: 'button', 'data-retry': '' }, t('explorer.retry'));
    retry.addEventListener('click', () => retryCurrent());
    errorBox.append(
      h('p', {}, t(`explorer.error.${error.code}`, values)),
      h('p', {}, t('explorer.error.detail', { message: error.message })),
      retry,
    );
  }

  /** Tries the failed step again: the manifest if it never arrived, else the samples (on a fresh worker if it died). */
  function retryCurrent(): void {
    const state = states[current];
    state.error = undefined;
    if (state.manifest) startLoading(current);
    else ensureManifest(current);
    render();
    // The retry button left with the error; keep the keyboard focus in the panel.
    panel.focus();
  }

  function renderCounts(manifest: DatasetManifest | undefined): void {
    counts.hidden = !manifest;
    if (!manifest) return;
    find(counts, '[data-counts-caption]').textContent = t('explorer.countsCaption', {
      dataset: datasetLabel(current),
    });
    const row = (label: string, train: number, test: number) => [
      h('th', { scope: 'row' }, label),
      h('td', {}, numbers.format(train)),
      h('td', {}, numbers.format(test)),
    ];
    const { train, test } = manifest.splits;
    find(counts, '[data-counts-body]').replaceChildren(
      ...manifest.classes.map((_, label) =>
        h(
          'tr',
          {},
          ...row(className(manifest, label), train.classCounts[label] ?? 0, test.classCounts[label] ?? 0),
        ),
      ),
    );
    find(counts, '[data-counts-total]').replaceChildren(...row(t('explorer.total'), train.count, test.count));
  }

  function renderBrowser(state: DatasetState): void {
    const { manifest, samples } = state;
    browser.hidden = !(manifest && samples);
    if (!manifest || !samples) {
      grid.replaceChildren();
      return;
    }
    if (classTabs.dataset.for !== current) {
      classTabs.dataset.for = current;
      classTabs.replaceChildren(
        ...manifest.classes.map((_, label) => {
          const attributes = {
            type: 'button',
            role: 'tab',
            'aria-controls': 'dataset-explorer-grid',
            'data-label': label,
          };
          return h('button', attributes, className(manifest, label));
        }),
      );
    }
    const selected = classTabs.querySelector<HTMLElement>(`[data-label="${state.classIndex}"]`);
    if (selected) selectTab(classTabs, selected);

    const name = className(manifest, state.classIndex);
    const page = pageOf(samples.byClass[state.classIndex] ?? [], state.page);
    state.page = page.page;
    caption.textContent = t('explorer.samples', {
      className: name,
      from: numbers.format(page.from),
      to: numbers.format(page.to),
      count: numbers.format(page.total),
    });
    pageLabel.textContent = t('explorer.page', { page: page.page + 1, pages: page.pages });
    previous.disabled = page.page === 0;
    next.disabled = page.page >= page.pages - 1;

    grid.replaceChildren(
      ...page.indices.map((index, offset) => {
        const canvas = imageCanvas(samples.images, samples.shape, index);
        canvas.setAttribute('role', 'img');
        canvas.setAttribute(
          'aria-label',
          t('explorer.sample', { className: name, index: numbers.format(page.from + offset) }),
        );
        canvas.dataset.index = String(index);
        return canvas;
      }),
    );
  }

  function ensureManifest(name: DatasetName): void {
    const state = states[name];
    if (state.manifest || state.manifestLoading || state.missing) return;
    state.manifestLoading = loadManifest(dataUrl, name)
      .then((loaded) => {
        state.manifest = loaded.manifest;
      })
      .catch((error: unknown) => {
        if (error instanceof DatasetError && error.code === 'missing') state.missing = true;
        else state.error = toErrorResponse(error, name);
      })
      .finally(() => {
        state.manifestLoading = undefined;
        if (name === current) render();
      });
  }

  function toErrorResponse(error: unknown, name: DatasetName): ErrorResponse {
    const known = error instanceof DatasetError ? error : undefined;
    return {
      id: 0,
      type: 'error',
      message: (error as Error)?.message ?? String(error),
      code: known?.code ?? 'other',
      shard: known?.shard ?? `${name}/manifest.json`,
      expected: known?.expected,
      actual: known?.actual,
    };
  }

  function startLoading(name: DatasetName): void {
    const state = states[name];
    if (!state.manifest || state.loading || state.samples) return;
    state.loading = true;
    state.error = undefined;
    worker ??= createWorker();
    const id = ++requestId;
    pending.set(id, name);
    const request: ExplorerRequest = { id, dataUrl, dataset: name, limit: sampleShard(state.manifest).count };
    worker.postMessage(request);
    render();
  }

  function createWorker(): Worker {
    const created = new Worker(new URL('./explorer-worker.ts', import.meta.url), {
      type: 'module',
      name: 'dataset-explorer',
    });
    created.addEventListener('message', (event: MessageEvent<ExplorerResponse>) => {
      const message = event.data;
      const name = pending.get(message.id);
      if (!name) return;
      const state = states[name];
      if (message.type === 'progress') {
        state.progress = t('explorer.loading', {
          dataset: datasetLabel(name),
          loaded: formatBytes(message.progress.loadedBytes, lang),
          total: formatBytes(message.progress.totalBytes, lang),
        });
      } else if (message.type === 'loaded') {
        pending.delete(message.id);
        state.loading = false;
        state.samples = {
          images: message.images,
          labels: message.labels,
          count: message.count,
          shape: message.shape,
          byClass: indexByClass(message.labels, state.manifest?.classes.length ?? 0),
          milliseconds: message.milliseconds,
        };
        // Read by the end-to-end test that reports time to the first usable batch.
        root.dataset[`${name}Ms`] = String(Math.round(message.milliseconds));
      } else {
        pending.delete(message.id);
        state.loading = false;
        state.error = message;
      }
      if (name === current) render();
    });
    // Without these a worker that fails to load or crashes would leave the explorer loading forever.
    const fail = (message: string) => {
      if (worker === created) worker = undefined;
      created.terminate();
      for (const [id, name] of pending) {
        pending.delete(id);
        const state = states[name];
        state.loading = false;
        state.error = { id, type: 'error', code: 'worker', message, shard: `${name}/…` };
      }
      render();
    };
    created.addEventListener('error', (event) => {
      event.preventDefault();
      fail(event.message || 'The worker script did not load or stopped with an uncaught error.');
    });
    created.addEventListener('messageerror', () => fail('A message from the worker could not be read.'));
    return created;
  }

  function showDataset(name: DatasetName): void {
    current = name;
    const tab = find(datasetTabs, `[data-dataset="${name}"]`);
    selectTab(datasetTabs, tab);
    panel.setAttribute('aria-labelledby', tab.id);
    ensureManifest(name);
    render();
  }

  bindTabList(datasetTabs, (tab) => showDataset(tab.dataset.dataset as DatasetName));

  const showClass = (tab: HTMLElement) => {
    const state = states[current];
    state.classIndex = Number(tab.dataset.label);
    state.page = 0;
    render();
  };
  bindTabList(classTabs, showClass);

  loadButton.addEventListener('click', () => startLoading(current));
  previous.addEventListener('click', () => {
    states[current].page -= 1;
    render();
  });
  next.addEventListener('click', () => {
    states[current].page += 1;
    render();
  });

  showDataset('mnist');
  // CIFAR-10's manifest too, so its tab can say at once whether it was built.
  ensureManifest('cifar10');
}

/** `<ml-dataset-explorer>`: see `DatasetExplorer.astro`. */
export class DatasetExplorerElement extends IslandElement {
  protected mount(): void {
    mountDatasetExplorer(this);
  }
}
