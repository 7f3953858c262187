/**
 * The optimisers the trainer offers, the same on every backend. Used by `train()` and the GPU
 * oracle test's training step.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from './protocol';

/**
 * Adam's ε, fixed rather than TF.js's default (the active backend's `epsilon()`): TF.js's WebGL
 * backend reports float16's 1e-4 even when it computes in float32, which damps every update
 * whose gradient is below about 1e-3 (the GPU oracle test, tests/e2e/gpu-oracle.test.ts, caught
 * it). 1e-7 is what cpu, wasm and WebGPU use, so all backends now take the same step.
 */
export const ADAM_EPSILON = 1e-7;

export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate, 0.9, 0.999, ADAM_EPSILON);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, 0.9);
    default:
      throw new Error(`Unknown optimizer '${String(name)}'; expected adam, sgd or momentum.`);
  }
}
