/**
 * Model factories. Every factory builds a fresh, uncompiled `tf.LayersModel` from options;
 * nothing is created on import. Same `seed` → same initial weights on every backend, because
 * each layer's initialiser gets its own seed derived from it.
 *
 * Inputs are `[batch, height, width, channels]` float32 tensors: MNIST 28×28×1 scaled to [0, 1],
 * CIFAR-10 24×24×3 crops standardised per image. Outputs are `[batch, 10]` softmax probabilities.
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation, LayerSummary, ModelId, ModelOptions } from './protocol';

/**
 * Local response normalisation as in the TensorFlow CIFAR-10 tutorial
 * (`tf.nn.lrn(x, 4, bias=1.0, alpha=0.001 / 9.0, beta=0.75)`). TF.js has the op but no layer,
 * so this wraps it; it is registered for serialisation so checkpoints load back.
 */
export class LocalResponseNormalization extends tf.layers.Layer {
  static className = 'LocalResponseNormalization';
  readonly depthRadius: number;
  readonly bias: number;
  readonly alpha: number;
  readonly beta: number;

  constructor(
    config: { depthRadius?: number; bias?: number; alpha?: number; beta?: number; name?: string } = {},
  ) {
    super({ name: config.name });
    this.depthRadius = config.depthRadius ?? 4;
    this.bias = config.bias ?? 1;
    this.alpha = config.alpha ?? 0.001 / 9;
    this.beta = config.beta ?? 0.75;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!x) throw new Error('LocalResponseNormalization: expected one input tensor.');
    return tf.tidy(() =>
      tf.localResponseNormalization(x as tf.Tensor4D, this.depthRadius, this.bias, this.alpha, this.beta),
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      depthRadius: this.depthRadius,
      bias: this.bias,
      alpha: this.alpha,
      beta: this.beta,
    };
  }
}

let customLayersRegistered = false;
/** Lets `tf.loadLayersModel` rebuild models that use our custom layers. Idempotent. */
export function registerCustomLayers(): void {
  if (customLayersRegistered) return;
  tf.serialization.registerClass(LocalResponseNormalization);
  customLayersRegistered = true;
}

/** Per-layer seeds: layer i gets seed*1000 + i, so adding a layer never reshuffles earlier ones. */
class SeedSequence {
  private next = 0;
  constructor(private readonly seed: number) {}
  take(): number {
    return this.seed * 1000 + this.next++;
  }
}

interface Built {
  model: tf.Sequential;
  seeds: SeedSequence;
  activation: Activation;
}

function begin(options: ModelOptions): Built {
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0) {
    throw new Error(`Model seed must be a non-negative integer; got ${seed}.`);
  }
  const activation = options.activation ?? 'relu';
  if (activation !== 'relu' && activation !== 'prelu') {
    throw new Error(`Model activation must be 'relu' or 'prelu'; got '${String(activation)}'.`);
  }
  return { model: tf.sequential(), seeds: new SeedSequence(seed), activation };
}

/** `anyLength`: the architecture repeats per entry (MLP layers, modern CNN blocks), so any count ≥ 1 works. */
function positiveIntegers(
  name: string,
  values: number[] | undefined,
  fallback: number[],
  anyLength = false,
): number[] {
  const list = values ?? fallback;
  const lengthOk = anyLength ? list.length >= 1 : list.length === fallback.length;
  if (!lengthOk || list.some((v) => !Number.isInteger(v) || v < 1)) {
    const count = anyLength ? 'one or more' : String(fallback.length);
    throw new Error(
      `${name} must be ${count} positive integers (e.g. [${fallback.join(', ')}]); got [${list.join(', ')}].`,
    );
  }
  return list;
}

/** ReLU, or PReLU with one learned slope per channel (convolutions) or per unit (dense). */
function addActivation(b: Built, conv: boolean): void {
  if (b.activation === 'relu') b.model.add(tf.layers.reLU());
  else b.model.add(tf.layers.prelu({ sharedAxes: conv ? [1, 2] : undefined }));
}

type Initializer = ReturnType<typeof tf.initializers.heNormal>;

function heNormal(b: Built): Initializer {
  return tf.initializers.heNormal({ seed: b.seeds.take() });
}
function glorotUniform(b: Built): Initializer {
  return tf.initializers.glorotUniform({ seed: b.seeds.take() });
}

function addDense(b: Built, units: number, last = false): void {
  b.model.add(
    tf.layers.dense({
      units,
      kernelInitializer: last ? glorotUniform(b) : heNormal(b),
      activation: last ? 'softmax' : undefined,
    }),
  );
  if (!last) addActivation(b, false);
}

