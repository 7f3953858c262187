import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildBatch,
  createRandom,
  prepareFloatImage,
  shuffledIndices,
  takeSubset,
} from '../../src/lib/ml/batches';
import { createMnistMlp, createModel } from '../../src/lib/ml/models';
import { syntheticImages } from '../../src/lib/ml/synthetic';
import { type BatchInfo, evaluate, learningRateAt, TrainingController, train } from '../../src/lib/ml/train';

/** A controller that says when the training loop next asks for its turn (it then waits, if paused). */
class TurnWatchingController extends TrainingController {
  private askedListeners: (() => void)[] = [];
  nextTurnAsked(): Promise<void> {
    return new Promise((resolve) => this.askedListeners.push(resolve));
  }
  override waitForTurn(signal?: AbortSignal): Promise<void> {
    for (const listener of this.askedListeners.splice(0)) listener();
    return super.waitForTurn(signal);
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const mnistLike = syntheticImages(200, [28, 28, 1], 1);
const heldOutLike = syntheticImages(50, [28, 28, 1], 2);

describe('batches', () => {
  it('shuffles reproducibly per (seed, epoch) and covers every index once', () => {
    const a = shuffledIndices(100, 5, 0);
    expect(shuffledIndices(100, 5, 0)).toEqual(a);
    expect(shuffledIndices(100, 5, 1)).not.toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('centre-crops 32×32 colour images to 24×24 and standardises each image', () => {
    const data = syntheticImages(2, [32, 32, 3], 3);
    const out = buildBatch(data, [1], { inputShape: [24, 24, 3], augment: false });
    expect(out.length).toBe(24 * 24 * 3);
    const mean = out.reduce((a, b) => a + b, 0) / out.length;
    const std = Math.sqrt(out.reduce((a, b) => a + (b - mean) ** 2, 0) / out.length);
    expect(mean).toBeCloseTo(0, 4);
    expect(std).toBeCloseTo(1, 3);
  });

  it('flips and crops the same way for the same seed', () => {
    const data = syntheticImages(4, [32, 32, 3], 4);
    const a = buildBatch(data, [0, 1, 2, 3], {
      inputShape: [24, 24, 3],
      augment: true,
      random: createRandom(9),
    });
    const b = buildBatch(data, [0, 1, 2, 3], {
      inputShape: [24, 24, 3],
      augment: true,
      random: createRandom(9),
    });
    const centre = buildBatch(data, [0, 1, 2, 3], { inputShape: [24, 24, 3], augment: false });
    expect(a).toEqual(b);
    expect(a).not.toEqual(centre);
  });

  it('scales grey pixels to [0, 1] and prepares a drawn digit like a test image', () => {
    const out = buildBatch(mnistLike, [0], { inputShape: [28, 28, 1], augment: false });
    expect(out[0]).toBeCloseTo((mnistLike.images[0] as number) / 255, 6);
    const drawn = new Float32Array(784).fill(0);
    drawn[5] = 1;
    const prepared = prepareFloatImage(drawn, [28, 28, 1], [28, 28, 1]);
    expect(prepared[5]).toBe(1);
    expect(() => prepareFloatImage(new Float32Array(10), [28, 28, 1], [28, 28, 1])).toThrow(
      /Expected 784 pixel values/,
    );
  });

  it('rejects a model input that does not fit the images', () => {
    expect(() => buildBatch(mnistLike, [0], { inputShape: [24, 24, 3], augment: false })).toThrow(
      /Model input 24×24×3 does not fit images of 28×28×1/,
    );
    expect(() => takeSubset(mnistLike, 0)).toThrow(/positive integer or null/);
    expect(takeSubset(mnistLike, 20).count).toBe(20);
  });
});

describe('learning-rate schedules', () => {
  it('keeps, halves per epoch, or cosine-decays the rate', () => {
    expect(learningRateAt('constant', 0.1, 50, 10, 100)).toBe(0.1);
    expect(learningRateAt('step', 0.1, 9, 10, 100)).toBe(0.1);
    expect(learningRateAt('step', 0.1, 25, 10, 100)).toBeCloseTo(0.025, 10);
    expect(learningRateAt('cosine', 0.1, 0, 10, 101)).toBeCloseTo(0.1, 10);
    // Halfway: min + (base − min)/2 = 0.001 + 0.0495.
    expect(learningRateAt('cosine', 0.1, 50, 10, 101)).toBeCloseTo(0.0505, 10);
    expect(learningRateAt('cosine', 0.1, 100, 10, 101)).toBeCloseTo(0.001, 10);
  });
});

describe('train', () => {
  it('lowers the loss of a seeded tiny run and reproduces it exactly from the seed', async () => {
    const run = async () => {
      const model = createMnistMlp({ seed: 1, units: [16] });
      const losses: number[] = [];
      await train(model, mnistLike, {
        epochs: 4,
        batchSize: 20,
        learningRate: 0.01,
        seed: 1,
        inputShape: [28, 28, 1],
        onEpochEnd: (e) => {
          losses.push(e.loss);
        },
      });
      model.dispose();
      return losses;
    };
    const losses = await run();
    expect(losses).toHaveLength(4);
    expect(losses[3]).toBeLessThan((losses[0] as number) * 0.5);
    expect(await run()).toEqual(losses);
  });

  it('keeps the tensor count flat across epochs and frees the optimizer at the end', async () => {
    const before = tf.memory().numTensors;
    const model = createModel('cifar-modern', { seed: 2, filters: [4] });
    const afterBuild = tf.memory().numTensors;
    const atEpochEnd: number[] = [];
    await train(model, syntheticImages(16, [32, 32, 3], 5), {
      epochs: 3,
      batchSize: 8,
      learningRate: 0.01,
      seed: 2,
      inputShape: [24, 24, 3],
      augment: true,
      validationData: syntheticImages(8, [32, 32, 3], 6),
      evaluateEvery: 1,
      onEpochEnd: () => {
        atEpochEnd.push(tf.memory().numTensors);
      },
    });
    expect(new Set(atEpochEnd).size).toBe(1);
    expect(tf.memory().numTensors).toBe(afterBuild);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops on abort, resolving with stopped: true', async () => {
    const model = createMnistMlp({ seed: 1, units: [8] });
    const controller = new AbortController();
    const batches: BatchInfo[] = [];
    const result = await train(model, mnistLike, {
      epochs: 5,
      batchSize: 10,
      learningRate: 0.01,
      seed: 1,
      inputShape: [28, 28, 1],
      signal: controller.signal,
      onBatchEnd: (b) => {
        batches.push(b);
        if (b.step === 3) controller.abort();
      },
    });
    expect(result).toEqual({ epochsDone: 0, step: 3, stopped: true });
    expect(batches).toHaveLength(3);
    model.dispose();
  });

  it('pauses, runs single steps while paused, and resumes', async () => {
    const model = createMnistMlp({ seed: 1, units: [8] });
    const control = new TurnWatchingController();
    const steps: number[] = [];
    control.pause();
    let asked = control.nextTurnAsked();
    const done = train(model, takeSubset(mnistLike, 40), {
      epochs: 1,
      batchSize: 10,
      learningRate: 0.01,
      seed: 1,
      inputShape: [28, 28, 1],
      controller: control,
      onBatchEnd: (b) => {
        steps.push(b.step);
      },
    });
    // The loop waits for its first turn, paused: nothing has run.
    await asked;
    expect(steps).toEqual([]);
    asked = control.nextTurnAsked();
    control.step();
    // One step ran and the loop is waiting again: exactly one batch.
    await asked;
    expect(steps).toEqual([1]);
    control.resume();
    const result = await done;
    expect(steps).toEqual([1, 2, 3, 4]);
    expect(result.stopped).toBe(false);
    model.dispose();
  });

  it('resumes at a later epoch with the step count carried on', async () => {
    const model = createMnistMlp({ seed: 1, units: [8] });
    const result = await train(model, takeSubset(mnistLike, 40), {
      epochs: 3,
      batchSize: 10,
      learningRate: 0.01,
      seed: 1,
      inputShape: [28, 28, 1],
      startEpoch: 2,
    });
    expect(result).toEqual({ epochsDone: 3, step: 12, stopped: false });
    model.dispose();
  });

  it('reports validation metrics apart from training metrics, live and at epoch end', async () => {
    const model = createMnistMlp({ seed: 1, units: [16] });
    const sources: string[] = [];
    let last: Awaited<ReturnType<typeof evaluate>> | null = null;
    let epochValidationAccuracy: number | null = null;
    await train(model, mnistLike, {
      epochs: 2,
      batchSize: 20,
      learningRate: 0.01,
      seed: 1,
      inputShape: [28, 28, 1],
      validationData: heldOutLike,
      evaluateEvery: 5,
      gallerySize: 4,
      onEvaluation: (e) => {
        sources.push(`${e.source}@${e.step}`);
        last = e.result;
      },
      onEpochEnd: (e) => {
        epochValidationAccuracy = e.validationAccuracy;
      },
    });
    // 10 steps per epoch: live at 5 and 15, epoch-end at 10 and 20.
    expect(sources).toEqual(['live@5', 'epoch@10', 'live@15', 'epoch@20']);
    const result = last as unknown as Awaited<ReturnType<typeof evaluate>>;
    expect(result.count).toBe(50);
    expect(result.confusion.flat().reduce((a, b) => a + b, 0)).toBe(50);
    expect(result.perClass.map((c) => c.support)).toEqual(new Array(10).fill(5));
    expect(result.topK.map((t) => t.k)).toEqual([1, 3, 5]);
    expect(result.topK[0]?.accuracy).toBe(result.accuracy);
    expect(result.topK[2]?.accuracy).toBeGreaterThanOrEqual(result.accuracy);
    expect(result.gallery.map((g) => g.index)).toEqual([0, 12, 25, 37]);
    expect(result.gallery[0]?.top3).toHaveLength(3);
    expect(result.gallery[0]?.pixels.length).toBe(784);
    expect(epochValidationAccuracy).toBe(result.accuracy);
    expect(result.accuracy).toBeGreaterThan(0.5);
    model.dispose();
  });

  it('scores with test-time flip as the mean of the image and its mirror, the same for a mirrored split', async () => {
    const model = createModel('cifar-fast', { seed: 3, filters: [4, 4, 4] });
    const data = syntheticImages(20, [32, 32, 3], 4);
    // Every image mirrored left-right: its centre crop is the mirror of the original's.
    const mirrored = { ...data, images: new Uint8Array(data.images.length) };
    for (let i = 0; i < data.count; i++) {
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) {
          for (let k = 0; k < 3; k++) {
            mirrored.images[((i * 32 + y) * 32 + x) * 3 + k] = data.images[
              ((i * 32 + y) * 32 + 31 - x) * 3 + k
            ] as number;
          }
        }
      }
    }
    const inputShape: [number, number, number] = [24, 24, 3];
    const indices = Array.from({ length: data.count }, (_, i) => i);
    const probsOf = (split: typeof data) =>
      tf.tidy(() =>
        (
          model.predict(
            tf.tensor4d(buildBatch(split, indices, { inputShape, augment: false }), [20, 24, 24, 3]),
          ) as tf.Tensor
        ).arraySync(),
      ) as number[][];
    const plain = probsOf(data);
    const mirror = probsOf(mirrored);
    const meanLoss =
      -data.labels.reduce((sum, label, i) => {
        const p = ((plain[i]?.[label] as number) + (mirror[i]?.[label] as number)) / 2;
        return sum + Math.log(p);
      }, 0) / data.count;

    const flipped = await evaluate(model, data, { inputShape, flip: true, gallerySize: 0 });
    const unflipped = await evaluate(model, data, { inputShape, gallerySize: 0 });
    expect(flipped.loss).toBeCloseTo(meanLoss, 4);
    expect(Math.abs(flipped.loss - unflipped.loss)).toBeGreaterThan(1e-4);
    const flippedMirror = await evaluate(model, mirrored, { inputShape, flip: true, gallerySize: 0 });
    expect(flippedMirror.loss).toBeCloseTo(flipped.loss, 5);
    expect(flippedMirror.confusion).toEqual(flipped.confusion);
    model.dispose();
  });

  it('stops the evaluator on abort with an AbortError', async () => {
    const model = createMnistMlp({ seed: 1, units: [8] });
    const controller = new AbortController();
    const running = evaluate(model, syntheticImages(100, [28, 28, 1], 3), {
      inputShape: [28, 28, 1],
      batchSize: 10,
      signal: controller.signal,
    });
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    model.dispose();
  });

  it('rejects bad settings with the value and a fix', async () => {
    const model = createMnistMlp({ seed: 1, units: [8] });
    const base = {
      epochs: 1,
      batchSize: 10,
      learningRate: 0.01,
      seed: 1,
      inputShape: [28, 28, 1] as [number, number, number],
    };
    await expect(train(model, mnistLike, { ...base, batchSize: 0 })).rejects.toThrow(
      /batchSize must be an integer from 1 to 1024; got 0\./,
    );
    await expect(train(model, mnistLike, { ...base, learningRate: -1 })).rejects.toThrow(
      /learningRate must be a number from 0\.00001 to 1; got -1\./,
    );
    model.dispose();
  });
});
