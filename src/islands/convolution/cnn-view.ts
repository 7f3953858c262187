/**
 * The trained CNN's view of the island's image, after CNN Explainer: every layer's feature maps,
 * its strongest channels or units, and the final probabilities. Imported only when the reader
 * asks, with TF.js (cpu backend: one small image needs no GPU) and the pretrained model's files.
 */
import * as tf from '@tensorflow/tfjs';
import type { DatasetName } from '../../lib/data/manifest';
import type { Plane } from '../../lib/math/convolution';
import { loadBackendModule } from '../../lib/ml/backend';
import { prepareFloatImage } from '../../lib/ml/batches';
import { MODEL_INPUT_SHAPE } from '../../lib/ml/catalog';
import {
  channelMeans,
  channelOf,
  isFeatureMap,
  type LayerOutput,
  layerOutputs,
  topValues,
} from '../../lib/ml/feature-maps';
import type { PretrainedCard } from '../../lib/ml/pretrained-card';
import { readModelFiles } from '../../lib/ml/runtime/model-files';
import { modelFromArtifacts } from '../../lib/ml/runtime/serialise';
import { fetchPretrainedFiles, pretrainedFor } from '../../platform/pretrained-models';
import { find, h } from '../shared/dom';
import { pageLang, type Translate } from '../shared/strings';
import { drawPlane } from './render';

/** Channels drawn per layer: enough to see what the layer does without a wall of images. */
const MAX_CHANNELS = 16;

export interface CnnView {
  show(image: Plane, dataset: DatasetName, classNames: readonly string[]): Promise<void>;
}

interface Loaded {
  model: tf.LayersModel;
  card: PretrainedCard;
}

async function loadModel(dataset: DatasetName): Promise<Loaded | null> {
  const pretrained = pretrainedFor(dataset);
  if (!pretrained) return null;
  const { artifacts } = await readModelFiles(await fetchPretrainedFiles(pretrained));
  // `engine().backendName` reads the backend without starting one (`getBackend()` would start WebGL).
  if (tf.engine().backendName !== 'cpu') {
    // The site's TF.js carries no backend of its own: each arrives as its own chunk.
    await loadBackendModule('cpu');
    await tf.setBackend('cpu');
  }
  await tf.ready();
  return { model: await modelFromArtifacts(artifacts), card: pretrained.card };
}

export function createCnnView(root: HTMLElement, t: Translate): CnnView {
  const status = find(root, '[data-cnn-status]');
  const layersBox = find(root, '[data-layers]');
  const table = find<HTMLTableElement>(root, '[data-probabilities]');
  const percent = new Intl.NumberFormat(pageLang(), { style: 'percent', maximumFractionDigits: 1 });
  const models = new Map<DatasetName, Promise<Loaded | null>>();
  let latest = 0;

  const renderLayers = (outputs: LayerOutput[]) => {
    layersBox.replaceChildren(
      ...outputs.filter((output) => output.kind !== 'Flatten' && output !== outputs.at(-1)).map(layerFigure),
    );
  };

  const layerFigure = (output: LayerOutput): HTMLElement => {
    const shape = output.shape.join('×');
    const caption = h('p', {}, t('math.conv.cnn.layer', { kind: output.kind, shape }));
    if (!isFeatureMap(output)) {
      const top = topValues(output.values, 5).map((r) => `#${r.index + 1} (${r.value.toFixed(2)})`);
      return h(
        'div',
        { class: 'convolution-layer' },
        caption,
        h('p', {}, t('math.conv.cnn.topUnits', { list: top.join(', ') })),
      );
    }
    const [height = 1, width = 1, channels = 1] = output.shape;
    const top = topValues(channelMeans(output), 3).map((r) => `#${r.index + 1}`);
    const maps = Array.from({ length: Math.min(channels, MAX_CHANNELS) }, (_, c) => {
      const canvas = h('canvas', { role: 'img', 'aria-label': t('math.conv.cnn.channel', { index: c + 1 }) });
      const plane = { height, width, channels: 1, data: channelOf(output, c) };
      drawPlane(canvas, plane);
      return h('figure', {}, canvas, h('figcaption', {}, `#${c + 1}`));
    });
    return h(
      'div',
      { class: 'convolution-layer', 'data-layer': output.kind },
      caption,
      h('p', {}, t('math.conv.cnn.topChannels', { list: top.join(', ') })),
      h('div', { class: 'convolution-layer-maps' }, ...maps),
    );
  };

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

  return {
    async show(image, dataset, classNames) {
      const ticket = ++latest;
      root.dataset.cnnState = 'loading';
      if (!models.has(dataset)) status.textContent = t('math.conv.cnn.loading');
      let loaded: Loaded | null;
      try {
        if (!models.has(dataset)) models.set(dataset, loadModel(dataset));
        loaded = await (models.get(dataset) as Promise<Loaded | null>);
      } catch (error) {
        models.delete(dataset);
        root.dataset.cnnState = 'error';
        status.textContent = t('math.conv.cnn.error', { detail: (error as Error).message });
        return;
      }
      if (ticket !== latest) return;
      if (!loaded) {
        root.dataset.cnnState = 'none';
        layersBox.replaceChildren();
        table.hidden = true;
        status.textContent = t(`math.conv.cnn.none.${dataset}`);
        return;
      }
      const inputShape = MODEL_INPUT_SHAPE[loaded.card.modelId];
      const input = prepareFloatImage(image.data, [image.height, image.width, image.channels], inputShape);
      const outputs = layerOutputs(loaded.model, input, inputShape);
      const probabilities = (outputs.at(-1) as LayerOutput).values;
      const [best] = topValues(probabilities, 1);
      renderLayers(outputs);
      renderProbabilities(probabilities, classNames);
      status.textContent = t('math.conv.cnn.ready', {
        command: loaded.card.command,
        accuracy: percent.format(loaded.card.testAccuracy),
        label: classNames[best?.index ?? 0] ?? String(best?.index),
        probability: percent.format(best?.value ?? 0),
      });
      root.dataset.cnnState = 'ready';
    },
  };
}
