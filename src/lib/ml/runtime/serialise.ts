/** A model to and from its TF.js artifacts in memory (checkpoints, export, import). */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../catalog';
import type { OptimizerState } from '../checkpoint';
import { registerCustomLayers } from '../models';
import type { ModelArtifacts } from './model-files';

/** The model's topology and weights, the weights joined into one buffer. */
export async function artifactsOf(model: tf.LayersModel): Promise<ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (!artifacts?.modelTopology || !artifacts.weightSpecs || !artifacts.weightData) {
    throw new Error('The model could not be serialised (no topology or weights).');
  }
  const data = artifacts.weightData;
  return {
    modelTopology: artifacts.modelTopology as object,
    weightSpecs: artifacts.weightSpecs,
    weightData: Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data,
  };
}

export async function modelFromArtifacts(artifacts: ModelArtifacts): Promise<tf.LayersModel> {
  registerCustomLayers();
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: artifacts.modelTopology,
      weightSpecs: artifacts.weightSpecs,
      weightData: artifacts.weightData,
    }),
  );
}

/** The compiled optimizer's state (iteration count and slots), or null when the model has none. */
export async function optimizerStateOf(
  model: tf.LayersModel,
  name: OptimizerName,
): Promise<OptimizerState | null> {
  const optimizer = model.optimizer;
  if (!optimizer) return null;
  const weights = await optimizer.getWeights();
  try {
    const { data, specs } = await tf.io.encodeWeights(weights);
    return { name, weightSpecs: specs, weightData: data };
  } finally {
    // TF.js optimizers put a fresh `iter` scalar first; the slots after it are live variables.
    if (weights[0]?.name === 'iter') weights[0].tensor.dispose();
  }
}

/** The tensors `optimizer.setWeights()` takes back, in the saved order; the caller disposes them. */
export function optimizerWeights(state: OptimizerState): { name: string; tensor: tf.Tensor }[] {
  const map = tf.io.decodeWeights(state.weightData, state.weightSpecs);
  return state.weightSpecs.map((spec) => ({ name: spec.name, tensor: map[spec.name] as tf.Tensor }));
}
