import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  countParams,
  createCifarFastCnn,
  createCifarModernCnn,
  createCifarTutorialCnn,
  createMnistCnn,
  createMnistCnnLarge,
  createMnistMlp,
  createModel,
  MODEL_FACTORIES,
  summarizeModel,
} from '../../src/lib/ml/models';
import { MODEL_IDS, MODEL_INPUT_SHAPE, type ModelOptions } from '../../src/lib/ml/protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Runs a batch of 2 through the model and returns the output shape. */
function outputShape(model: tf.LayersModel, input: [number, number, number]): number[] {
  return tf.tidy(() => (model.predict(tf.zeros([2, ...input])) as tf.Tensor).shape);
}

describe('model factories', () => {
  it('has a factory for every model id in the protocol', () => {
    expect(Object.keys(MODEL_FACTORIES).sort()).toEqual([...MODEL_IDS].sort());
  });

  // Parameter counts worked out by hand: a dense layer has in*out + out, a conv kh*kw*cin*cout + cout.
  const cases: { id: (typeof MODEL_IDS)[number]; params: number; trainable: number; why: string }[] = [
    // 784*128+128 = 100480; 128*64+64 = 8256; 64*10+10 = 650 → 109386.
    { id: 'mnist-mlp', params: 109_386, trainable: 109_386, why: '784-128-64-10' },
    // conv 5*5*1*8+8 = 208; conv 5*5*8*16+16 = 3216; flatten 4*4*16 = 256 → 256*64+64 = 16448; 64*10+10 = 650 → 20522.
    { id: 'mnist-cnn', params: 20_522, trainable: 20_522, why: 'LeNet-like' },
    // convs 3*3*1*32+32 = 320, 3*3*32*32+32 = 9248, 3*3*32*64+64 = 18496, 3*3*64*64+64 = 36928;
    // flatten 7*7*64 = 3136 → 3136*128+128 = 401536; 128*10+10 = 1290 → 467818.
    { id: 'mnist-cnn-large', params: 467_818, trainable: 467_818, why: 'two VGG blocks' },
    // conv 5*5*3*64+64 = 4864; conv 5*5*64*64+64 = 102464; flatten 6*6*64 = 2304 → 2304*384+384 = 885120;
    // 384*192+192 = 73920; 192*10+10 = 1930 → 1068298 (pooling and LRN have no weights).
    { id: 'cifar-tutorial', params: 1_068_298, trainable: 1_068_298, why: 'TF tutorial' },
    // convs without bias: 3*3*3*16 = 432, 3*3*16*16 = 2304, 3*3*16*32 = 4608, 3*3*32*32 = 9216,
    // 3*3*32*64 = 18432, 3*3*64*64 = 36864 → 71856; batch norm 4 per channel: 4*(16+16+32+32+64+64) = 896,
    // half of it (gamma, beta) trainable = 448; dense 64*10+10 = 650 → 73402 all, 72954 trainable.
    { id: 'cifar-modern', params: 73_402, trainable: 72_954, why: 'conv-BN-ReLU' },
    // convs without bias: 3*3*3*24 = 648, 3*3*24*48 = 10368, 3*3*48*96 = 41472 → 52488; batch norm
    // 4*(24+48+96) = 672, 336 trainable; flatten 3*3*96 = 864 → 864*10+10 = 8650 → 61810 all, 61474 trainable.
    { id: 'cifar-fast', params: 61_810, trainable: 61_474, why: 'one conv-BN-ReLU per block' },
  ];

  for (const { id, params, trainable, why } of cases) {
    it(`builds ${id} (${why}) with [batch, 10] softmax output and ${params} parameters`, () => {
      const before = tf.memory().numTensors;
      const model = createModel(id, { seed: 3 });
      expect(outputShape(model, MODEL_INPUT_SHAPE[id])).toEqual([2, 10]);
      expect(countParams(model)).toBe(params);
      expect(countParams(model, 'trainable')).toBe(trainable);
      expect(summarizeModel(model).reduce((s, l) => s + l.params, 0)).toBe(params);
      const sums = tf.tidy(() =>
        (model.predict(tf.ones([1, ...MODEL_INPUT_SHAPE[id]])) as tf.Tensor).sum().dataSync(),
      );
      expect(sums[0]).toBeCloseTo(1, 5);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('reports the tutorial network shapes layer by layer', () => {
    const model = createCifarTutorialCnn();
    const shapes = summarizeModel(model).map((l) => `${l.className}:${l.outputShape.join('x')}`);
    expect(shapes).toEqual([
      'Conv2D:24x24x64',
      'ReLU:24x24x64',
      'MaxPooling2D:12x12x64',
      'LocalResponseNormalization:12x12x64',
      'Conv2D:12x12x64',
      'ReLU:12x12x64',
      'LocalResponseNormalization:12x12x64',
      'MaxPooling2D:6x6x64',
      'Flatten:2304',
      'Dense:384',
      'ReLU:384',
      'Dense:192',
      'ReLU:192',
      'Dense:10',
    ]);
    model.dispose();
  });

  it('honours widths, filters and PReLU', () => {
    // 784*32+32 = 25120; PReLU 32 slopes; 32*10+10 = 330 → 25482.
    const mlp = createMnistMlp({ units: [32], activation: 'prelu' });
    expect(countParams(mlp)).toBe(25_482);
    mlp.dispose();
    // conv 5*5*1*4+4 = 104, 4 PReLU slopes (shared over height and width); conv 5*5*4*6+6 = 606, 6 slopes;
    // 4*4*6 = 96 → 96*20+20 = 1940, 20 slopes; 20*10+10 = 210 → 2890.
    const cnn = createMnistCnn({ filters: [4, 6], units: [20], activation: 'prelu' });
    expect(countParams(cnn)).toBe(2_890);
    cnn.dispose();
    // One block of 16: 3*3*3*16 = 432, BN 64, 3*3*16*16 = 2304, BN 64; 16*10+10 = 170 → 3034.
    // Two blocks of two convolutions: 3*3*3*4 = 108, 3*3*4*4 = 144, 3*3*4*8 = 288, 3*3*8*8 = 576;
    // BN 4*(4+4+8+8) = 96; flatten 6*6*8 = 288 → 2890 → 4102.
    const fast = createCifarFastCnn({ filters: [4, 8], convsPerBlock: 2 });
    expect(countParams(fast)).toBe(4_102);
    fast.dispose();
    expect(() => createCifarFastCnn({ convsPerBlock: 4 })).toThrow(/convsPerBlock must be 1, 2 or 3; got 4/);
    const modern = createCifarModernCnn({ filters: [16] });
    expect(countParams(modern)).toBe(3_034);
    expect(outputShape(modern, [24, 24, 3])).toEqual([2, 10]);
    modern.dispose();
  });

  it('takes a training step on every model, so each layer (LRN, batch norm, PReLU) has gradients', async () => {
    const narrow: Record<(typeof MODEL_IDS)[number], ModelOptions> = {
      'mnist-mlp': { units: [8] },
      'mnist-cnn': { filters: [2, 2], units: [4] },
      'mnist-cnn-large': { filters: [2, 2], units: [4] },
      'cifar-tutorial': { filters: [2, 2], units: [4, 4] },
      'cifar-modern': { filters: [2, 2] },
      'cifar-fast': { filters: [2, 2], convsPerBlock: 2 },
    };
    for (const id of MODEL_IDS) {
      const model = createModel(id, { seed: 1, activation: 'prelu', ...narrow[id] });
      const optimizer = tf.train.adam(0.01);
      model.compile({ optimizer, loss: 'categoricalCrossentropy' });
      const before = model.getWeights().map((w) => w.dataSync().slice());
      // Standard normal, like standardised images, so some pre-activations are negative and PReLU slopes get gradients.
      const xs = tf.randomNormal([4, ...MODEL_INPUT_SHAPE[id]], 0, 1, 'float32', 3);
      const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 10);
      const loss = (await model.trainOnBatch(xs, ys)) as number;
      expect(Number.isFinite(loss), id).toBe(true);
      const after = model.getWeights().map((w) => w.dataSync());
      // Every kernel and batch-norm weight moved (moving statistics too). PReLU slopes are left
      // out: a slope only gets a gradient from negative inputs, which a tiny layer may not see.
      const names = model.weights.map((w) => w.originalName);
      const checked = names.filter((n) => /kernel|gamma|beta|moving/.test(n));
      const stuck = checked.filter((n) => {
        const i = names.indexOf(n);
        return after[i]?.every((v, j) => v === before[i]?.[j]);
      });
      expect(checked.length, id).toBeGreaterThan(0);
      expect(stuck, id).toEqual([]);
      tf.dispose([xs, ys]);
      optimizer.dispose();
      model.dispose();
    }
  });

  it('gives identical weights for the same seed and different ones for another seed', () => {
    const weights = (seed: number) => {
      const model = createMnistCnn({ seed });
      const values = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return values;
    };
    const a = weights(7);
    expect(weights(7)).toEqual(a);
    expect(weights(8)[0]).not.toEqual(a[0]);
  });

  it('rejects bad options with a message naming the fix', () => {
    expect(() => createMnistCnn({ filters: [8] })).toThrow(
      /mnist-cnn filters must be 2 positive integers \(e\.g\. \[8, 16\]\)/,
    );
    expect(() => createMnistCnnLarge({ seed: -1 })).toThrow(/non-negative integer; got -1/);
    expect(() => createCifarModernCnn({ activation: 'tanh' as 'relu' })).toThrow(/'relu' or 'prelu'/);
    expect(() => createModel('resnet' as 'mnist-mlp')).toThrow(
      /Unknown model id 'resnet'; expected one of mnist-mlp/,
    );
  });
});
