/**
 * The optimisers the trainer offers, the same on every backend. Used by `train()` and the GPU
 * oracle test's training step.
 */
import type { NamedAttrMap } from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from './protocol';
import { ADAM_STEP, type AdamStepAttrs } from './wasm-kernels/adam-step';

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
      return new FusedAdam(learningRate, 0.9, 0.999, ADAM_EPSILON);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, 0.9);
    default:
      throw new Error(`Unknown optimizer '${String(name)}'; expected adam, sgd or momentum.`);
  }
}

/** The state TF.js's `AdamOptimizer` keeps in private fields (same names at run time). */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

/**
 * TF.js's Adam, whose update of each variable is one `AdamStep` kernel where the active backend
 * has one (wasm, with our training kernels: src/lib/ml/wasm-kernels/adam-step.ts) instead of
 * about 13 element-wise kernels; elsewhere exactly TF.js's own. Same state, names, weights
 * (`getWeights`/`setWeights`) and class name, so checkpoints move between the two.
 */
export class FusedAdam extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!tf.getKernel(ADAM_STEP, tf.getBackend())) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    const attrs: AdamStepAttrs = {
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      learningRate: this.learningRate,
    };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name] as tf.Variable;
        const slot = (list: AdamState['accumulatedFirstMoment'], suffix: string) => {
          list[i] ??= {
            originalName: `${name}/${suffix}`,
            variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
          };
          return list[i].variable;
        };
        const m = slot(state.accumulatedFirstMoment, 'm');
        const v = slot(state.accumulatedSecondMoment, 'v');
        const gradient = Array.isArray(variableGradients)
          ? variableGradients[i]?.tensor
          : variableGradients[name];
        if (gradient == null) return;
        const [newM, newV, newValue] = tf
          .engine()
          .runKernel<tf.Tensor[]>(
            ADAM_STEP,
            { value, m, v, gradient, accBeta1: state.accBeta1, accBeta2: state.accBeta2 },
            attrs as unknown as NamedAttrMap,
          ) as [tf.Tensor, tf.Tensor, tf.Tensor];
        m.assign(newM);
        v.assign(newV);
        value.assign(newValue);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}
