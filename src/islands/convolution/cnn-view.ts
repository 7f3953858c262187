/**
 * The trained CNN's view of the island's image, after CNN Explainer: every layer's feature maps,
 * its strongest channels or units, and the final probabilities. Imported only when the reader
 * asks, with TF.js (cpu backend: one small image needs no GPU). The network is the guide's
 * pretrained model or one the reader trained in chapter 8, read from its checkpoint in this
 * browser (`model-sources.ts` lists the choices).
 */
import * as tf from '@tensorflow/tfjs';
import type { DatasetName } from '../../lib/data/manifest';
import type { Plane } from '../../lib/math/convolution';
import { loadBackendModule } from '../../lib/ml/backend';
import { prepareFloatImage } from '../../lib/ml/batches';
import { MODEL_DATASET, MODEL_INPUT_SHAPE } from '../../lib/ml/catalog';
import { layerOutputs } from '../../lib/ml/feature-maps';
import { type LayerOutput, topValues } from '../../lib/ml/layer-output';
import { type ModelSource, modelSources, pickSource } from '../../lib/ml/model-sources';
import type { CheckpointInfo } from '../../lib/ml/protocol';
import { readModelFiles } from '../../lib/ml/runtime/model-files';
import { modelFromArtifacts } from '../../lib/ml/runtime/serialise';
import { createIdbCheckpointStore } from '../../platform/checkpoint-store';
import { fetchPretrainedFiles, pretrainedFor } from '../../platform/pretrained-models';
import { find, h } from '../shared/dom';
import { layerFigures } from '../shared/layer-figures';
import { pageLang, type Translate } from '../shared/strings';

export interface CnnView {
  show(image: Plane, dataset: DatasetName, classNames: readonly string[]): Promise<void>;
}

async function useCpu(): Promise<void> {
  // `engine().backendName` reads the backend without starting one (`getBackend()` would start WebGL).
  if (tf.engine().backendName !== 'cpu') {
    // The site's TF.js carries no backend of its own: each arrives as its own chunk.
    await loadBackendModule('cpu');
    await tf.setBackend('cpu');
  }
  await tf.ready();
}

async function loadModel(source: ModelSource, dataset: DatasetName): Promise<tf.LayersModel> {
  if (source.kind === 'saved') {
    const record = await createIdbCheckpointStore().load(source.modelId);
    if (!record) throw new Error(`the checkpoint of ${source.modelId} is no longer in this browser`);
    await useCpu();
    return modelFromArtifacts(record);
  }
  const pretrained = pretrainedFor(dataset);
  if (!pretrained) throw new Error(`this copy of the site has no pretrained ${dataset} model`);
  const { artifacts } = await readModelFiles(await fetchPretrainedFiles(pretrained));
  await useCpu();
  return modelFromArtifacts(artifacts);
}

/** The reader's checkpoints; none when IndexedDB is unavailable or blocked (the pretrained model still works). */
async function savedCheckpoints(): Promise<CheckpointInfo[]> {
  try {
    return await createIdbCheckpointStore().list();
  } catch {
    return [];
  }
}

