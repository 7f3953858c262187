/**
 * One image through a trained model, layer by layer, for the convolution island's
 * CNN-Explainer-style view: every layer's output (conv and pooling layers as feature maps,
 * dense layers as units) and the strongest activations. One forward pass of a probe model
 * that shares the trained layers; every tensor is freed before returning.
 */
import * as tf from '@tensorflow/tfjs';

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

/**
 * The output of every layer of `model` for one image already shaped as `inputShape` (floats).
 * Read asynchronously: WebGPU cannot read a tensor synchronously.
 */
export async function layerOutputs(
  model: tf.LayersModel,
  image: Float32Array,
  inputShape: readonly [number, number, number],
): Promise<LayerOutput[]> {
  const expected = inputShape[0] * inputShape[1] * inputShape[2];
  if (image.length !== expected) {
    throw new Error(
      `layerOutputs: expected ${expected} values for a ${inputShape.join('×')} input; got ${image.length}.`,
    );
  }
  const layers = model.layers.filter((layer) => !layer.getClassName().startsWith('Input'));
  // Not disposed: it owns no weights of its own, only the trained model's layers.
  const probe = tf.model({
    inputs: model.inputs,
    outputs: layers.map((layer) => layer.output as tf.SymbolicTensor),
  });
  const outputs = tf.tidy(() => {
    const result = probe.predict(tf.tensor4d(image, [1, ...inputShape]));
    return (Array.isArray(result) ? result : [result]).map((tensor) => tensor.squeeze([0]));
  });
  try {
    const values = await Promise.all(outputs.map((tensor) => tensor.data<'float32'>()));
    return layers.map((layer, i) => ({
      name: layer.name,
      kind: layer.getClassName(),
      shape: (outputs[i] as tf.Tensor).shape,
      values: values[i] as Float32Array,
    }));
  } finally {
    tf.dispose(outputs);
  }
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

/** Channel `c` of a feature-map output as a one-channel HWC array. */
export function channelOf(output: LayerOutput, c: number): Float32Array {
  const [height = 1, width = 1, channels = 1] = output.shape;
  return Float32Array.from({ length: height * width }, (_, i) => output.values[i * channels + c] as number);
}
