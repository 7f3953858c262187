import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateTrainerSettings } from '../../src/lib/ml/catalog';
import { createMemoryCheckpointStore } from '../../src/lib/ml/checkpoint';
import {
  PROTOCOL_VERSION,
  type TrainerEvent,
  type TrainerEventOf,
  type TrainerSettings,
} from '../../src/lib/ml/protocol';
import { createTrainerRuntime, isOutOfMemory, type LoadData } from '../../src/lib/ml/runtime';
import { syntheticImages } from '../../src/lib/ml/synthetic';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const loadData: LoadData = async (dataset, split, { limit }) => {
  const shape: [number, number, number] = dataset === 'mnist' ? [28, 28, 1] : [32, 32, 3];
  return syntheticImages(limit ?? (split === 'train' ? 60 : 20), shape, split === 'train' ? 1 : 2);
};

const settings: TrainerSettings = {
  modelId: 'mnist-mlp',
  epochs: 2,
  batchSize: 34,
  learningRate: 0.01,
  seed: 1,
  // The fewest examples a subset may have (MIN_SUBSET); batches of 34 make three steps an epoch.
  trainSubset: 100,
  testSubset: 100,
  backend: 'cpu',
  model: { units: [16] },
};

function setup() {
  const events: TrainerEvent[] = [];
  const checkpoints = createMemoryCheckpointStore();
  const runtime = createTrainerRuntime({
    where: 'main-thread',
    post: (e) => events.push(e),
    checkpoints,
    loadData,
  });
  const of = <T extends TrainerEvent['type']>(type: T) =>
    events.filter((e): e is TrainerEventOf<T> => e.type === type);
  return { events, checkpoints, runtime, of };
}

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('trainer runtime', () => {
  it('answers init with ready, trains, reports progress, evaluations and checkpoints, then finishes', async () => {
    const { runtime, of, checkpoints } = setup();
    cleanup = () => runtime.handle({ type: 'dispose' });
    await runtime.handle({ type: 'init', dataUrl: 'http://localhost/data/' });
    expect(of('ready')[0]).toMatchObject({ protocolVersion: PROTOCOL_VERSION, where: 'main-thread' });
    await runtime.handle({ type: 'start', settings });
    await runtime.idle();
    expect(of('backend')[0]).toMatchObject({ name: 'cpu', requested: 'cpu' });
    // 784*16+16 = 12560; 16*10+10 = 170 → 12730.
    expect(of('model-summary')[0]?.totalParams).toBe(12_730);
    const progress = of('progress');
    expect(progress).toHaveLength(6); // ⌈100 / 34⌉ = 3 steps × 2 epochs
    expect(progress.at(-1)).toMatchObject({ epoch: 1, batch: 2, step: 6, totalSteps: 6, batchesPerEpoch: 3 });
    expect(progress[0]?.memory.numTensors).toBeGreaterThan(0);
    expect(of('epoch-end').map((e) => e.epoch)).toEqual([0, 1]);
    // Evaluations during training measure the 10 validation images held out of the 100.
    expect(of('evaluation').map((e) => `${e.source}:${e.split}:${e.result.count}`)).toEqual([
      'epoch:validation:10',
      'epoch:validation:10',
    ]);
    // The test split was never loaded: it is scored only on request.
    expect(of('data-progress').filter((e) => e.split === 'test')).toEqual([]);
    expect(of('checkpoint-saved').map((e) => e.checkpoint.epoch)).toEqual([1, 2]);
    expect(of('finished')[0]).toEqual({ type: 'finished', reason: 'completed', epochsDone: 2, step: 6 });
    expect((await checkpoints.list())[0]).toMatchObject({ modelId: 'mnist-mlp', epoch: 2, step: 6 });
  });

  it('resumes from the saved checkpoint at the next epoch', async () => {
    const { runtime, of } = setup();
    cleanup = () => runtime.handle({ type: 'dispose' });
    await runtime.handle({ type: 'init', dataUrl: 'x' });
    await runtime.handle({ type: 'start', settings: { ...settings, epochs: 1 } });
    await runtime.idle();
    await runtime.handle({ type: 'start', settings: { ...settings, epochs: 3 }, resume: true });
    await runtime.idle();
    expect(of('checkpoint-restored')[0]).toMatchObject({ reason: 'resume', checkpoint: { epoch: 1 } });
    expect(of('epoch-end').map((e) => e.epoch)).toEqual([0, 1, 2]);
    expect(of('finished').at(-1)).toMatchObject({ reason: 'completed', epochsDone: 3, step: 9 });
  });

  it('stops on request and keeps the tensor count of before the run after reset', async () => {
    const before = tf.memory().numTensors;
    const { runtime, of, checkpoints } = setup();
    await runtime.handle({ type: 'init', dataUrl: 'x' });
    const stopAt = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (of('progress').length >= 2) {
          clearInterval(check);
          resolve();
        }
      }, 1);
    });
    await runtime.handle({ type: 'start', settings: { ...settings, epochs: 50 } });
    await stopAt;
    await runtime.handle({ type: 'stop' });
    expect(of('finished')[0]?.reason).toBe('stopped');
    expect(of('progress').length).toBeLessThan(10);
    await runtime.handle({ type: 'reset' });
    expect(await checkpoints.list()).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('exports TF.js files, imports them back, predicts a drawn digit and evaluates the checkpoint', async () => {
    const { runtime, of } = setup();
    cleanup = () => runtime.handle({ type: 'dispose' });
    await runtime.handle({ type: 'init', dataUrl: 'x' });
    await runtime.handle({ type: 'start', settings: { ...settings, epochs: 1 } });
    await runtime.idle();
    await runtime.handle({ type: 'export', requestId: 1, modelId: 'mnist-mlp' });
    const files = of('exported')[0]?.files ?? [];
    expect(files.map((f) => f.name)).toEqual(['model.json', 'weights.bin']);
    const [jsonFile, weightsFile] = files as unknown as [{ blob: Blob }, { blob: Blob }];
    const json = JSON.parse(await jsonFile.blob.text());
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(weightsFile.blob.size).toBe(12_730 * 4);

    await runtime.handle({ type: 'reset' });
    await runtime.handle({
      type: 'predict',
      requestId: 2,
      modelId: 'mnist-mlp',
      pixels: new Float32Array(784),
      shape: [28, 28, 1],
    });
    expect(of('error').at(-1)).toMatchObject({ code: 'checkpoint-missing', requestId: 2, fatal: false });

    const asFiles = await Promise.all(files.map(async (f) => new File([await f.blob.arrayBuffer()], f.name)));
    await runtime.handle({ type: 'import', requestId: 3, modelId: 'mnist-mlp', files: asFiles.reverse() });
    expect(of('imported')[0]).toMatchObject({ requestId: 3, checkpoint: { modelId: 'mnist-mlp', epoch: 1 } });

    // A band across rows 0–1 is how the synthetic data draws class 0.
    const pixels = new Float32Array(784);
    for (let i = 0; i < 56; i++) pixels[i] = 1;
    await runtime.handle({ type: 'predict', requestId: 4, modelId: 'mnist-mlp', pixels, shape: [28, 28, 1] });
    const prediction = of('prediction')[0];
    expect(prediction?.probabilities).toHaveLength(10);
    expect(prediction?.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(prediction?.top3.map((t) => t.probability)).toEqual(
      [...(prediction?.probabilities ?? [])].sort((a, b) => b - a).slice(0, 3),
    );
    // Every layer's output comes with it, for the drawing pad's view; the last is the answer.
    expect(prediction?.layers.map((l) => l.kind)).toEqual(['Flatten', 'Dense', 'ReLU', 'Dense']);
    expect([...(prediction?.layers.at(-1)?.values ?? [])]).toEqual(prediction?.probabilities);
    expect(prediction?.layers[1]?.shape).toEqual([16]);

    await runtime.handle({ type: 'evaluate-checkpoint', requestId: 5, modelId: 'mnist-mlp' });
    expect(of('evaluation').at(-1)).toMatchObject({ source: 'checkpoint', requestId: 5, epoch: 1 });
  });

  it('scores validation and test with test-time flip when the run or the request asks for it', async () => {
    const cifar: TrainerSettings = {
      modelId: 'cifar-fast',
      epochs: 1,
      batchSize: 50,
      learningRate: 0.01,
      seed: 1,
      trainSubset: 100,
      testSubset: 100,
      backend: 'cpu',
      model: { filters: [4, 4, 4] },
    };
    const runs = await Promise.all(
      [false, true].map(async (flipTest) => {
        const { runtime, of } = setup();
        await runtime.handle({ type: 'init', dataUrl: 'x' });
        await runtime.handle({ type: 'start', settings: { ...cifar, flipTest } });
        await runtime.idle();
        await runtime.handle({ type: 'evaluate-test', requestId: 1, modelId: 'cifar-fast' });
        await runtime.handle({ type: 'evaluate-test', requestId: 2, modelId: 'cifar-fast', flip: true });
        const losses = of('evaluation').map((e) => `${e.source}:${e.split}:${e.result.loss.toFixed(6)}`);
        await runtime.handle({ type: 'dispose' });
        return { training: of('progress').map((p) => p.loss), losses };
      }),
    );
    const [plain, flipped] = runs as [(typeof runs)[0], (typeof runs)[0]];
    // The flip changes only how the weights are scored, never the training.
    expect(flipped.training).toEqual(plain.training);
    // Validation at the epoch's end follows the run's setting; the test score follows the request.
    expect(flipped.losses[0]).not.toBe(plain.losses[0]);
    expect(flipped.losses.slice(1)).toEqual(plain.losses.slice(1));
    expect(plain.losses[1]).not.toBe(plain.losses[2]);
    expect(plain.losses[0]?.startsWith('epoch:validation:')).toBe(true);
  });

  it('refuses files that are not a model for this id, saying why', async () => {
    const { runtime, of } = setup();
    cleanup = () => runtime.handle({ type: 'dispose' });
    await runtime.handle({ type: 'init', dataUrl: 'x' });
    await runtime.handle({ type: 'start', settings: { ...settings, epochs: 1 } });
    await runtime.idle();
    await runtime.handle({ type: 'export', requestId: 1, modelId: 'mnist-mlp' });
    const files = of('exported')[0]?.files ?? [];
    const asFiles = await Promise.all(files.map(async (f) => new File([await f.blob.arrayBuffer()], f.name)));
    await runtime.handle({ type: 'import', requestId: 2, modelId: 'cifar-modern', files: asFiles });
    expect(of('error').at(-1)?.message).toMatch(/'cifar-modern' needs input \[null,24,24,3\] and 10 outputs/);
    await runtime.handle({
      type: 'import',
      requestId: 3,
      modelId: 'mnist-mlp',
      files: [new File(['{'], 'model.json')],
    });
    expect(of('error').at(-1)).toMatchObject({ code: 'checkpoint-invalid', requestId: 3 });
    await runtime.handle({ type: 'import', requestId: 4, modelId: 'mnist-mlp', files: [asFiles[0] as File] });
    expect(of('error').at(-1)?.message).toMatch(
      /Weights file 'weights\.bin' named in model\.json was not among the chosen files/,
    );
  });

  it('rejects bad settings and a second start while running', async () => {
    const { runtime, of } = setup();
    cleanup = () => runtime.handle({ type: 'dispose' });
    await runtime.handle({ type: 'init', dataUrl: 'x' });
    await runtime.handle({ type: 'start', settings: { ...settings, batchSize: 0 } });
    expect(of('error')[0]).toMatchObject({ code: 'invalid-settings', fatal: false });
    expect(of('error')[0]?.message).toMatch(/batchSize must be an integer from 1 to 1024; got 0\./);
    await runtime.handle({ type: 'start', settings });
    await runtime.handle({ type: 'start', settings });
    expect(of('error').at(-1)?.code).toBe('busy');
    await runtime.handle({ type: 'stop' });
  });

  it('recognises out-of-memory errors', () => {
    expect(isOutOfMemory(new Error('Failed to allocate buffer of 1 GB'))).toBe(true);
    expect(isOutOfMemory(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isOutOfMemory(new Error('shape mismatch'))).toBe(false);
    expect(() => validateTrainerSettings({ ...settings, modelId: 'x' as 'mnist-mlp' })).toThrow(
      /modelId must be one of mnist-mlp, .*; got x\./,
    );
  });
});

