/**
 * One image through a trained model, layer by layer, for the CNN-Explainer-style views of
 * chapter 3's convolution island and chapter 8's drawing pad (through the worker's `predict`):
 * every layer's output (conv and pooling layers as feature maps, dense layers as units). One
 * forward pass of a probe model that shares the trained layers; every tensor is freed before
 * returning. What a page does with the outputs (ranking, channels, grey scale) lives in
 * ./layer-output.ts, which needs no TF.js.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerOutput } from './layer-output.ts';

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
