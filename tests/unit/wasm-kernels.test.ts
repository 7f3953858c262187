/**
 * Oracle tests for the wasm training kernels: every gradient the guide's models need is
 * computed on the `wasm` backend (XNNPACK, with our kernels) and on TF.js's `cpu` backend
 * from the same inputs, and must agree within 1e-4 relative error (max-norm).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_FACTORIES } from '../../src/lib/ml/models';
import { ADAM_EPSILON, createOptimizer } from '../../src/lib/ml/optimizers';
import {
  type Activation,
  MODEL_IDS,
  MODEL_INPUT_SHAPE,
  type ModelId,
  type ModelOptions,
} from '../../src/lib/ml/protocol';
import {
  type KernelEntry,
  registerAllOrNone,
  registerWasmTrainingKernels,
} from '../../src/lib/ml/wasm-kernels';
import { leadingAxes } from '../../src/lib/ml/wasm-kernels/leading-sum';
import {
  type FilterGradStrategy,
  type InputGradStrategy,
  keepNativeInputGrad,
  useKernelStrategies,
} from '../fixtures/wasm-kernel-strategies';

const TOLERANCE = 1e-4;

beforeAll(async () => {
  setWasmPaths(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
  keepNativeInputGrad();
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(async () => {
  useKernelStrategies('conv', 'conv');
  await tf.setBackend('cpu');
});

/** Deterministic pseudo-random values in [-1, 1) (no dependence on TF.js's RNG). */
function randomValues(shape: number[], seed: number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  let s = seed * 2654435761 + 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** Runs `compute` on `backend` and returns its results as plain arrays; no tensor is left behind. */
function runOn(backend: 'cpu' | 'wasm', compute: () => tf.Tensor[]): Float32Array[] {
  tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const results = tf.tidy(compute);
  const values = results.map((t) => t.dataSync() as Float32Array);
  tf.dispose(results);
  expect(tf.memory().numTensors).toBe(before);
  return values;
}

/** max|wasm − cpu| / max|cpu| for each result. */
function relativeErrors(compute: () => tf.Tensor[]): number[] {
  const reference = runOn('cpu', compute);
  const actual = runOn('wasm', compute);
  expect(actual.length).toBe(reference.length);
  return reference.map((ref, i) => {
    const got = actual[i] as Float32Array;
    expect(got.length).toBe(ref.length);
    let diff = 0;
    let scale = 0;
    for (let j = 0; j < ref.length; j++) {
      diff = Math.max(diff, Math.abs((got[j] as number) - (ref[j] as number)));
      scale = Math.max(scale, Math.abs(ref[j] as number));
    }
    expect(scale).toBeGreaterThan(0);
    return diff / scale;
  });
}

type Pad = 'same' | 'valid';
interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

// Odd sizes, non-square kernels and strides, batch 1 and larger, one input channel
// (the first layer of an MNIST CNN) and many, 1×1 kernels, and windows that leave
// trailing rows unused ('valid' with stride 2).
const CONV_CASES: ConvCase[] = [
  { x: [1, 7, 7, 1], filter: [3, 3, 1, 4], strides: 1, pad: 'same' },
  { x: [3, 9, 7, 3], filter: [3, 2, 3, 5], strides: 1, pad: 'valid' },
  { x: [2, 9, 11, 2], filter: [5, 5, 2, 6], strides: 2, pad: 'same' },
  { x: [2, 10, 9, 4], filter: [3, 3, 4, 3], strides: 2, pad: 'valid' },
  { x: [1, 8, 8, 3], filter: [1, 1, 3, 7], strides: 2, pad: 'valid' },
  { x: [4, 11, 6, 2], filter: [4, 1, 2, 3], strides: [2, 1], pad: 'same' },
  { x: [2, 13, 13, 1], filter: [5, 5, 1, 8], strides: 1, pad: 'valid' },
  { x: [2, 12, 12, 8], filter: [5, 5, 8, 8], strides: 1, pad: 'same' },
  { x: [2, 9, 8, 1], filter: [3, 4, 1, 5], strides: 2, pad: 'same' },
];

function describeCase(c: ConvCase): string {
  return `x ${c.x.join('×')}, filter ${c.filter.join('×')}, strides ${c.strides}, ${c.pad}`;
}

/** Gradients of Σ conv(x, w) ⊙ r with respect to x and w, for a fixed random r. */
function convGradients(c: ConvCase, seed: number): () => tf.Tensor[] {
  const xValues = randomValues(c.x, seed);
  const wValues = randomValues(c.filter, seed + 1);
  return () => {
    const x = tf.tensor4d(xValues, c.x);
    const w = tf.tensor4d(wValues, c.filter);
    const outShape = tf.conv2d(x, w, c.strides, c.pad).shape;
    const r = tf.tensor(randomValues(outShape, seed + 2), outShape);
    const loss = (xs: tf.Tensor4D, ws: tf.Tensor4D) => tf.conv2d(xs, ws, c.strides, c.pad).mul(r).sum();
    const [dx, dw] = tf.grads(loss as (...args: tf.Tensor[]) => tf.Tensor)([x, w]);
    return [tf.conv2d(x, w, c.strides, c.pad), dx as tf.Tensor, dw as tf.Tensor];
  };
}

describe('Conv2DBackpropFilter and Conv2DBackpropInput on wasm', () => {
  const strategies: [FilterGradStrategy, InputGradStrategy][] = [
    ['conv', 'conv'],
    ['im2col', 'native'],
    ['js', 'conv'],
  ];
  for (const [filterGrad, inputGrad] of strategies) {
    for (const [i, c] of CONV_CASES.entries()) {
      it(`match the cpu backend (filter grad '${filterGrad}', input grad '${inputGrad}'): ${describeCase(c)}`, () => {
        useKernelStrategies(filterGrad, inputGrad);
        const [forward, dx, dw] = relativeErrors(convGradients(c, 10 * i + 1));
        expect(forward).toBeLessThan(TOLERANCE);
        expect(dx).toBeLessThan(TOLERANCE);
        expect(dw).toBeLessThan(TOLERANCE);
      });
    }
  }

  it('free every intermediate buffer they allocate in the wasm heap', () => {
    useKernelStrategies('conv', 'conv');
    tf.setBackend('wasm');
    const c = CONV_CASES[3] as ConvCase;
    const compute = convGradients(c, 99);
    tf.dispose(tf.tidy(compute)); // warm-up: XNNPACK operator caches
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const before = backend.numDataIds();
    for (let k = 0; k < 3; k++) tf.dispose(tf.tidy(compute));
    expect(backend.numDataIds()).toBe(before);
  });
});

describe('BatchMatMul and _FusedMatMul with transposed operands on wasm', () => {
  const shapes: { a: number[]; b: number[]; transposeA: boolean; transposeB: boolean }[] = [
    { a: [7, 5], b: [5, 3], transposeA: false, transposeB: false },
    { a: [5, 7], b: [5, 3], transposeA: true, transposeB: false },
    { a: [7, 5], b: [3, 5], transposeA: false, transposeB: true },
    { a: [2, 5, 7], b: [2, 3, 5], transposeA: true, transposeB: true },
    { a: [1, 33, 17], b: [1, 33, 9], transposeA: true, transposeB: false },
  ];
  for (const [i, c] of shapes.entries()) {
    it(`match the cpu backend: a ${c.a.join('×')}${c.transposeA ? 'ᵀ' : ''} · b ${c.b.join('×')}${c.transposeB ? 'ᵀ' : ''}, plain${c.a.length === 2 ? ' and fused with bias and ReLU' : ''}`, () => {
      const aValues = randomValues(c.a, 700 + i);
      const bValues = randomValues(c.b, 800 + i);
      const errors = relativeErrors(() => {
        const a = tf.tensor(aValues, c.a);
        const b = tf.tensor(bValues, c.b);
        const product = tf.matMul(a, b, c.transposeA, c.transposeB);
        const units = product.shape[product.shape.length - 1] as number;
        const bias = tf.tensor1d(randomValues([units], 900 + i));
        if (c.a.length > 2) return [product];
        // Rank 2 only (dense layers): the backend's own fused kernel adds the bias wrongly
        // to batched products (checked against its unfused ops), transposed or not.
        const fused = tf.fused.matMul({
          a,
          b,
          transposeA: c.transposeA,
          transposeB: c.transposeB,
          bias,
          activation: 'relu',
        });
        return [product, fused];
      });
      for (const e of errors) expect(e).toBeLessThan(TOLERANCE);
    });
  }
});

describe('Sum and Mean on wasm', () => {
  it('takes the fast path only for leading axes, in numeric order', () => {
    expect(leadingAxes([2, 0, 1], 4)).toEqual([0, 1, 2]);
    expect(leadingAxes(-1, 2)).toBeNull();
    expect(leadingAxes([0, 2], 3)).toBeNull();
    // Eleven leading axes of a rank-12 tensor: 10 sorts after 9, not after 1.
    expect(leadingAxes([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0], 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  const cases: { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
    { shape: [6, 5, 4, 3], axis: [0, 1, 2], keepDims: false },
    { shape: [6, 5, 4, 3], axis: [2, 0, 1], keepDims: true },
    { shape: [7, 9], axis: 0, keepDims: false },
    { shape: [7, 9], axis: -1, keepDims: false },
    { shape: [3, 4, 5], axis: [0, 2], keepDims: false },
    { shape: [3, 4, 5], axis: [0, 1, 2], keepDims: false },
  ];
  for (const [i, c] of cases.entries()) {
    it(`matches the cpu backend: shape ${c.shape.join('×')}, axis ${c.axis}, keepDims ${c.keepDims}`, () => {
      const values = randomValues(c.shape, 1000 + i);
      let shape: number[] = [];
      const errors = relativeErrors(() => {
        const x = tf.tensor(values, c.shape);
        const out = tf.sum(x, c.axis, c.keepDims);
        shape = out.shape;
        return [out, tf.mean(x, c.axis, c.keepDims)];
      });
      for (const e of errors) expect(e).toBeLessThan(TOLERANCE);
      expect(shape).toEqual(tf.tidy(() => tf.sum(tf.zeros(c.shape), c.axis, c.keepDims).shape));
    });
  }
});

describe('Tile on wasm', () => {
  // Batch norm's case (a per-channel vector over [N, H, W]), repeats on inner and outer axes
  // at once, single repeats, rank 1 and 5, and an int32 tensor (the backend's own loop).
  const cases: { shape: number[]; reps: number[] }[] = [
    { shape: [1, 1, 1, 5], reps: [3, 4, 6, 1] },
    { shape: [2, 3, 4], reps: [3, 1, 2] },
    { shape: [4, 3], reps: [1, 1] },
    { shape: [7], reps: [5] },
    { shape: [2, 1, 3, 1, 2], reps: [1, 4, 2, 3, 2] },
  ];
  for (const [i, c] of cases.entries()) {
    it(`matches the cpu backend: shape ${c.shape.join('×')} tiled ${c.reps.join('×')}`, () => {
      const values = randomValues(c.shape, 1100 + i);
      const [e] = relativeErrors(() => [tf.tile(tf.tensor(values, c.shape), c.reps)]);
      expect(e).toBe(0);
    });
  }

  it('leaves int32 tensors to the backend, with the same result as cpu', () => {
    const ints = (backend: 'cpu' | 'wasm') => {
      tf.setBackend(backend);
      return tf.tidy(() => tf.tile(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), [2, 3]).arraySync());
    };
    expect(ints('wasm')).toEqual(ints('cpu'));
  });
});

describe('registerWasmTrainingKernels', () => {
  it('registers its kernels once and can be called again', () => {
    expect(registerWasmTrainingKernels()).toEqual([
      'Conv2DBackpropFilter',
      'Conv2DBackpropInput',
      'MaxPoolGrad',
      'BatchMatMul',
      '_FusedMatMul',
      'Sum',
      'Mean',
      'Tile',
      'AdamStep',
      'Identity',
    ]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    const config = tf.getKernel('Conv2DBackpropInput', 'wasm');
    registerWasmTrainingKernels();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBe(config);
  });

  it('rejects an unknown reference strategy, naming the valid ones', () => {
    expect(() => useKernelStrategies('fft' as FilterGradStrategy, 'conv')).toThrow(
      /Unknown wasm kernel strategy "fft": expected one of conv, im2col, js/,
    );
  });

  it('registers all kernels or none: a failure takes back those already registered', () => {
    const backend = 'all-or-none-test';
    const kernelFunc = () => ({ dataId: {}, shape: [], dtype: 'float32' as const });
    const kept = { kernelName: 'Kept', backendName: backend, kernelFunc };
    tf.registerKernel(kept);
    const entries: KernelEntry[] = [
      { kernelName: 'Added', make: () => ({ kernelName: 'Added', backendName: backend, kernelFunc }) },
      {
        kernelName: 'Kept',
        make: () => ({ kernelName: 'Kept', backendName: backend, kernelFunc: () => kernelFunc() }),
      },
      {
        kernelName: 'Broken',
        make: () => {
          throw new Error('cannot build Broken');
        },
      },
    ];
    expect(() => registerAllOrNone(backend, entries)).toThrow('cannot build Broken');
    expect(tf.getKernel('Added', backend)).toBeUndefined();
    expect(tf.getKernel('Kept', backend)).toBe(kept);
    registerAllOrNone(backend, entries.slice(0, 2));
    expect(tf.getKernel('Added', backend)).toBeDefined();
    expect(tf.getKernel('Kept', backend)).not.toBe(kept);
  });
});

// The backend's own gradient kernels that the guide's models rely on.
describe('pooling, LRN, batch norm and PReLU gradients on wasm', () => {
  const poolCases: {
    x: [number, number, number, number];
    size: number | [number, number];
    strides: number;
    pad: Pad;
  }[] = [
    { x: [1, 8, 8, 2], size: 2, strides: 2, pad: 'valid' },
    { x: [3, 9, 7, 3], size: 3, strides: 2, pad: 'same' },
    { x: [2, 7, 9, 4], size: [2, 3], strides: 1, pad: 'same' },
    { x: [2, 11, 11, 1], size: 3, strides: 2, pad: 'valid' },
    // 2×2 stride 2 (the unrolled path): a trailing row and column no window reaches, and
    // 'same' with odd sizes (its last windows overhang, so the general loop).
    { x: [2, 7, 9, 3], size: 2, strides: 2, pad: 'valid' },
    { x: [1, 7, 9, 2], size: 2, strides: 2, pad: 'same' },
  ];
  for (const [i, c] of poolCases.entries()) {
    it(`MaxPoolGrad and AvgPoolGrad match the cpu backend: x ${c.x.join('×')}, pool ${c.size}, strides ${c.strides}, ${c.pad}`, () => {
      const xValues = randomValues(c.x, 200 + i);
      const errors = relativeErrors(() => {
        const x = tf.tensor4d(xValues, c.x);
        const outShape = tf.maxPool(x, c.size, c.strides, c.pad).shape;
        const r = tf.tensor(randomValues(outShape, 300 + i), outShape);
        const maxGrad = tf.grad((xs: tf.Tensor) =>
          tf
            .maxPool(xs as tf.Tensor4D, c.size, c.strides, c.pad)
            .mul(r)
            .sum(),
        )(x);
        const avgGrad = tf.grad((xs: tf.Tensor) =>
          tf
            .avgPool(xs as tf.Tensor4D, c.size, c.strides, c.pad)
            .mul(r)
            .sum(),
        )(x);
        return [maxGrad, avgGrad];
      });
      for (const e of errors) expect(e).toBeLessThan(TOLERANCE);
    });
  }

  it('LRNGrad matches the cpu backend (the CIFAR tutorial settings)', () => {
    const shape: [number, number, number, number] = [2, 5, 5, 9];
    const xValues = randomValues(shape, 400);
    const [e] = relativeErrors(() => {
      const x = tf.tensor4d(xValues, shape);
      const r = tf.tensor(randomValues(shape, 401), shape);
      return [
        tf.grad((xs: tf.Tensor) =>
          tf
            .localResponseNormalization(xs as tf.Tensor4D, 4, 1, 0.001 / 9, 0.75)
            .mul(r)
            .sum(),
        )(x),
      ];
    });
    expect(e).toBeLessThan(TOLERANCE);
  });

  it('batch norm and PReLU gradients match the cpu backend', () => {
    const shape: [number, number, number, number] = [3, 4, 5, 6];
    const xValues = randomValues(shape, 500);
    const errors = relativeErrors(() => {
      const x = tf.tensor4d(xValues, shape);
      const gamma = tf.tensor1d(randomValues([6], 501));
      const beta = tf.tensor1d(randomValues([6], 502));
      const alpha = tf.tensor3d(randomValues([1, 1, 6], 503), [1, 1, 6]);
      const r = tf.tensor(randomValues(shape, 504), shape);
      const loss = (xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor, a: tf.Tensor) => {
        const { mean, variance } = tf.moments(xs, [0, 1, 2]);
        const normed = tf.batchNorm(
          xs as tf.Tensor4D,
          mean,
          variance,
          b as tf.Tensor1D,
          g as tf.Tensor1D,
          1e-3,
        );
        return tf.prelu(normed, a).mul(r).sum();
      };
      return tf.grads(loss as (...args: tf.Tensor[]) => tf.Tensor)([x, gamma, beta, alpha]);
    });
    for (const e of errors) expect(e).toBeLessThan(TOLERANCE);
  });
});

/** Gradients of the cross-entropy loss of `modelId` on a small random batch, in weight order. */
function modelGradients(modelId: ModelId, options: ModelOptions, weights: Float32Array[]): () => tf.Tensor[] {
  const inputShape = MODEL_INPUT_SHAPE[modelId];
  const batch = 3;
  const xValues = randomValues([batch, ...inputShape], 600);
  return () => {
    const model = MODEL_FACTORIES[modelId](options);
    model.setWeights(model.weights.map((w, i) => tf.tensor(weights[i] as Float32Array, w.shape as number[])));
    const x = tf.tensor4d(xValues, [batch, ...inputShape]);
    const labels = tf.oneHot(tf.tensor1d([3, 1, 4], 'int32'), 10);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(
      () =>
        tf.losses.softmaxCrossEntropy(
          labels,
          (model.apply(x, { training: true }) as tf.Tensor).log(),
        ) as tf.Scalar,
      variables,
    );
    const out = [value, ...variables.map((v) => grads[v.name] as tf.Tensor)];
    model.dispose();
    return out;
  };
}

describe('full gradients of the guide models on wasm', () => {
  // The architectures as the guide builds them; the larger ones narrowed (same layers,
  // fewer filters) so that the cpu backend's reference stays within the test budget.
  const narrow: Partial<Record<ModelId, ModelOptions>> = {
    'mnist-cnn-large': { filters: [8, 8], units: [16] },
    'cifar-tutorial': { filters: [8, 8], units: [16, 8] },
    'cifar-modern': { filters: [4, 8, 8] },
    'cifar-fast': { filters: [4, 8, 8] },
  };
  const cases: [ModelId, Activation][] = [
    ...MODEL_IDS.map((id) => [id, 'relu'] as [ModelId, Activation]),
    ['mnist-cnn', 'prelu'],
    ['cifar-modern', 'prelu'],
  ];
  for (const [modelId, activation] of cases) {
    const options: ModelOptions = { seed: 7, activation, ...narrow[modelId] };
    const label = narrow[modelId] ? `, narrowed to ${JSON.stringify(narrow[modelId])}` : '';
    it(`${modelId} (${activation}${label}): loss and every weight gradient match the cpu backend`, () => {
      useKernelStrategies('conv', 'conv');
      // Same starting weights on both backends, taken from one cpu-built model.
      tf.setBackend('cpu');
      const template = MODEL_FACTORIES[modelId](options);
      const weights = template.getWeights().map((w) => w.dataSync() as Float32Array);
      template.dispose();
      const errors = relativeErrors(modelGradients(modelId, options, weights));
      expect(errors.length).toBeGreaterThan(1);
      for (const [i, e] of errors.entries()) expect(e, `result ${i}`).toBeLessThan(TOLERANCE);
    });
  }
});

describe('FusedAdam (AdamStep) on wasm', () => {
  it('takes the same steps as TF.js’s Adam on cpu: values and both moments, over several steps', async () => {
    const shapes = [[3, 4], [5], [2, 3, 2]];
    const run = async (backend: 'cpu' | 'wasm', optimizer: tf.Optimizer) => {
      tf.setBackend(backend);
      const vars = shapes.map((s, i) =>
        tf.variable(tf.tensor(randomValues(s, 700 + i), s), true, `adam${backend}${i}`),
      );
      for (let step = 0; step < 4; step++) {
        const grads = shapes.map((s, i) => ({
          name: vars[i]?.name as string,
          tensor: tf.tensor(randomValues(s, 800 + 10 * step + i), s),
        }));
        // The trainer lowers the rate between steps (schedules): the kernel must read it each step.
        (optimizer as unknown as { learningRate: number }).learningRate = 0.01 / (step + 1);
        optimizer.applyGradients(grads);
        tf.dispose(grads.map((g) => g.tensor));
      }
      const weights = await optimizer.getWeights();
      const out = {
        values: vars.map((v) => v.dataSync() as Float32Array),
        moments: weights.slice(1).map((w) => ({ name: w.name, data: w.tensor.dataSync() as Float32Array })),
      };
      optimizer.dispose();
      tf.dispose(vars);
      return out;
    };
    const usesKernel = tf.getKernel('AdamStep', 'wasm') !== undefined;
    expect(usesKernel).toBe(true);
    const reference = await run('cpu', tf.train.adam(0.01, 0.9, 0.999, ADAM_EPSILON));
    const fused = await run('wasm', createOptimizer('adam', 0.01));
    expect(fused.moments.map((m) => m.name.replace('wasm', ''))).toEqual(
      reference.moments.map((m) => m.name.replace('cpu', '')),
    );
    for (const [i, values] of reference.values.entries()) expect(fused.values[i]).toEqual(values);
    for (const [i, moment] of reference.moments.entries())
      expect(fused.moments[i]?.data).toEqual(moment.data);
  });
});

describe('Identity on wasm', () => {
  it('shares the data of its input, which stays until the last tensor using it is disposed', () => {
    tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const before = backend.numDataIds();
    for (const dtype of ['float32', 'int32'] as const) {
      const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], dtype);
      const y = tf.clone(x);
      expect(backend.numDataIds()).toBe(before + 1);
      x.dispose();
      expect(y.dtype).toBe(dtype);
      expect(y.arraySync()).toEqual([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      y.dispose();
      expect(backend.numDataIds()).toBe(before);
    }
  });
});
