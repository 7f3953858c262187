/**
 * One image through a network, layer by layer, as figures: each convolution or pooling layer's
 * feature maps (one small canvas per channel, all on the layer's one grey scale, so a black map
 * did not respond) and its most active channels; each dense layer's most active units.
 * Chapter 3's convolution island and chapter 8's drawing pad both show it. Strings: the
 * `layers.*` keys.
 */
import type { Plane } from '../../lib/math/convolution';
import { toGreyLevels } from '../../lib/math/convolution';
import {
  channelMeans,
  channelOf,
  drawnChannels,
  isFeatureMap,
  type LayerOutput,
  outputRange,
  topValues,
} from '../../lib/ml/layer-output';
import { h } from './dom';
import type { Translate } from './strings';

/** Channels drawn per layer: enough to see what the layer does without a wall of images. */
const MAX_CHANNELS = 16;

/**
 * Draws channel `c` of `map` on `canvas` (resized to the map), `range` (by default the map's
 * own) stretched black..white.
 */
export function drawPlane(
  canvas: HTMLCanvasElement,
  map: Plane,
  c = 0,
  range?: { min: number; max: number },
): void {
  canvas.width = map.width;
  canvas.height = map.height;
  const grey = toGreyLevels(map, c, range);
  const rgba = new Uint8ClampedArray(grey.length * 4);
  for (let i = 0; i < grey.length; i++) {
    rgba.fill(grey[i] as number, i * 4, i * 4 + 3);
    rgba[i * 4 + 3] = 255;
  }
  canvas.getContext('2d')?.putImageData(new ImageData(rgba, map.width, map.height), 0, 0);
}

/**
 * A figure for each hidden layer of `outputs` (every layer but the last, which is the answer,
 * and `Flatten`, which only reshapes), each marked `data-layer` with its kind.
 */
export function layerFigures(outputs: readonly LayerOutput[], t: Translate): HTMLElement[] {
  return outputs
    .filter((output, i) => output.kind !== 'Flatten' && i < outputs.length - 1)
    .map((output) => layerFigure(output, t));
}

function layerFigure(output: LayerOutput, t: Translate): HTMLElement {
  const caption = h('p', {}, t('layers.caption', { kind: output.kind, shape: output.shape.join('×') }));
  if (!isFeatureMap(output)) {
    const top = topValues(output.values, 5).map((r) => `#${r.index + 1} (${r.value.toFixed(2)})`);
    return h(
      'div',
      { class: 'layer-figure', 'data-layer': output.kind },
      caption,
      h('p', {}, t('layers.topUnits', { list: top.join(', ') })),
    );
  }
  const [height = 1, width = 1] = output.shape;
  const means = channelMeans(output);
  const top = topValues(means, 3).map((r) => `#${r.index + 1}`);
  const range = outputRange(output);
  const maps = drawnChannels(means, MAX_CHANNELS).map((c) => {
    const label = t('layers.channel', { kind: output.kind, index: c + 1 });
    const canvas = h('canvas', { role: 'img', 'aria-label': label });
    drawPlane(canvas, { height, width, channels: 1, data: channelOf(output, c) }, 0, range);
    return h('figure', {}, canvas, h('figcaption', { 'aria-hidden': 'true' }, `#${c + 1}`));
  });
  return h(
    'div',
    { class: 'layer-figure', 'data-layer': output.kind },
    caption,
    h('p', {}, t('layers.topChannels', { list: top.join(', ') })),
    h('div', { class: 'layer-figure-maps' }, ...maps),
  );
}
