/**
 * One layer's output for one image, and what a page needs to show it: which outputs are
 * feature maps, a channel's plane, the strongest channels or units. Kept apart from
 * ./feature-maps.ts (which runs the model) so the trainer and chapter 3's islands can draw
 * layers without pulling TF.js into the page's first load (and out of the offline precache).
 */
import { valueRange } from '../math/convolution.ts';

/** One layer's output for one image: shape without the batch axis, values in TF.js order (HWC). */
export interface LayerOutput {
  /** The layer's name in the model (`conv2d_Conv2D1`…). */
  name: string;
  /** TF.js class name: `Conv2D`, `Activation`, `MaxPooling2D`, `Flatten`, `Dense`… */
  kind: string;
  shape: number[];
  values: Float32Array;
}

/** An index and its value: a channel, a unit or a class. */
export interface Ranked {
  index: number;
  value: number;
}

/** Whether a layer's output is a stack of feature maps (height × width × channels). */
export function isFeatureMap(output: LayerOutput): boolean {
  return output.shape.length === 3;
}

/** The `count` largest of `values`, largest first (ties keep the lower index first). */
export function topValues(values: ArrayLike<number>, count: number): Ranked[] {
  return Array.from(values, (value, index) => ({ index, value }))
    .sort((a, b) => b.value - a.value || a.index - b.index)
    .slice(0, count);
}

/** Each channel's mean activation over the map (HWC), to rank a conv layer's channels. */
export function channelMeans(output: LayerOutput): Float32Array {
  const [height = 1, width = 1, channels = 1] = output.shape;
  const means = new Float32Array(channels);
  for (let i = 0; i < height * width; i++) {
    for (let c = 0; c < channels; c++)
      means[c] = (means[c] as number) + (output.values[i * channels + c] as number);
  }
  return means.map((sum) => sum / (height * width));
}

/**
 * The channels worth drawing when only `max` fit, given each channel's mean (`channelMeans`,
 * which also ranks the "most active" list): all of them when they fit, else the `max` most
 * active, in channel order, so every channel that list names is among those drawn.
 */
export function drawnChannels(means: Float32Array, max: number): number[] {
  if (means.length <= max) return Array.from({ length: means.length }, (_, c) => c);
  return topValues(means, max)
    .map((r) => r.index)
    .sort((a, b) => a - b);
}

/** The smallest and largest value of a whole layer's output: one grey scale for all its maps. */
export function outputRange(output: LayerOutput): { min: number; max: number } {
  return valueRange({ height: 1, width: output.values.length, channels: 1, data: output.values });
}

/** Channel `c` of a feature-map output as a one-channel HWC array. */
export function channelOf(output: LayerOutput, c: number): Float32Array {
  const [height = 1, width = 1, channels = 1] = output.shape;
  return Float32Array.from({ length: height * width }, (_, i) => output.values[i * channels + c] as number);
}