/** MLP 784 → units… → 10. Default units [128, 64]. */
export function createMnistMlp(options: ModelOptions = {}): tf.LayersModel {
  const b = begin(options);
  const units = positiveIntegers('mnist-mlp units', options.units, [128, 64], true);
  b.model.add(tf.layers.flatten({ inputShape: [28, 28, 1] }));
  for (const u of units) addDense(b, u);
  addDense(b, 10, true);
  return b.model;
}

/**
 * LeNet-like: conv 5×5 (valid) → max-pool 2 → conv 5×5 (valid) → max-pool 2 → dense → 10.
 * 28×28 → 24×24 → 12×12 → 8×8 → 4×4. Default filters [8, 16], units [64].
 */
export function createMnistCnn(options: ModelOptions = {}): tf.LayersModel {
  const b = begin(options);
  const [f1, f2] = positiveIntegers('mnist-cnn filters', options.filters, [8, 16]);
  const [u1] = positiveIntegers('mnist-cnn units', options.units, [64]);
  b.model.add(
    tf.layers.conv2d({
      inputShape: [28, 28, 1],
      filters: f1 as number,
      kernelSize: 5,
      kernelInitializer: heNormal(b),
    }),
  );
  addActivation(b, true);
  b.model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  b.model.add(tf.layers.conv2d({ filters: f2 as number, kernelSize: 5, kernelInitializer: heNormal(b) }));
  addActivation(b, true);
  b.model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  b.model.add(tf.layers.flatten());
  addDense(b, u1 as number);
  addDense(b, 10, true);
  return b.model;
}

/**
 * Two VGG-style blocks (two 3×3 'same' convolutions, then max-pool 2) → dense → 10.
 * 28×28 → 14×14 → 7×7. Default filters [32, 64], units [128].
 */
export function createMnistCnnLarge(options: ModelOptions = {}): tf.LayersModel {
  const b = begin(options);
  const filters = positiveIntegers('mnist-cnn-large filters', options.filters, [32, 64]);
  const [u1] = positiveIntegers('mnist-cnn-large units', options.units, [128]);
  let first = true;
  for (const f of filters) {
    for (let i = 0; i < 2; i++) {
      b.model.add(
        tf.layers.conv2d({
          ...(first ? { inputShape: [28, 28, 1] } : {}),
          filters: f,
          kernelSize: 3,
          padding: 'same',
          kernelInitializer: heNormal(b),
        }),
      );
      first = false;
      addActivation(b, true);
    }
    b.model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  }
  b.model.add(tf.layers.flatten());
  addDense(b, u1 as number);
  addDense(b, 10, true);
  return b.model;
}

/**
 * The TensorFlow CIFAR-10 tutorial network on 24×24×3 crops:
 * conv 5×5×64 → max-pool 3×3 stride 2 → LRN → conv 5×5×64 → LRN → max-pool 3×3 stride 2
 * → fc 384 → fc 192 → 10. Shapes: 24×24×64 → 12×12×64 → 12×12×64 → 6×6×64 → 2304 → 384 → 192 → 10.
 * Default filters [64, 64], units [384, 192].
 */
export function createCifarTutorialCnn(options: ModelOptions = {}): tf.LayersModel {
  registerCustomLayers();
  const b = begin(options);
  const [f1, f2] = positiveIntegers('cifar-tutorial filters', options.filters, [64, 64]);
  const units = positiveIntegers('cifar-tutorial units', options.units, [384, 192]);
  const pool = () => tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' });
  // The tutorial's own initialisation: truncated normals with small fixed deviations and biases
  // of 0.1 after the first layer. He initialisation here makes the wide fc layer overshoot in
  // the first steps (loss above chance, then a spike), which the tutorial's scales avoid.
  const normal = (stddev: number) => tf.initializers.truncatedNormal({ stddev, seed: b.seeds.take() });
  const bias = (value: number) => tf.initializers.constant({ value });
  b.model.add(
    tf.layers.conv2d({
      inputShape: [24, 24, 3],
      filters: f1 as number,
      kernelSize: 5,
      padding: 'same',
      kernelInitializer: normal(5e-2),
    }),
  );
  addActivation(b, true);
  b.model.add(pool());
  b.model.add(new LocalResponseNormalization());
  b.model.add(
    tf.layers.conv2d({
      filters: f2 as number,
      kernelSize: 5,
      padding: 'same',
      kernelInitializer: normal(5e-2),
      biasInitializer: bias(0.1),
    }),
  );
  addActivation(b, true);
  b.model.add(new LocalResponseNormalization());
  b.model.add(pool());
  b.model.add(tf.layers.flatten());
  for (const u of units) {
    b.model.add(tf.layers.dense({ units: u, kernelInitializer: normal(0.04), biasInitializer: bias(0.1) }));
    addActivation(b, false);
  }
  const last = units[units.length - 1] as number;
  b.model.add(tf.layers.dense({ units: 10, kernelInitializer: normal(1 / last), activation: 'softmax' }));
  return b.model;
}