describe('trainer runtime faults', () => {
  it('turns an allocation failure into an out-of-memory error with a smaller batch size', async () => {
    const events: TrainerEvent[] = [];
    const runtime = createTrainerRuntime({
      where: 'worker',
      post: (e) => events.push(e),
      checkpoints: createMemoryCheckpointStore(),
      loadData: async () => {
        throw new RangeError('Array buffer allocation failed');
      },
    });
    await runtime.handle({ type: 'init', dataUrl: 'x' });
    await runtime.handle({ type: 'start', settings: { ...settings, batchSize: 256 } });
    await runtime.idle();
    expect(events.find((e) => e.type === 'error')).toMatchObject({
      code: 'out-of-memory',
      suggestedBatchSize: 128,
      fatal: true,
    });
    expect(events.at(-1)).toEqual({ type: 'status', state: 'error' });
  });

  it('handles commands in order, so a reset sent before a start cannot wipe the new run', async () => {
    const { runtime, of, checkpoints } = setup();
    await runtime.handle({ type: 'init', dataUrl: 'x' });
    await runtime.handle({ type: 'start', settings: { ...settings, epochs: 1 } });
    await runtime.idle();
    const reset = runtime.handle({ type: 'reset' });
    const start = runtime.handle({ type: 'start', settings: { ...settings, epochs: 1, seed: 2 } });
    await Promise.all([reset, start]);
    await runtime.idle();
    expect(of('finished')).toHaveLength(2);
    expect((await checkpoints.list()).map((c) => c.settings.seed)).toEqual([2]);
    await runtime.handle({ type: 'dispose' });
  });
});

