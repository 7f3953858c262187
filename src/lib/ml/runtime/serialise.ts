/** A model to and from its TF.js artifacts in memory (checkpoints, export, import). */
import * as tf from '@tensorflow/tfjs';
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
