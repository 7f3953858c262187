import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LabeledImages } from '../../src/lib/ml/batches';
import { createMemoryCheckpointStore } from '../../src/lib/ml/checkpoint';
import { holdOutValidation, VALIDATION_SEED, validationSizeFor } from '../../src/lib/ml/holdout';
import type { TrainerEvent, TrainerEventOf, TrainerSettings } from '../../src/lib/ml/protocol';
import { createTrainerRuntime, type LoadData } from '../../src/lib/ml/runtime';
import { splitTrainValidation } from '../../src/lib/ml/splits';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the validation rule', () => {
  it('holds out 5,000 images of a full split and a tenth of a small subset', () => {
    expect(validationSizeFor(60_000)).toBe(5_000); // MNIST: 55,000 left to train on
    expect(validationSizeFor(50_000)).toBe(5_000); // CIFAR-10: 45,000
    expect(validationSizeFor(49_999)).toBe(4_999);
    expect(validationSizeFor(6_000)).toBe(600);
    expect(validationSizeFor(2_000)).toBe(200);
    expect(validationSizeFor(100)).toBe(10); // the smallest subset the form accepts
    expect(validationSizeFor(19)).toBe(1);
    expect(validationSizeFor(9)).toBe(0);
  });

  it('names the bad value', () => {
    expect(() => validationSizeFor(-1)).toThrow(/trainCount must be a non-negative integer .*; got -1\./);
    expect(() => validationSizeFor(2.5)).toThrow(/got 2\.5\./);
  });

  it('splits by that rule with the fixed validation seed, whatever the training seed', () => {
    const data = indexedImages(300, 0);
    const split = holdOutValidation(data);
    expect(split.validation.count).toBe(30);
    expect(split.train.count).toBe(270);
    const same = splitTrainValidation(data, { validationSize: 30, seed: VALIDATION_SEED });
    expect([...split.validationIndices]).toEqual([...same.validationIndices]);
  });
});

/**
 * 28×28 grey images that say who they are: pixels 0 and 1 hold the index (low, high byte),
 * pixel 2 the split (0 train, 255 test). `buildBatch` divides by 255, so a batch row reads back.
 */
function indexedImages(count: number, splitMark: 0 | 255): LabeledImages {
  const size = 28 * 28;
  const images = new Uint8Array(count * size);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    images[i * size] = i & 255;
    images[i * size + 1] = i >> 8;
    images[i * size + 2] = splitMark;
    labels[i] = i % 10;
  }
  return { images, labels, count, shape: [28, 28, 1] };
}

/** `split:index` of every image in a batch the model received. */
function identities(xs: tf.Tensor): string[] {
  const values = xs.dataSync();
  const size = 28 * 28;
  const out: string[] = [];
  for (let r = 0; r < xs.shape[0]; r++) {
    const at = (k: number) => Math.round((values[r * size + k] as number) * 255);
    out.push(`${at(2) === 255 ? 'test' : 'train'}:${at(0) + 256 * at(1)}`);
  }
  return out;
}