describe('trainer runtime: leaving during data loading', () => {
  it.each(['reset', 'dispose'] as const)(
    'a %s while the data loads ends the run as stopped, with no error and no tensor left',
    async (command) => {
      await tf.setBackend('cpu');
      const before = tf.memory().numTensors;
      const events: TrainerEvent[] = [];
      let loading: () => void = () => {};
      const started = new Promise<void>((resolve) => {
        loading = resolve;
      });
      // A load that only ends when the run aborts it, as a slow network would.
      const slowLoad: LoadData = (_dataset, _split, { signal }) =>
        new Promise((_resolve, reject) => {
          loading();
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      const runtime = createTrainerRuntime({
        where: 'worker',
        post: (e) => events.push(e),
        checkpoints: createMemoryCheckpointStore(),
        loadData: slowLoad,
      });
      await runtime.handle({ type: 'init', dataUrl: 'x' });
      await runtime.handle({ type: 'start', settings });
      await started;
      expect(events.filter((e) => e.type === 'status').at(-1)).toEqual({
        type: 'status',
        state: 'loading-data',
      });
      await runtime.handle({ type: command });
      await runtime.idle();
      expect(events.filter((e) => e.type === 'error')).toEqual([]);
      expect(events.find((e) => e.type === 'finished')).toEqual({
        type: 'finished',
        reason: 'stopped',
        epochsDone: 0,
        step: 0,
      });
      expect(events.map((e) => (e.type === 'status' ? e.state : null)).filter(Boolean)).not.toContain(
        'error',
      );
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});

describe('trainer runtime: resuming a checkpoint', () => {
  async function trainedWeights(plan: { epochs: number; resume: boolean }[]) {
    const { runtime, of, checkpoints } = setup();
    await runtime.handle({ type: 'init', dataUrl: 'x' });
    for (const { epochs, resume } of plan) {
      await runtime.handle({ type: 'start', settings: { ...resumable, epochs }, resume });
      await runtime.idle();
    }
    const saved = await checkpoints.load('mnist-mlp');
    await runtime.handle({ type: 'dispose' });
    return { weights: new Float32Array(saved?.weightData ?? new ArrayBuffer(0)), progress: of('progress') };
  }
  // Adam and a step schedule (halved each epoch): both must carry over for the runs to agree.
  const resumable: TrainerSettings = {
    ...settings,
    optimizer: 'adam',
    lrSchedule: 'step',
    learningRate: 0.01,
  };

  it('continues Adam and the learning-rate schedule, matching an uninterrupted run of the same seed', async () => {
    const whole = await trainedWeights([{ epochs: 3, resume: false }]);
    const split = await trainedWeights([
      { epochs: 1, resume: false },
      { epochs: 3, resume: true },
    ]);
    expect(split.progress.map((p) => [p.step, p.learningRate])).toEqual(
      whole.progress.map((p) => [p.step, p.learningRate]),
    );
    expect(split.weights.length).toBe(12_730);
    let largest = 0;
    for (let i = 0; i < whole.weights.length; i++) {
      largest = Math.max(largest, Math.abs((whole.weights[i] ?? 0) - (split.weights[i] ?? 0)));
    }
    expect(largest).toBeLessThan(1e-5);
  });

  it('keeps the optimizer state in the checkpoint and frees it with the run', async () => {
    const before = tf.memory().numTensors;
    const { runtime, checkpoints } = setup();
    await runtime.handle({ type: 'init', dataUrl: 'x' });
    await runtime.handle({ type: 'start', settings: { ...resumable, epochs: 1 } });
    await runtime.idle();
    const saved = await checkpoints.load('mnist-mlp');
    // Iteration count, then Adam's first and second moment per trainable weight (4 of them).
    expect(saved?.optimizer?.name).toBe('adam');
    expect(saved?.optimizer?.weightSpecs.map((s) => s.name)).toHaveLength(1 + 2 * 4);
    await runtime.handle({ type: 'start', settings: { ...resumable, epochs: 2 }, resume: true });
    await runtime.idle();
    await runtime.handle({ type: 'reset' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
