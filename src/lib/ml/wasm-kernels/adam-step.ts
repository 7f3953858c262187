/**
 * `AdamStep`: one Adam update of one variable in a single pass, a kernel of our own for wasm
 * (`FusedAdam` in src/lib/ml/optimizers.ts calls it where it is registered).
 */
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import { attrsOf, BACKEND, inputOf, type WasmBackendLike } from './shared';

export const ADAM_STEP = 'AdamStep';

// TF.js's Adam updates each variable with about 13 element-wise kernels (mul, add, square,
// div, sqrt…), each one a pass over the variable, a call through the engine and, with threads,
// a wake-up of the thread pool: 100–150 kernels per step for the guide's models, a large share
// of the step that threads do not shorten. This kernel computes the same expressions in the
// same order, each rounded to float32 (`Math.fround`) as the element-wise kernels round them,
// in one pass over the heap, so the result matches TF.js's Adam (tests/unit/wasm-kernels.test.ts).

export interface AdamStepAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
}

/** Inputs: value, m, v, gradient (one shape), accBeta1, accBeta2 (scalars). Outputs: new m, v, value. */
function adamStep(args: Parameters<KernelConfig['kernelFunc']>[0]): TensorInfo[] {
  const backend = args.backend as WasmBackendLike;
  const names = ['value', 'm', 'v', 'gradient', 'accBeta1', 'accBeta2'] as const;
  const [value, m, v, gradient, accBeta1, accBeta2] = names.map((name) => inputOf(args, name)) as [
    TensorInfo,
    TensorInfo,
    TensorInfo,
    TensorInfo,
    TensorInfo,
    TensorInfo,
  ];
  for (const t of [value, m, v, gradient, accBeta1, accBeta2]) {
    if (t.dtype !== 'float32')
      throw new Error(`wasm ${ADAM_STEP}: expected float32 tensors, got ${t.dtype}.`);
  }
  const { beta1, beta2, epsilon, learningRate } = attrsOf<AdamStepAttrs>(args);
  const f = Math.fround;
  // The scalars TF.js's Adam makes from its numbers (float32 tensors).
  const b1 = f(beta1);
  const b2 = f(beta2);
  const oneMinusB1 = f(1 - beta1);
  const oneMinusB2 = f(1 - beta2);
  const eps = f(epsilon);
  const minusLr = f(-learningRate);
  const outM = backend.makeOutput(value.shape, 'float32');
  const outV = backend.makeOutput(value.shape, 'float32');
  const outValue = backend.makeOutput(value.shape, 'float32');
  // Views only after every allocation: growing the heap detaches older views.
  const [w, m0, v0, g, a1, a2, m1, v1, w1] = [
    value,
    m,
    v,
    gradient,
    accBeta1,
    accBeta2,
    outM,
    outV,
    outValue,
  ].map((t) => backend.typedArrayFromHeap(t)) as Float32Array[];
  const c1 = f(1 - (a1?.[0] as number));
  const c2 = f(1 - (a2?.[0] as number));
  const n = (w as Float32Array).length;
  for (let i = 0; i < n; i++) {
    const gi = (g as Float32Array)[i] as number;
    const newM = f(f(((m0 as Float32Array)[i] as number) * b1) + f(gi * oneMinusB1));
    const newV = f(f(((v0 as Float32Array)[i] as number) * b2) + f(f(gi * gi) * oneMinusB2));
    const mHat = f(newM / c1);
    const vHat = f(newV / c2);
    const step = f(f(mHat / f(f(Math.sqrt(vHat)) + eps)) * minusLr);
    (m1 as Float32Array)[i] = newM;
    (v1 as Float32Array)[i] = newV;
    (w1 as Float32Array)[i] = f(step + ((w as Float32Array)[i] as number));
  }
  return [outM, outV, outValue];
}

export const adamStepKernel: KernelConfig = {
  kernelName: ADAM_STEP,
  backendName: BACKEND,
  kernelFunc: adamStep as unknown as KernelConfig['kernelFunc'],
};