describe('what the runtime lets the model see', () => {
  const settings: TrainerSettings = {
    modelId: 'mnist-mlp',
    epochs: 2,
    batchSize: 50,
    learningRate: 0.01,
    seed: 3,
    trainSubset: 300,
    testSubset: 120,
    backend: 'cpu',
    evaluateEvery: 2,
    model: { units: [8] },
  };
  const loadData: LoadData = async (_dataset, split, { limit }) =>
    indexedImages(limit ?? 1000, split === 'test' ? 255 : 0);

  it('trains only on the subset less its validation images, evaluates on those, and on the test split only when asked', async () => {
    // Every model the runtime builds goes through these two methods (Sequential delegates to them).
    const trained: string[] = [];
    const predicted: string[][] = [];
    const trainOnBatch = tf.LayersModel.prototype.trainOnBatch;
    const predict = tf.LayersModel.prototype.predict;
    vi.spyOn(tf.LayersModel.prototype, 'trainOnBatch').mockImplementation(function (
      this: tf.LayersModel,
      x,
      y,
    ) {
      trained.push(...identities(x as tf.Tensor));
      return trainOnBatch.call(this, x, y);
    });
    vi.spyOn(tf.LayersModel.prototype, 'predict').mockImplementation(function (
      this: tf.LayersModel,
      x,
      args,
    ) {
      predicted.push(identities(x as tf.Tensor));
      return predict.call(this, x, args);
    });

    const events: TrainerEvent[] = [];
    const runtime = createTrainerRuntime({
      where: 'main-thread',
      post: (e) => events.push(e),
      checkpoints: createMemoryCheckpointStore(),
      loadData,
    });
    const of = <T extends TrainerEvent['type']>(type: T) =>
      events.filter((e): e is TrainerEventOf<T> => e.type === type);
    await runtime.handle({ type: 'init', dataUrl: 'x' });
    await runtime.handle({ type: 'start', settings });
    await runtime.idle();

    const { validationIndices } = holdOutValidation(indexedImages(300, 0));
    const validation = new Set([...validationIndices].map((i) => `train:${i}`));
    const trainedOnce = new Set(trained);
    // 270 images, each once per epoch; none of them held out.
    expect(trained).toHaveLength(2 * 270);
    expect(trainedOnce.size).toBe(270);
    expect([...trainedOnce].filter((id) => validation.has(id))).toEqual([]);
    // Every evaluation during the run measured exactly the 30 held-out images.
    const duringRun = predicted.splice(0);
    expect(duringRun.length).toBeGreaterThan(0);
    expect(new Set(duringRun.flat())).toEqual(validation);
    expect(of('evaluation').every((e) => e.split === 'validation' && e.result.count === 30)).toBe(true);
    expect(of('evaluation').map((e) => e.source)).toContain('live');
    expect(of('checkpoint-saved').at(-1)?.checkpoint.validationAccuracy).toBe(
      of('evaluation').at(-1)?.result.accuracy,
    );

    // The reader asks for the final score: now, and only now, the test split is read.
    await runtime.handle({ type: 'evaluate-test', requestId: 7, modelId: 'mnist-mlp', testSubset: 120 });
    const score = of('evaluation').at(-1);
    expect(score).toMatchObject({ source: 'test', split: 'test', requestId: 7, step: 12, epoch: 1 });
    expect(score?.result.count).toBe(120);
    expect(predicted.flat()).toEqual(Array.from({ length: 120 }, (_, i) => `test:${i}`));
    await runtime.handle({ type: 'dispose' });
  });

  it('refuses a test score while the run trains, and gives one while it is paused', async () => {
    const events: TrainerEvent[] = [];
    const runtime = createTrainerRuntime({
      where: 'main-thread',
      post: (e) => events.push(e),
      checkpoints: createMemoryCheckpointStore(),
      loadData,
    });
    await runtime.handle({ type: 'init', dataUrl: 'x' });
    const firstStep = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (events.some((e) => e.type === 'progress')) {
          clearInterval(check);
          resolve();
        }
      }, 1);
    });
    await runtime.handle({ type: 'start', settings: { ...settings, epochs: 50 } });
    await firstStep;
    await runtime.handle({ type: 'evaluate-test', requestId: 1, modelId: 'mnist-mlp' });
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'busy', requestId: 1, fatal: false });
    expect(events.find((e) => e.type === 'error')?.message).toMatch(/pause it .* before scoring/);

    await runtime.handle({ type: 'pause' });
    await runtime.handle({ type: 'evaluate-test', requestId: 2, modelId: 'mnist-mlp', testSubset: 100 });
    const answer = events.at(-1);
    expect(answer).toMatchObject({ type: 'evaluation', source: 'test', split: 'test', requestId: 2 });
    const paused = events.filter((e) => e.type === 'progress').at(-1);
    expect(answer).toMatchObject({ step: paused?.step });
    await runtime.handle({ type: 'stop' });
    await runtime.handle({ type: 'dispose' });
  });
});
