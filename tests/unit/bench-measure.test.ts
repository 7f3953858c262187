import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { measureForward, measurePresetRun, measureThroughput } from '../../src/lib/bench/measure';
import { validationSizeFor } from '../../src/lib/ml/holdout';
import { getPreset } from '../../src/lib/ml/presets';
import { syntheticImages } from '../../src/lib/ml/synthetic';
import { toRunSettings } from '../../src/lib/trainer-view/settings';

// Node has only the cpu backend: slow, so tiny batches and few steps.
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('the benchmark’s measurements', () => {
  it('times training at the asked batch after a warm-up on a smaller one, and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const r = await measureThroughput({
      model: 'mnist-mlp',
      backend: 'cpu',
      batchSize: 8,
      warmupSteps: 1,
      warmupBatchSize: 2,
      maxSteps: 2,
      maxSeconds: 30,
    });
    expect(r).toMatchObject({
      model: 'mnist-mlp',
      backend: 'cpu',
      mode: 'train',
      threads: 1,
      batchSize: 8,
      steps: 2,
    });
    // `seconds` is rounded to the millisecond, so the rate can only be checked within that rounding.
    expect(r.imagesPerSecond).toBeGreaterThanOrEqual((2 * 8) / (r.seconds + 0.0005) - 0.05);
    expect(r.imagesPerSecond).toBeLessThanOrEqual((2 * 8) / Math.max(r.seconds - 0.0005, 1e-6) + 0.05);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('times prediction alone, as a forward row', async () => {
    const before = tf.memory().numTensors;
    const r = await measureForward({
      model: 'mnist-mlp',
      backend: 'cpu',
      batchSize: 8,
      warmupSteps: 1,
      maxSteps: 3,
    });
    expect(r).toMatchObject({ mode: 'forward', batchSize: 8, steps: 3 });
    expect(r.imagesPerSecond).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes a first step longer than singleStepAbove as the whole measurement', async () => {
    const options = {
      model: 'mnist-mlp',
      backend: 'cpu',
      batchSize: 8,
      warmupSteps: 2,
      maxSteps: 5,
      singleStepAbove: 0,
    } as const;
    expect((await measureThroughput(options)).steps).toBe(1);
    expect((await measureForward(options)).steps).toBe(1);
  });

  it('runs a preset as the trainer does: its subset less the held-out validation images, every epoch, both scores', async () => {
    const before = tf.memory().numTensors;
    // The `cnn` preset's recipe (epochs, schedule, smoothing) on a small subset, so the cpu backend finishes quickly.
    const settings = {
      ...toRunSettings(getPreset('mnist', 'cnn').settings),
      modelId: 'mnist-mlp' as const,
      trainSubset: 300,
      batchSize: 50,
    };
    const train = syntheticImages(400, [28, 28, 1]);
    const test = syntheticImages(40, [28, 28, 1]);
    const r = await measurePresetRun({ preset: 'cnn', settings, backend: 'cpu', train, test });
    const held = validationSizeFor(300);
    expect(r).toMatchObject({
      preset: 'cnn',
      model: 'mnist-mlp',
      epochs: settings.epochs,
      batchSize: 50,
      lrSchedule: settings.lrSchedule,
      labelSmoothing: settings.labelSmoothing,
      trainImages: 300 - held,
      validationImages: held,
      testImages: 40,
    });
    // `trainSeconds` is rounded to 10 ms: the rate matches within that rounding.
    const images = (300 - held) * settings.epochs;
    expect(r.imagesPerSecond).toBeGreaterThanOrEqual(images / (r.trainSeconds + 0.005) - 0.05);
    expect(r.imagesPerSecond).toBeLessThanOrEqual(images / Math.max(r.trainSeconds - 0.005, 1e-6) + 0.05);
    expect(r.validationAccuracy).toBeGreaterThanOrEqual(0);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
