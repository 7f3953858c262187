import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { measureForward, measureThroughput } from '../../src/lib/bench/measure';

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
    expect(r.imagesPerSecond).toBeCloseTo((2 * 8) / r.seconds, 0);
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
});