/**
 * A small modern network on 24×24×3 crops: three blocks of (conv 3×3 → batch norm → ReLU) ×2
 * → max-pool 2, then global average pooling → 10. 24 → 12 → 6 → 3.
 * Batch norm lets it train with a larger learning rate and converge in fewer steps.
 * Default filters [16, 32, 64]: about a third of the tutorial network's multiply-adds per image,
 * so it takes more steps in the same time (wider settings are one option away).
 */
export function createCifarModernCnn(options: ModelOptions = {}): tf.LayersModel {
  const b = begin(options);
  const filters = positiveIntegers('cifar-modern filters', options.filters, [16, 32, 64], true);
  addConvBnBlocks(b, filters, 2);
  b.model.add(tf.layers.globalAveragePooling2d({}));
  addDense(b, 10, true);
  return b.model;
}

/**
 * The CIFAR-10 batch-norm blocks: per entry of `filters`, `convsPerBlock` × (conv 3×3 'same',
 * no bias → batch norm → activation), then max-pool 2. The first layer takes the 24×24×3 crop.
 */
function addConvBnBlocks(b: Built, filters: readonly number[], convsPerBlock: number): void {
  let first = true;
  for (const f of filters) {
    for (let i = 0; i < convsPerBlock; i++) {
      b.model.add(
        tf.layers.conv2d({
          ...(first ? { inputShape: [24, 24, 3] } : {}),
          filters: f,
          kernelSize: 3,
          padding: 'same',
          useBias: false, // batch norm's beta plays the bias's role
          kernelInitializer: heNormal(b),
        }),
      );
      first = false;
      b.model.add(tf.layers.batchNormalization({ momentum: 0.9 }));
      addActivation(b, true);
    }
    b.model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  }
}

/**
 * The `5min` preset's network, built for speed on a CPU: blocks of `convsPerBlock` (conv 3×3 →
 * batch norm → ReLU), each block ending in max-pool 2, then flatten → 10. 24 → 12 → 6 → 3.
 * Fewer, wider layers than `cifar-modern`: on wasm each layer costs a fixed overhead per step,
 * so one convolution per block trains more images per second for the same accuracy per image.
 * Default filters [24, 48, 96], one convolution per block (the `5min` recipe's choice).
 */
export function createCifarFastCnn(options: ModelOptions = {}): tf.LayersModel {
  const b = begin(options);
  const filters = positiveIntegers('cifar-fast filters', options.filters, [24, 48, 96], true);
  const convs = options.convsPerBlock ?? 1;
  if (!Number.isInteger(convs) || convs < 1 || convs > 3) {
    throw new Error(`cifar-fast convsPerBlock must be 1, 2 or 3; got ${convs}.`);
  }
  addConvBnBlocks(b, filters, convs);
  b.model.add(tf.layers.flatten());
  addDense(b, 10, true);
  return b.model;
}

export type ModelFactory = (options?: ModelOptions) => tf.LayersModel;

export const MODEL_FACTORIES: Record<ModelId, ModelFactory> = {
  'mnist-mlp': createMnistMlp,
  'mnist-cnn': createMnistCnn,
  'mnist-cnn-large': createMnistCnnLarge,
  'cifar-tutorial': createCifarTutorialCnn,
  'cifar-modern': createCifarModernCnn,
  'cifar-fast': createCifarFastCnn,
};

/** Builds a model by id; throws naming the valid ids otherwise. */
export function createModel(modelId: ModelId, options: ModelOptions = {}): tf.LayersModel {
  const factory = MODEL_FACTORIES[modelId];
  if (!factory) {
    throw new Error(
      `Unknown model id '${modelId}'; expected one of ${Object.keys(MODEL_FACTORIES).join(', ')}.`,
    );
  }
  return factory(options);
}

/** Number of weights (trainable and not, e.g. batch-norm moving statistics). */
export function countParams(model: tf.LayersModel, which: 'all' | 'trainable' = 'all'): number {
  const weights = which === 'all' ? model.weights : model.trainableWeights;
  return weights.reduce((sum, w) => sum + w.shape.reduce((a: number, d) => a * (d ?? 1), 1), 0);
}

/** Layer table for the page: name, class, output shape (no batch dimension), parameters. */
export function summarizeModel(model: tf.LayersModel): LayerSummary[] {
  return model.layers.map((layer) => {
    const shape = layer.outputShape as (number | null)[];
    return {
      name: layer.name,
      className: layer.getClassName(),
      outputShape: shape.slice(1).map((d) => d ?? -1),
      params: layer.countParams(),
    };
  });
}