export function createCnnView(root: HTMLElement, t: Translate): CnnView {
  const status = find(root, '[data-cnn-status]');
  const layersBox = find(root, '[data-layers]');
  const table = find<HTMLTableElement>(root, '[data-probabilities]');
  const field = find(root, '[data-cnn-model-field]');
  const select = find<HTMLSelectElement>(root, '[data-cnn-model]');
  const lang = pageLang();
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const models = new Map<string, Promise<tf.LayersModel>>();
  let checkpoints: Promise<CheckpointInfo[]> | null = null;
  let sources: ModelSource[] = [];
  let last: { image: Plane; dataset: DatasetName; classNames: readonly string[] } | null = null;
  let latest = 0;

  const sourceLabel = (source: ModelSource): string => {
    if (source.kind === 'saved') {
      const { epoch, savedAt } = source.checkpoint;
      return t('math.conv.cnn.source.saved', {
        model: source.modelId,
        epoch,
        date: when.format(new Date(savedAt)),
      });
    }
    const card = pretrainedFor(MODEL_DATASET[source.modelId])?.card;
    return t('math.conv.cnn.source.pretrained', {
      model: source.modelId,
      accuracy: card ? percent.format(card.testAccuracy) : '?',
    });
  };

  const offer = (dataset: DatasetName, saved: CheckpointInfo[]) => {
    const chosen = select.value || null;
    sources = modelSources(dataset, pretrainedFor(dataset)?.card.modelId ?? null, saved);
    select.replaceChildren(
      ...sources.map((source) => h('option', { value: source.key }, sourceLabel(source))),
    );
    select.value = pickSource(sources, chosen)?.key ?? '';
    field.hidden = sources.length < 2;
  };

  // A model trained in another tab since: the list is read again when the reader opens it.
  select.addEventListener('focus', () => {
    checkpoints = savedCheckpoints();
    if (last) void checkpoints.then((saved) => last && offer(last.dataset, saved));
  });
  select.addEventListener('change', () => {
    if (last) void view.show(last.image, last.dataset, last.classNames);
  });

  const renderProbabilities = (probabilities: Float32Array, classNames: readonly string[]) => {
    const rows = topValues(probabilities, probabilities.length).map((r) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, classNames[r.index] ?? String(r.index)),
        h('td', {}, percent.format(r.value)),
      ),
    );
    (table.tBodies[0] as HTMLTableSectionElement).replaceChildren(...rows);
    table.hidden = false;
  };

  const view: CnnView = {
    async show(image, dataset, classNames) {
      const ticket = ++latest;
      last = { image, dataset, classNames };
      root.dataset.cnnState = 'loading';
      checkpoints ??= savedCheckpoints();
      offer(dataset, await checkpoints);
      if (ticket !== latest) return;
      const source = pickSource(sources, select.value || null);
      if (!source) {
        root.dataset.cnnState = 'none';
        layersBox.replaceChildren();
        table.hidden = true;
        status.textContent = t(`math.conv.cnn.none.${dataset}`);
        return;
      }
      if (!models.has(source.key)) status.textContent = t('math.conv.cnn.loading');
      let model: tf.LayersModel;
      try {
        if (!models.has(source.key)) models.set(source.key, loadModel(source, dataset));
        model = await (models.get(source.key) as Promise<tf.LayersModel>);
      } catch (error) {
        models.delete(source.key);
        root.dataset.cnnState = 'error';
        status.textContent = t('math.conv.cnn.error', { detail: (error as Error).message });
        return;
      }
      if (ticket !== latest) return;
      const inputShape = MODEL_INPUT_SHAPE[source.modelId];
      const input = prepareFloatImage(image.data, [image.height, image.width, image.channels], inputShape);
      const outputs = await layerOutputs(model, input, inputShape);
      if (ticket !== latest) return;
      const probabilities = (outputs.at(-1) as LayerOutput).values;
      const [best] = topValues(probabilities, 1);
      layersBox.replaceChildren(...layerFigures(outputs, t));
      renderProbabilities(probabilities, classNames);
      const answer = {
        label: classNames[best?.index ?? 0] ?? String(best?.index),
        probability: percent.format(best?.value ?? 0),
      };
      if (source.kind === 'saved') {
        const { epoch, validationAccuracy } = source.checkpoint;
        status.textContent = t('math.conv.cnn.readyOwn', {
          model: source.modelId,
          epoch,
          accuracy:
            validationAccuracy === null ? t('math.conv.cnn.noScore') : percent.format(validationAccuracy),
          ...answer,
        });
      } else {
        const card = pretrainedFor(dataset)?.card;
        status.textContent = t('math.conv.cnn.ready', {
          command: card?.command ?? '',
          accuracy: card ? percent.format(card.testAccuracy) : '?',
          ...answer,
        });
      }
      root.dataset.cnnSource = source.kind;
      root.dataset.cnnState = 'ready';
    },
  };
  return view;
}
